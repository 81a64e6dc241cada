import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../../domain/locale.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { Viewer } from '../../api/session.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';

/**
 * The language a practice's people read Hearth and their e-mails in until they choose their own,
 * set by its owners and admins on the settings page.
 */
export function DefaultLanguage({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const changed = useChanged();
  const [choice, setChoice] = useState<Locale>(viewer.practiceDefaultLocale);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<{ defaultLocale: Locale }>('/api/practice/default-locale', {
        method: 'PUT',
        body: { defaultLocale: choice },
      }),
    onSuccess: async () => {
      setSaved(true);
      await changed('session', 'practice');
    },
  });
  const problems = formProblems(save.error, { defaultLocale: t('defaultLanguage.legend') });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <section className="card" aria-labelledby="default-language-heading">
      <h2 id="default-language-heading">{t('defaultLanguage.heading')}</h2>
      <p>{t('defaultLanguage.intro')}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        {problems && (
          <ProblemSummary title={t('defaultLanguage.notSaved')} message={problems.message} fields={problems.fields} />
        )}
        <fieldset className="field" id="field-defaultLocale">
          <legend>{t('defaultLanguage.legend')}</legend>
          {LOCALES.map((locale) => (
            <label className="radio" key={locale}>
              <input
                type="radio"
                name="defaultLocale"
                value={locale}
                checked={choice === locale}
                onChange={() => setChoice(locale)}
              />
              <span lang={locale}>{LOCALE_NAMES[locale]}</span>
            </label>
          ))}
        </fieldset>
        <div role="status">{saved && <p className="notice notice--success">{t('defaultLanguage.saved')}</p>}</div>
        <SubmitButton pending={save.isPending}>{t('defaultLanguage.save')}</SubmitButton>
      </form>
    </section>
  );
}
