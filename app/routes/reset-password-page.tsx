import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { PasswordLimit } from '../../domain/limits.js';
import { api } from '../api/client.js';
import { useT } from '../i18n/use-t.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { TextField } from '../ui/text-field.js';
import { SubmitButton } from '../ui/submit-button.js';

/** Choose a new password with the link from the e-mail (the token is after '#'). */
export function ResetPasswordPage() {
  const t = useT();
  usePageTitle(t('resetPassword.title'));
  const token = useLocation().hash.replace(/^#/, '');
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => api<void>('/api/password-reset/complete', { method: 'POST', body: { token, password } }),
  });
  const problems = formProblems(reset.error, { password: t('resetPassword.password'), token: t('resetPassword.link') });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate();
  };
  if (reset.isSuccess) {
    return (
      <>
        <h1>{t('resetPassword.changed')}</h1>
        <div className="notice notice--success" role="status">
          <p>{t('resetPassword.signedOut')}</p>
        </div>
        <p>
          <Link to="/sign-in">{t('resetPassword.signIn')}</Link>
        </p>
      </>
    );
  }
  if (!token) {
    return (
      <>
        <h1>{t('resetPassword.incomplete')}</h1>
        <p>{t('resetPassword.incompleteDetail')}</p>
        <p>
          <Link to="/forgot-password">{t('resetPassword.askAgain')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t('resetPassword.title')}</h1>
      {problems && (
        <ProblemSummary title={t('resetPassword.checkForm')} message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label={t('resetPassword.password')}
          name="password"
          type="password"
          hint={t('resetPassword.passwordHint', { min: PasswordLimit.min })}
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          problem={problems?.byField.password}
        />
        <SubmitButton pending={reset.isPending} pendingLabel={t('resetPassword.saving')}>
          {t('resetPassword.submit')}
        </SubmitButton>
      </form>
    </>
  );
}
