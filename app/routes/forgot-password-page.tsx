import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { useT } from '../i18n/use-t.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { TextField } from '../ui/text-field.js';
import { SubmitButton } from '../ui/submit-button.js';

/** Ask for a link to choose a new password. */
export function ForgotPasswordPage() {
  const t = useT();
  usePageTitle(t('forgotPassword.title'));
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => api<{ message: string }>('/api/password-reset', { method: 'POST', body: { email } }),
  });
  const problems = formProblems(request.error, { email: t('forgotPassword.email') });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  if (request.isSuccess) {
    return (
      <>
        <h1>{t('forgotPassword.checkEmail')}</h1>
        <div className="notice notice--success" role="status">
          <p>{request.data.message}</p>
        </div>
        <p>{t('forgotPassword.nothingArrived')}</p>
        <p>
          <Link to="/sign-in">{t('forgotPassword.back')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t('forgotPassword.title')}</h1>
      <p className="lead">{t('forgotPassword.lead')}</p>
      {problems && (
        <ProblemSummary title={t('forgotPassword.checkForm')} message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label={t('forgotPassword.email')}
          name="email"
          type="email"
          autoComplete="username"
          spellCheck={false}
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          problem={problems?.byField.email}
        />
        <div className="actions">
          <SubmitButton pending={request.isPending} pendingLabel={t('forgotPassword.sending')}>
            {t('forgotPassword.submit')}
          </SubmitButton>
          <Link to="/sign-in">{t('forgotPassword.back')}</Link>
        </div>
      </form>
    </>
  );
}
