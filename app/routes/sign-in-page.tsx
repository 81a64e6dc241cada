import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { forgetOfflinePlan } from '../api/self-care.js';
import { queryKeys, useSetupStatus, useViewer, type SignInResult } from '../api/session.js';
import { useT } from '../i18n/use-t.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { TextField } from '../ui/text-field.js';
import { formProblems } from '../ui/form-problems.js';
import { SubmitButton } from '../ui/submit-button.js';

/** Sign in with e-mail and password, then, where it is on, a code from the authenticator app. */
export function SignInPage() {
  const t = useT();
  usePageTitle(t('signIn.title'));
  const LABELS = { email: t('signIn.email'), password: t('signIn.password'), code: t('signIn.code') };
  const setupStatus = useSetupStatus();
  const viewer = useViewer();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [form, setForm] = useState({ email: '', password: '' });
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);

  const finish = async (result: SignInResult) => {
    if (result.status === 'signed-in') {
      // Whoever signs in on this phone never finds a plan kept for someone before them offline.
      await forgetOfflinePlan();
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
        <h1>{t('signIn.enterCode')}</h1>
        <p className="lead">{t(useRecovery ? 'signIn.recoveryLead' : 'signIn.appLead')}</p>
        {problems && <ProblemSummary title={t('signIn.failed')} message={problems.message} fields={problems.fields} />}
        <form className="form" onSubmit={onSubmit} noValidate>
          <TextField
            label={t(useRecovery ? 'signIn.recoveryCode' : 'signIn.appCode')}
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
            <SubmitButton pending={secondStep.isPending} pendingLabel={t('signIn.checking')}>
              {t('signIn.continue')}
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
              {t(useRecovery ? 'signIn.useApp' : 'signIn.useRecovery')}
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
      <h1>{t('signIn.title')}</h1>
      <p className="lead">{t('signIn.lead')}</p>
      {notice && !problems && (
        <div className="notice" role="status">
          <p>{notice}</p>
        </div>
      )}
      {problems && <ProblemSummary title={t('signIn.failed')} message={problems.message} fields={problems.fields} />}
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
          <SubmitButton pending={signIn.isPending} pendingLabel={t('signIn.signingIn')}>
            {t('signIn.submit')}
          </SubmitButton>
          <Link to="/forgot-password">{t('signIn.forgot')}</Link>
        </div>
      </form>
    </>
  );
}
