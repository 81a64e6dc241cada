import type { ReadableInstrument } from '../../../domain/instruments.js';
import type { FormDetail } from '../../api/measures.js';
import { useT } from '../../i18n/use-t.js';

/**
 * A questionnaire in the reader's language when it can be read in it (a published translation, or
 * Hearth's own words for Hearth's scales), else in its original (decision 0036). Switching language
 * in the footer re-reads it in place; answers are kept by item id, so nothing chosen is lost.
 */
export function useQuestionnaire(instrument: FormDetail['instrument']): ReadableInstrument {
  const t = useT();
  const own = instrument.versions[t.locale];
  if (own) return own;
  const original = instrument.versions[instrument.language]!;
  return { ...original, inRequestedLanguage: false, title: instrument.titles[t.locale] ?? original.title };
}

/**
 * Said in the reader's own language when the questions are not in it: a validated questionnaire
 * has no published translation we ship, or a practice wrote its own in another language.
 */
export function NotInYourLanguage({ shown, validated }: { shown: ReadableInstrument; validated: boolean }) {
  const t = useT();
  if (shown.inRequestedLanguage) return null;
  const language = new Intl.DisplayNames([t.locale], { type: 'language' }).of(shown.language) ?? shown.language;
  return (
    <p className="hint">
      {t(validated ? 'questionnaireLanguage.noPublishedTranslation' : 'questionnaireLanguage.asWritten', {
        language,
      })}
    </p>
  );
}
