import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { CRISIS_COUNTRIES, crisisCountries, crisisResourcesFor } from '../../domain/crisis-resources.js';
import { PasswordLimit, PracticeNameLimit } from '../../domain/limits.js';
import { api } from '../api/client.js';
import { queryKeys, useSetupStatus, type Viewer } from '../api/session.js';
import { useT } from '../i18n/use-t.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { FieldFrame } from '../ui/field-frame.js';
import { TextField } from '../ui/text-field.js';
import { formProblems } from '../ui/form-problems.js';
import { SubmitButton } from '../ui/submit-button.js';

/** First run: create the practice and the owner's account. */
export function SetupPage() {
  const t = useT();
  usePageTitle(t('setup.title'));
  const LABELS = {
    practiceName: t('setup.practiceName'),
    ownerName: t('setup.ownerName'),
    email: t('setup.email'),
    password: t('setup.password'),
    country: t('setup.country'),
  };
  const status = useSetupStatus();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    practiceName: '',
    ownerName: '',
    email: '',
    password: '',
    // The browser's region is a first guess the owner confirms (en-GB → the United Kingdom).
    country: crisisResourcesFor(navigator.language.split('-')[1]).country,
  });
  const setup = useMutation({
    mutationFn: (body: typeof form) => api<Viewer>('/api/setup', { method: 'POST', body }),
    onSuccess: (viewer) => {
      queryClient.setQueryData(queryKeys.session, viewer);
      queryClient.setQueryData(queryKeys.setup, { needed: false });
      // The owner sees clinical data, so two-step sign-in comes next.
      void navigate('/security/two-step', { replace: true });
    },
  });

  if (status.data && !status.data.needed && !setup.isSuccess) return <Navigate to="/sign-in" replace />;

  const problems = formProblems(setup.error, LABELS);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate(form);
  };
  const bind = (name: keyof typeof form) => ({
    name,
    value: form[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setForm((f) => ({ ...f, [name]: e.target.value })),
    problem: problems?.byField[name],
  });
  const names = new Map(crisisCountries(t.locale).map((c) => [c.country, c.name]));

  return (
    <>
      <h1>{t('setup.title')}</h1>
      <p className="lead">{t('setup.lead')}</p>
      {problems && <ProblemSummary title={t('setup.checkForm')} message={problems.message} fields={problems.fields} />}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label={LABELS.practiceName}
          autoComplete="organization"
          required
          maxLength={PracticeNameLimit.max}
          {...bind('practiceName')}
        />
        <TextField
          label={LABELS.ownerName}
          hint={t('setup.ownerNameHint')}
          autoComplete="name"
          required
          {...bind('ownerName')}
        />
        <TextField
          label={LABELS.email}
          type="email"
          autoComplete="email"
          spellCheck={false}
          required
          {...bind('email')}
        />
        <TextField
          label={LABELS.password}
          type="password"
          hint={t('setup.passwordHint', { min: PasswordLimit.min })}
          autoComplete="new-password"
          required
          {...bind('password')}
        />
        <FieldFrame
          name="country"
          label={LABELS.country}
          hint={t('setup.countryHint')}
          problem={problems?.byField.country}
        >
          {(control) => (
            <select {...control} name="country" value={form.country} onChange={bind('country').onChange}>
              {CRISIS_COUNTRIES.map((country) => (
                <option key={country} value={country}>
                  {names.get(country) ?? country}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        <SubmitButton pending={setup.isPending} pendingLabel={t('setup.creating')}>
          {t('setup.submit')}
        </SubmitButton>
      </form>
    </>
  );
}
