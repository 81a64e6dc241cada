import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { MEMBER_STATUS_LABELS, type MemberStatus } from '../../domain/membership.js';
import { STAFF_ROLES } from '../../domain/roles.js';
import { api } from '../api/client.js';
import { membershipKeys, type RosterEntry } from '../api/membership.js';
import { formatInstant } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

type IntakeEntry = RosterEntry & { groupId: string; groupName: string };

/** The stages of the board, left to right, and what each needs from the clinician. */
const STAGES: Array<{ status: MemberStatus; title: string; hint: string }> = [
  { status: 'referred', title: 'Referred', hint: 'Waiting for your decision.' },
  { status: 'waitlisted', title: 'On the waitlist', hint: 'Offered the next free place automatically.' },
  { status: 'admitted', title: 'Offered a place', hint: 'Waiting for them to accept the agreement.' },
  { status: 'active', title: 'Joined', hint: 'In the group.' },
];

/** The intake pipeline: everyone on the way into the groups you run, by stage. */
export function IntakePage() {
  usePageTitle('Intake');
  return <RequireViewer roles={STAFF_ROLES}>{() => <IntakeBoard />}</RequireViewer>;
}

function IntakeBoard() {
  const intake = useQuery({
    queryKey: membershipKeys.intake,
    queryFn: () => api<{ entries: IntakeEntry[] }>('/api/intake'),
  });
  return (
    <>
      <h1>Intake</h1>
      <p className="lead">
        Everyone on the way into your groups, from referral to joining. Open a group to make a decision.
      </p>
      {intake.isPending && <p role="status">Loading…</p>}
      {intake.isError && <p role="alert">The board could not be loaded. Please reload the page.</p>}
      {intake.data && (
        <div className="board">
          {STAGES.map((stage) => {
            const entries = intake.data.entries.filter((e) => e.status === stage.status);
            const headingId = `stage-${stage.status}`;
            return (
              <section key={stage.status} className="board__column" aria-labelledby={headingId}>
                <h2 id={headingId}>
                  {stage.title} <span className="count">({entries.length})</span>
                </h2>
                <p className="hint">{stage.hint}</p>
                {entries.length === 0 ? (
                  <p className="muted">Nobody.</p>
                ) : (
                  <ul className="list">
                    {entries.map((entry) => (
                      <li key={entry.id} className="board__card">
                        <strong>{entry.name}</strong>
                        <br />
                        <Link to={`/groups/${entry.groupId}`}>{entry.groupName}</Link>
                        <br />
                        <span className="muted">
                          {MEMBER_STATUS_LABELS[entry.status]} since {formatInstant(entry.statusChangedAt)}
                          {entry.offerExpiresAt &&
                            (entry.offerLapsed ? ' · offer lapsed' : ` · until ${formatInstant(entry.offerExpiresAt)}`)}
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
