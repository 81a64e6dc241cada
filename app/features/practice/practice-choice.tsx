import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CRISIS_COUNTRIES, crisisCountries } from '../../../domain/crisis-resources.js';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../../domain/locale.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { Viewer } from '../../api/session.js';
import type { MessageKey } from '../../i18n/message-key.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';

interface Choice {
  value: string;
  label: string;
  /** The language the label is written in, when it is not the page's. */
  lang?: string;
}

/** The words of one setting, by catalog key. */
interface Words {
  heading: MessageKey;
  intro: MessageKey;
  legend: MessageKey;
  notSaved: MessageKey;
  save: MessageKey;
  saved: MessageKey;
}

/**
 * One setting of the practice chosen from a short list and saved on its own (PUT `path` with
 * `{ [field]: value }`): the practice's language and its country, on the settings page.
 */
function PracticeChoice({
  field,
  path,
  initial,
  choices,
  words,
}: {
  field: string;
  path: string;
  initial: string;
  choices: Choice[];
  words: Words;
}) {
  const t = useT();
  const changed = useChanged();
  const [choice, setChoice] = useState(initial);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => api(path, { method: 'PUT', body: { [field]: choice } }),
    onSuccess: async () => {
      setSaved(true);
      await changed('session', 'practice');
    },
  });
  const problems = formProblems(save.error, { [field]: t(words.legend) });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const headingId = `${field}-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t(words.heading)}</h2>
      <p>{t(words.intro)}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        {problems && <ProblemSummary title={t(words.notSaved)} message={problems.message} fields={problems.fields} />}
        <fieldset className="field" id={`field-${field}`}>
          <legend>{t(words.legend)}</legend>
          {choices.map((c) => (
            <label className="radio" key={c.value}>
              <input
                type="radio"
                name={field}
                value={c.value}
                checked={choice === c.value}
                onChange={() => setChoice(c.value)}
              />
              <span lang={c.lang}>{c.label}</span>
            </label>
          ))}
        </fieldset>
        <div role="status">{saved && <p className="notice notice--success">{t(words.saved)}</p>}</div>
        <SubmitButton pending={save.isPending}>{t(words.save)}</SubmitButton>
      </form>
    </section>
  );
}

/**
 * The language a practice's people read Hearth and their e-mails in until they choose their own,
 * set by its owners and admins on the settings page.
 */
export function DefaultLanguage({ viewer }: { viewer: Viewer }) {
  return (
    <PracticeChoice
      field="defaultLocale"
      path="/api/practice/default-locale"
      initial={viewer.practiceDefaultLocale}
      choices={LOCALES.map((locale: Locale) => ({ value: locale, label: LOCALE_NAMES[locale], lang: locale }))}
      words={{
        heading: 'defaultLanguage.heading',
        intro: 'defaultLanguage.intro',
        legend: 'defaultLanguage.legend',
        notSaved: 'defaultLanguage.notSaved',
        save: 'defaultLanguage.save',
        saved: 'defaultLanguage.saved',
      }}
    />
  );
}

/** The country a practice works in, where everyone's crisis lines start (PRODUCT.md §5). */
export function PracticeCountry({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const names = new Map(crisisCountries(t.locale).map((c) => [c.country, c.name]));
  return (
    <PracticeChoice
      field="country"
      path="/api/practice/country"
      initial={viewer.practiceCountry}
      choices={CRISIS_COUNTRIES.map((country) => ({ value: country, label: names.get(country) ?? country }))}
      words={{
        heading: 'practiceCountry.heading',
        intro: 'practiceCountry.intro',
        legend: 'practiceCountry.legend',
        notSaved: 'practiceCountry.notSaved',
        save: 'practiceCountry.save',
        saved: 'practiceCountry.saved',
      }}
    />
  );
}
