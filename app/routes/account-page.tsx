import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ROLE_LABELS } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { ErasureRequest } from '../features/data-rights/erasure-request.js';
import { RetentionSummary } from '../features/data-rights/retention-summary.js';
import { api } from '../api/client.js';
import { queryKeys, type Viewer } from '../api/session.js';
import { auditWords } from '../ui/audit-words.js';
import { describeDevice, formatInstant } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

interface SessionRow {
  id: string;
  current: boolean;
  createdAt: string;
  lastActiveAt: string;
  ipAddress: string | null;
  userAgent: string | null;
}

interface AccessEvent {
  occurredAt: string;
  action: string;
  actor: { name: string | null; role: string | null } | null;
}

/**
 * Your account: details, two-step sign-in, where you are signed in, how long your information is
 * kept and asking to erase it (members), and who changed your records.
 */
export function AccountPage() {
  usePageTitle('Your account');
  return <RequireViewer beforeTwoFactor>{(viewer) => <Account viewer={viewer} />}</RequireViewer>;
}

function Account({ viewer }: { viewer: Viewer }) {
  const changed = useChanged();
  const sessions = useQuery({
    queryKey: queryKeys.sessions,
    queryFn: () => api<{ sessions: SessionRow[] }>('/api/me/sessions'),
  });
  const history = useQuery({
    queryKey: queryKeys.accessHistory,
    queryFn: () => api<{ events: AccessEvent[] }>('/api/me/access-history'),
    enabled: !viewer.mustEnrolTwoFactor,
  });
  const endSession = useMutation({
    mutationFn: (id: string) => api<void>(`/api/me/sessions/${id}`, { method: 'DELETE' }),
    onSuccess: () => changed('account'),
  });

  return (
    <>
      <h1>Your account</h1>
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="details">
          <dt>Name</dt>
          <dd>{viewer.user.name}</dd>
          <dt>E-mail</dt>
          <dd>{viewer.user.email}</dd>
          <dt>Practice</dt>
          <dd>{viewer.practice.name}</dd>
          <dt>Your role</dt>
          <dd>{ROLE_LABELS[viewer.practice.role]}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="two-step-heading">
        <h2 id="two-step-heading">Two-step sign-in</h2>
        {viewer.user.twoFactorEnabled ? (
          <p>On. Each time you sign in, Hearth asks for a code from your authenticator app.</p>
        ) : (
          <>
            <p>
              Off.{' '}
              {viewer.mustEnrolTwoFactor
                ? 'Your role needs it before you can continue.'
                : 'It keeps your account safe even if someone learns your password.'}
            </p>
            <p>
              <Link to="/security/two-step">Set up two-step sign-in</Link>
            </p>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Where you are signed in</h2>
        <p>If you see a device you do not recognise, sign it out and change your password.</p>
        {sessions.isPending && <p role="status">Loading…</p>}
        {sessions.isError && <p role="alert">Your sessions could not be loaded. Please reload the page.</p>}
        {sessions.data && (
          <ul className="list">
            {sessions.data.sessions.map((s) => (
              <li key={s.id} className="list__item">
                <div>
                  <strong>{describeDevice(s.userAgent)}</strong>
                  {s.current && <span className="tag">This device</span>}
                  <br />
                  <span className="muted">
                    Signed in {formatInstant(s.createdAt)} · last active {formatInstant(s.lastActiveAt)}
                    {s.ipAddress ? ` · from ${s.ipAddress}` : ''}
                  </span>
                </div>
                {!s.current && (
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => endSession.mutate(s.id)}
                    disabled={endSession.isPending}
                  >
                    Sign out<span className="visually-hidden"> {describeDevice(s.userAgent)}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      {viewer.practice.role === 'member' && !viewer.mustEnrolTwoFactor && (
        <>
          <RetentionSummary />
          <ErasureRequest />
        </>
      )}

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">Activity on your account</h2>
        <p>
          Hearth records every time someone in your practice looks at or changes your records, and every attempt to get
          into your account. This is your copy.
        </p>
        {history.data && history.data.events.length === 0 && <p>Nothing yet.</p>}
        {history.data && history.data.events.length > 0 && (
          <ul className="list">
            {history.data.events.map((e, i) => (
              <li key={i} className="list__item">
                <div>
                  <strong>{auditWords(e.action)}</strong>
                  <br />
                  <span className="muted">
                    {e.actor?.name ?? 'Someone who was not signed in'}
                    {e.actor?.role ? ` (${e.actor.role})` : ''} · {formatInstant(e.occurredAt)}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
