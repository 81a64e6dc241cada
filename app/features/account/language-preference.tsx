import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../../domain/locale.js';
import { useChanged } from '../../api/changes.js';
import type { Viewer } from '../../api/session.js';
import { setLocale } from '../../i18n/i18n.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { savePreferences } from './account-language.js';

/** The practice's language, in the choice's value: the person has not chosen their own. */
const PRACTICE = 'practice';

/**
 * The account page's "Language": the language Hearth speaks to this person on every device and in
 * their e-mails, or the practice's own. Saving switches the page at once.
 */
export function LanguagePreference({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const changed = useChanged();
  const [choice, setChoice] = useState<Locale | typeof PRACTICE>(viewer.locale ?? PRACTICE);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => savePreferences({ locale: choice === PRACTICE ? null : choice }),
    onSuccess: async (preferences) => {
      // "The practice's language" is a choice to follow it: this device stops holding its own.
      await setLocale(
        preferences.locale ?? viewer.practiceDefaultLocale,
        preferences.locale ? { remember: true } : { forget: true },
      );
      setSaved(true);
      await changed('session');
    },
  });
  const problems = formProblems(save.error, { locale: t('languagePreference.legend') });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <section className="card" aria-labelledby="language-heading">
      <h2 id="language-heading">{t('languagePreference.heading')}</h2>
      <p>{t('languagePreference.intro')}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        {problems && (
          <ProblemSummary
            title={t('languagePreference.notSaved')}
            message={problems.message}
            fields={problems.fields}
          />
        )}
        <fieldset className="field" id="field-locale">
          <legend>{t('languagePreference.legend')}</legend>
          {LOCALES.map((locale) => (
            <label className="radio" key={locale}>
              <input
                type="radio"
                name="locale"
                value={locale}
                checked={choice === locale}
                onChange={() => setChoice(locale)}
              />
              <span lang={locale}>{LOCALE_NAMES[locale]}</span>
            </label>
          ))}
          <label className="radio">
            <input
              type="radio"
              name="locale"
              value={PRACTICE}
              checked={choice === PRACTICE}
              onChange={() => setChoice(PRACTICE)}
            />
            {t('languagePreference.practice', {
              practice: viewer.practice.name,
              language: LOCALE_NAMES[viewer.practiceDefaultLocale],
            })}
          </label>
        </fieldset>
        <div role="status">{saved && <p className="notice notice--success">{t('languagePreference.saved')}</p>}</div>
        <SubmitButton pending={save.isPending}>{t('languagePreference.save')}</SubmitButton>
      </form>
    </section>
  );
}
