import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { MemberStatus } from '../../domain/membership.js';
import { STAFF_ROLES } from '../../domain/roles.js';
import { api } from '../api/client.js';
import { membershipKeys, type RosterEntry } from '../api/membership.js';
import { labelKey } from '../i18n/labels.js';
import type { MessageKey } from '../i18n/message-key.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

type IntakeEntry = RosterEntry & { groupId: string; groupName: string };

/** The stages of the board, left to right, and what each needs from the clinician. */
const STAGES: Array<{ status: MemberStatus; title: MessageKey; hint: MessageKey }> = [
  { status: 'referred', title: 'intake.stage.referred', hint: 'intake.stage.referredHint' },
  { status: 'waitlisted', title: 'intake.stage.waitlisted', hint: 'intake.stage.waitlistedHint' },
  { status: 'admitted', title: 'intake.stage.admitted', hint: 'intake.stage.admittedHint' },
  { status: 'active', title: 'intake.stage.active', hint: 'intake.stage.activeHint' },
];

/** The intake pipeline: everyone on the way into the groups you run, by stage. */
export function IntakePage() {
  const t = useT();
  usePageTitle(t('intake.title'));
  return <RequireViewer roles={STAFF_ROLES}>{() => <IntakeBoard />}</RequireViewer>;
}

function IntakeBoard() {
  const t = useT();
  const format = useFormat();
  const intake = useQuery({
    queryKey: membershipKeys.intake,
    queryFn: () => api<{ entries: IntakeEntry[] }>('/api/intake'),
  });
  return (
    <>
      <h1>{t('intake.title')}</h1>
      <p className="lead">{t('intake.lead')}</p>
      {intake.isPending && <p role="status">{t('intake.loading')}</p>}
      {intake.isError && <p role="alert">{t('intake.loadFailed')}</p>}
      {intake.data && (
        <div className="board">
          {STAGES.map((stage) => {
            const entries = intake.data.entries.filter((e) => e.status === stage.status);
            const headingId = `stage-${stage.status}`;
            return (
              <section key={stage.status} className="board__column" aria-labelledby={headingId}>
                <h2 id={headingId}>
                  {t(stage.title)} <span className="count">({format.number(entries.length)})</span>
                </h2>
                <p className="hint">{t(stage.hint)}</p>
                {entries.length === 0 ? (
                  <p className="muted">{t('intake.nobody')}</p>
                ) : (
                  <ul className="list">
                    {entries.map((entry) => (
                      <li key={entry.id} className="board__card">
                        <strong>{entry.name}</strong>
                        <br />
                        <Link to={`/groups/${entry.groupId}`}>{entry.groupName}</Link>
                        <br />
                        <span className="muted">
                          {t('intake.since', {
                            status: t(labelKey('memberStatus', entry.status)),
                            since: format.instant(entry.statusChangedAt),
                          })}
                          {entry.offerExpiresAt &&
                            (entry.offerLapsed
                              ? t('intake.offerLapsed')
                              : t('intake.offerUntil', { until: format.instant(entry.offerExpiresAt) }))}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </>
  );
}
