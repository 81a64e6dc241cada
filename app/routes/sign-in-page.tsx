import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { queryKeys, useSetupStatus, useViewer, type SignInResult } from '../api/session.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { TextField } from '../ui/text-field.js';
import { formProblems } from '../ui/form-problems.js';
import { SubmitButton } from '../ui/submit-button.js';

const LABELS = { email: 'E-mail address', password: 'Password', code: 'Code' };

/** Sign in with e-mail and password, then, where it is on, a code from the authenticator app. */
export function SignInPage() {
  usePageTitle('Sign in');
  const setupStatus = useSetupStatus();
  const viewer = useViewer();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [form, setForm] = useState({ email: '', password: '' });
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);

  const finish = (result: SignInResult) => {
    if (result.status === 'signed-in') {
      queryClient.setQueryData(queryKeys.session, result.viewer);
      void navigate((location.state as { from?: string } | null)?.from ?? '/', { replace: true });
    }
  };
  const signIn = useMutation({
    mutationFn: (body: typeof form) => api<SignInResult>('/api/session', { method: 'POST', body }),
    onSuccess: finish,
  });
  const secondStep = useMutation({
    mutationFn: () =>
      api<SignInResult>('/api/session/second-factor', {
        method: 'POST',
        body: { code, kind: useRecovery ? 'recovery' : 'app' },
      }),
    onSuccess: finish,
  });

  if (setupStatus.data?.needed) return <Navigate to="/setup" replace />;
  if (viewer.data && !signIn.isPending && !secondStep.isPending) return <Navigate to="/" replace />;

  if (signIn.data?.status === 'second-factor-needed') {
    const problems = formProblems(secondStep.error, LABELS);
    const onSubmit = (event: FormEvent) => {
      event.preventDefault();
      secondStep.mutate();
    };
    return (
      <>
        <h1>Enter your code</h1>
        <p className="lead">
          {useRecovery
            ? 'Enter one of the recovery codes you saved when you set up two-step sign-in. Each code works once.'
            : 'Open your authenticator app and enter the six-digit code it shows for Hearth.'}
        </p>
        {problems && (
          <ProblemSummary title="We could not sign you in" message={problems.message} fields={problems.fields} />
        )}
        <form className="form" onSubmit={onSubmit} noValidate>
          <TextField
            label={useRecovery ? 'Recovery code' : 'Six-digit code'}
            name="code"
            inputMode={useRecovery ? 'text' : 'numeric'}
            autoComplete="one-time-code"
            spellCheck={false}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
            problem={problems?.byField.code}
          />
          <div className="actions">
            <SubmitButton pending={secondStep.isPending} pendingLabel="Checking…">
              Continue
            </SubmitButton>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setUseRecovery((r) => !r);
                setCode('');
                secondStep.reset();
              }}
            >
              {useRecovery ? 'Use the app instead' : 'Use a recovery code'}
            </button>
          </div>
        </form>
      </>
    );
  }

  const problems = formProblems(signIn.error, LABELS);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(form);
  };
  return (
    <>
      <h1>Sign in</h1>
      <p className="lead">Welcome. Sign in to continue to your practice.</p>
      {notice && !problems && (
        <div className="notice" role="status">
          <p>{notice}</p>
        </div>
      )}
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
        <div className="actions">
          <SubmitButton pending={signIn.isPending} pendingLabel="Signing in…">
            Sign in
          </SubmitButton>
          <Link to="/forgot-password">Forgot your password?</Link>
        </div>
      </form>
    </>
  );
}
