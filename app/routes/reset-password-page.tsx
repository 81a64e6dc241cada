import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { PasswordLimit } from '../../domain/limits.js';
import { api } from '../api/client.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { TextField } from '../ui/text-field.js';
import { SubmitButton } from '../ui/submit-button.js';

/** Choose a new password with the link from the e-mail (the token is after '#'). */
export function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const token = useLocation().hash.replace(/^#/, '');
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => api<void>('/api/password-reset/complete', { method: 'POST', body: { token, password } }),
  });
  const problems = formProblems(reset.error, { password: 'New password', token: 'Reset link' });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate();
  };
  if (reset.isSuccess) {
    return (
      <>
        <h1>Your password is changed</h1>
        <div className="notice notice--success" role="status">
          <p>You have been signed out everywhere. Sign in with your new password.</p>
        </div>
        <p>
          <Link to="/sign-in">Sign in</Link>
        </p>
      </>
    );
  }
  if (!token) {
    return (
      <>
        <h1>This link is incomplete</h1>
        <p>Open the link from the e-mail again, or ask for a new one.</p>
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Choose a new password</h1>
      {problems && <ProblemSummary title="Please check the form" message={problems.message} fields={problems.fields} />}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="New password"
          name="password"
          type="password"
          hint={`At least ${PasswordLimit.min} characters. A few unrelated words work well.`}
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          problem={problems?.byField.password}
        />
        <SubmitButton pending={reset.isPending} pendingLabel="Saving…">
          Save new password
        </SubmitButton>
      </form>
    </>
  );
}
