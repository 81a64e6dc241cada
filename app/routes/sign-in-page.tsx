import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { queryKeys, useSetupStatus, useViewer, type Viewer } from '../api/session.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { TextField } from '../ui/text-field.js';
import { formProblems } from '../ui/form-problems.js';

const LABELS = { email: 'E-mail address', password: 'Password' };

/** Sign in with e-mail and password. */
export function SignInPage() {
  usePageTitle('Sign in');
  const setupStatus = useSetupStatus();
  const viewer = useViewer();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({ email: '', password: '' });
  const signIn = useMutation({
    mutationFn: (body: typeof form) => api<Viewer>('/api/session', { method: 'POST', body }),
    onSuccess: (signedIn) => {
      queryClient.setQueryData(queryKeys.session, signedIn);
      void navigate('/', { replace: true });
    },
  });

  if (setupStatus.data?.needed) return <Navigate to="/setup" replace />;
  if (viewer.data && !signIn.isPending) return <Navigate to="/" replace />;

  const problems = formProblems(signIn.error, LABELS);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(form);
  };

  return (
    <>
      <h1>Sign in</h1>
      <p className="lead">Welcome back. Sign in to continue to your practice.</p>
      {problems && (
        <ProblemSummary title="We could not sign you in" message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label={LABELS.email}
          name="email"
          type="email"
          autoComplete="username"
          spellCheck={false}
          required
          value={form.email}
          onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
          problem={problems?.byField.email}
        />
        <TextField
          label={LABELS.password}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={form.password}
          onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
          problem={problems?.byField.password}
        />
        <button className="button" type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </>
  );
}
