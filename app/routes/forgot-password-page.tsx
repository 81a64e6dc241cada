import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { TextField } from '../ui/text-field.js';
import { SubmitButton } from '../ui/submit-button.js';

/** Ask for a link to choose a new password. */
export function ForgotPasswordPage() {
  usePageTitle('Forgot your password');
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => api<{ message: string }>('/api/password-reset', { method: 'POST', body: { email } }),
  });
  const problems = formProblems(request.error, { email: 'E-mail address' });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  if (request.isSuccess) {
    return (
      <>
        <h1>Check your e-mail</h1>
        <div className="notice notice--success" role="status">
          <p>{request.data.message}</p>
        </div>
        <p>If nothing arrives in a few minutes, check your spam folder, or ask your practice for help.</p>
        <p>
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Forgot your password</h1>
      <p className="lead">
        Enter the e-mail address you sign in with. We will send you a link to choose a new password.
      </p>
      {problems && <ProblemSummary title="Please check the form" message={problems.message} fields={problems.fields} />}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="E-mail address"
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
          <SubmitButton pending={request.isPending} pendingLabel="Sending…">
            Send me a link
          </SubmitButton>
          <Link to="/sign-in">Back to sign in</Link>
        </div>
      </form>
    </>
  );
}
