import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { queryKeys, type Viewer } from '../api/session.js';
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
  usePageTitle('Set up two-step sign-in');
  return <RequireViewer beforeTwoFactor>{(viewer) => <TwoStepSetup viewer={viewer} />}</RequireViewer>;
}

function TwoStepSetup({ viewer }: { viewer: Viewer }) {
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
      void navigate('/', { replace: true, state: { notice: 'Two-step sign-in is on.' } });
    },
  });

  if (viewer.user.twoFactorEnabled) {
    return (
      <>
        <h1>Two-step sign-in is on</h1>
        <p>Each time you sign in, Hearth asks for a code from your authenticator app, or one of your recovery codes.</p>
      </>
    );
  }

  const intro = viewer.mustEnrolTwoFactor
    ? `As ${viewer.practice.role === 'owner' ? 'an owner' : `a ${viewer.practice.role}`}, you can see information about the people your practice cares for, so Hearth asks for a second step when you sign in. It takes about two minutes.`
    : 'A second step when you sign in keeps your account safe even if someone learns your password.';

  if (!start.data) {
    const problems = formProblems(start.error, { password: 'Your password' });
    const onSubmit = (event: FormEvent) => {
      event.preventDefault();
      start.mutate();
    };
    return (
      <>
        <h1>Set up two-step sign-in</h1>
        <p className="lead">{intro}</p>
        <p>
          You will need an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator or
          1Password.
        </p>
        {problems && (
          <ProblemSummary title="Please check the form" message={problems.message} fields={problems.fields} />
        )}
        <form className="form" onSubmit={onSubmit} noValidate>
          <TextField
            label="Your password"
            hint="To make sure it is you."
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            problem={problems?.byField.password}
          />
          <SubmitButton pending={start.isPending} pendingLabel="Preparing…">
            Continue
          </SubmitButton>
        </form>
      </>
    );
  }

  const enrolment = start.data;
  const problems = formProblems(confirm.error, { code: 'Six-digit code' });
  const onConfirm = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  return (
    <>
      <h1>Set up two-step sign-in</h1>
      <ol className="steps">
        <li>
          <h2>Add Hearth to your authenticator app</h2>
          <p>
            Scan this code with the app. On the phone that has the app, you can{' '}
            <a href={enrolment.otpauthUri}>open Hearth in your authenticator app</a> instead.
          </p>
          <img
            className="qr"
            src={enrolment.qrCode}
            alt="QR code to add Hearth to an authenticator app"
            width={200}
            height={200}
          />
          <p>If you cannot scan it, enter this key in the app instead:</p>
          <p className="secret" aria-label="Key for your authenticator app">
            {enrolment.secret.match(/.{1,4}/g)?.join(' ')}
          </p>
        </li>
        <li>
          <h2>Keep your recovery codes</h2>
          <p>
            If you lose your phone, each of these codes lets you sign in once. Write them down or print this page, and
            keep them somewhere safe. They are shown only now.
          </p>
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
                `Hearth recovery codes for ${viewer.user.email}\nEach code signs you in once. Type it exactly as shown, dash included.\n\n${enrolment.recoveryCodes.join('\n')}\n`,
              )}`}
            >
              Download the codes as a text file
            </a>
          </p>
          <div className="checkbox">
            <input id="codes-saved" type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
            <label htmlFor="codes-saved">I have saved my recovery codes</label>
          </div>
        </li>
        <li>
          <h2>Enter a code from the app</h2>
          {problems && (
            <ProblemSummary title="That did not work yet" message={problems.message} fields={problems.fields} />
          )}
          <form className="form" onSubmit={onConfirm} noValidate>
            <TextField
              label="Six-digit code"
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
              pendingLabel="Checking…"
              disabled={!saved}
              aria-describedby={saved ? undefined : 'save-first'}
            >
              Turn on two-step sign-in
            </SubmitButton>
            {!saved && (
              <p className="hint" id="save-first">
                Tick “I have saved my recovery codes” first.
              </p>
            )}
          </form>
        </li>
      </ol>
    </>
  );
}
