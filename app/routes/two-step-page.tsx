import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { queryKeys, type Viewer } from '../api/session.js';
import { useT } from '../i18n/use-t.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { TextField } from '../ui/text-field.js';
import { SubmitButton } from '../ui/submit-button.js';

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrCode: string;
  recoveryCodes: string[];
}

/** Set up two-step sign-in: confirm the password, add Hearth to an authenticator app, keep the recovery codes, confirm a code. */
export function TwoStepPage() {
  const t = useT();
  usePageTitle(t('twoStep.title'));
  return <RequireViewer beforeTwoFactor>{(viewer) => <TwoStepSetup viewer={viewer} />}</RequireViewer>;
}

function TwoStepSetup({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [saved, setSaved] = useState(false);
  const start = useMutation({
    mutationFn: () => api<Enrolment>('/api/me/two-factor', { method: 'POST', body: { password } }),
  });
  const confirm = useMutation({
    mutationFn: () => api<Viewer>('/api/me/two-factor/confirm', { method: 'POST', body: { code } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.session, updated);
      void navigate('/', { replace: true, state: { notice: t('twoStep.turnedOn') } });
    },
  });

  if (viewer.user.twoFactorEnabled) {
    return (
      <>
        <h1>{t('twoStep.isOn')}</h1>
        <p>{t('twoStep.isOnDetail')}</p>
      </>
    );
  }

  const intro = viewer.mustEnrolTwoFactor
    ? t('twoStep.introRequired', { role: viewer.practice.role })
    : t('twoStep.introOptional');

  if (!start.data) {
    const problems = formProblems(start.error, { password: t('twoStep.password') });
    const onSubmit = (event: FormEvent) => {
      event.preventDefault();
      start.mutate();
    };
    return (
      <>
        <h1>{t('twoStep.title')}</h1>
        <p className="lead">{intro}</p>
        <p>{t('twoStep.needApp')}</p>
        {problems && (
          <ProblemSummary title={t('twoStep.checkForm')} message={problems.message} fields={problems.fields} />
        )}
        <form className="form" onSubmit={onSubmit} noValidate>
          <TextField
            label={t('twoStep.password')}
            hint={t('twoStep.passwordHint')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            problem={problems?.byField.password}
          />
          <SubmitButton pending={start.isPending} pendingLabel={t('twoStep.preparing')}>
            {t('twoStep.continue')}
          </SubmitButton>
        </form>
      </>
    );
  }

  const enrolment = start.data;
  const problems = formProblems(confirm.error, { code: t('twoStep.code') });
  const onConfirm = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  return (
    <>
      <h1>{t('twoStep.title')}</h1>
      <ol className="steps">
        <li>
          <h2>{t('twoStep.addHeading')}</h2>
          <p>{t.rich('twoStep.scan', { link: (chunks) => <a href={enrolment.otpauthUri}>{chunks}</a> })}</p>
          <img className="qr" src={enrolment.qrCode} alt={t('twoStep.qrAlt')} width={200} height={200} />
          <p>{t('twoStep.keyInstead')}</p>
          <p className="secret" aria-label={t('twoStep.keyLabel')}>
            {enrolment.secret.match(/.{1,4}/g)?.join(' ')}
          </p>
        </li>
        <li>
          <h2>{t('twoStep.codesHeading')}</h2>
          <p>{t('twoStep.codesLead')}</p>
          <ul className="recovery-codes">
            {enrolment.recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <p>
            <a
              className="button button--quiet"
              download="hearth-recovery-codes.txt"
              href={`data:text/plain;charset=utf-8,${encodeURIComponent(
                `${t('twoStep.codesFile', { email: viewer.user.email })}\n\n${enrolment.recoveryCodes.join('\n')}\n`,
              )}`}
            >
              {t('twoStep.download')}
            </a>
          </p>
          <div className="checkbox">
            <input id="codes-saved" type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
            <label htmlFor="codes-saved">{t('twoStep.saved')}</label>
          </div>
        </li>
        <li>
          <h2>{t('twoStep.enterHeading')}</h2>
          {problems && (
            <ProblemSummary title={t('twoStep.notYet')} message={problems.message} fields={problems.fields} />
          )}
          <form className="form" onSubmit={onConfirm} noValidate>
            <TextField
              label={t('twoStep.code')}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
              problem={problems?.byField.code}
            />
            <SubmitButton
              pending={confirm.isPending}
              pendingLabel={t('twoStep.checking')}
              disabled={!saved}
              aria-describedby={saved ? undefined : 'save-first'}
            >
              {t('twoStep.turnOn')}
            </SubmitButton>
            {!saved && (
              <p className="hint" id="save-first">
                {t('twoStep.saveFirst', { label: t('twoStep.saved') })}
              </p>
            )}
          </form>
        </li>
      </ol>
    </>
  );
}
