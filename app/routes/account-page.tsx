import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { isRole } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { queryKeys, type Viewer } from '../api/session.js';
import { labelKey } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { LanguagePreference } from '../features/account/language-preference.js';
import { auditWords } from '../ui/audit-words.js';
import { describeDevice, useFormat } from '../ui/format.js';
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
  const t = useT();
  usePageTitle(t('account.title'));
  return <RequireViewer beforeTwoFactor>{(viewer) => <Account viewer={viewer} />}</RequireViewer>;
}

function Account({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const format = useFormat();
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
      <h1>{t('account.title')}</h1>
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">{t('account.details')}</h2>
        <dl className="details">
          <dt>{t('account.name')}</dt>
          <dd>{viewer.user.name}</dd>
          <dt>{t('account.email')}</dt>
          <dd>{viewer.user.email}</dd>
          <dt>{t('account.practice')}</dt>
          <dd>{viewer.practice.name}</dd>
          <dt>{t('account.role')}</dt>
          <dd>{t(labelKey('role', viewer.practice.role))}</dd>
        </dl>
      </section>

      <LanguagePreference viewer={viewer} />
      <section className="card" aria-labelledby="two-step-heading">
        <h2 id="two-step-heading">{t('account.twoStep')}</h2>
        {viewer.user.twoFactorEnabled ? (
          <p>{t('account.twoStepOn')}</p>
        ) : (
          <>
            <p>{t(viewer.mustEnrolTwoFactor ? 'account.twoStepOffRequired' : 'account.twoStepOff')}</p>
            <p>
              <Link to="/security/two-step">{t('account.setUpTwoStep')}</Link>
            </p>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('account.signedIn')}</h2>
        <p>{t('account.signedInLead')}</p>
        {sessions.isPending && <p role="status">{t('account.loading')}</p>}
        {sessions.isError && <p role="alert">{t('account.sessionsFailed')}</p>}
        {sessions.data && (
          <ul className="list">
            {sessions.data.sessions.map((s) => (
              <li key={s.id} className="list__item">
                <div>
                  <strong>{describeDevice(s.userAgent, t)}</strong>
                  {s.current && <span className="tag">{t('account.thisDevice')}</span>}
                  <br />
                  <span className="muted">
                    {t('account.sessionTimes', {
                      signedIn: format.instant(s.createdAt),
                      lastActive: format.instant(s.lastActiveAt),
                    })}
                    {s.ipAddress && t('account.sessionFrom', { address: s.ipAddress })}
                  </span>
                </div>
                {!s.current && (
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => endSession.mutate(s.id)}
                    disabled={endSession.isPending}
                  >
                    {t.rich('account.signOutDevice', {
                      device: describeDevice(s.userAgent, t),
                      hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                    })}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="my-data-heading">
        <h2 id="my-data-heading">{t('account.myData.heading')}</h2>
        <p>{t('account.myData.body')}</p>
        <p>
          <Link to="/my-data">{t('account.myData.link')}</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">{t('account.activity')}</h2>
        <p>{t('account.activityLead')}</p>
        {history.data && history.data.events.length === 0 && <p>{t('account.nothingYet')}</p>}
        {history.data && history.data.events.length > 0 && (
          <ul className="list">
            {history.data.events.map((e, i) => (
              <li key={i} className="list__item">
                <div>
                  <strong>{auditWords(e.action)}</strong>
                  <br />
                  <span className="muted">
                    {e.actor?.role
                      ? t('account.activityByRole', {
                          who: e.actor.name ?? t('account.notSignedIn'),
                          role: isRole(e.actor.role) ? t(labelKey('role', e.actor.role)) : e.actor.role,
                          when: format.instant(e.occurredAt),
                        })
                      : t('account.activityBy', {
                          who: e.actor?.name ?? t('account.notSignedIn'),
                          when: format.instant(e.occurredAt),
                        })}
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
