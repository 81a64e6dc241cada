import { useQuery } from '@tanstack/react-query';
import { MEMBER_ATTENDANCE_WORDS } from '../../domain/attendance.js';
import { api } from '../api/client.js';
import { scheduleKeys, type MemberSession, type MySessions } from '../api/schedule.js';
import { CalendarFeed } from '../features/schedule/calendar-feed.js';
import { ReminderToggle } from '../features/schedule/reminder-toggle.js';
import { formatInstant, formatSessionTime, groupLocalTime } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** A member's sessions: when and where the next one is, what came before, and reminder choices. */
export function MySessionsPage() {
  return <RequireViewer>{() => <Sessions />}</RequireViewer>;
}

function Sessions() {
  usePageTitle('Your sessions');
  const mine = useQuery({ queryKey: scheduleKeys.mine, queryFn: () => api<MySessions>('/api/my/sessions') });
  if (mine.isPending) return <p role="status">Loading…</p>;
  if (mine.isError) return <p role="alert">{mine.error.message}</p>;
  const { upcoming, past, groups } = mine.data;
  const [next, ...rest] = upcoming;
  const later = rest.slice(0, 5);
  return (
    <>
      <h1>Your sessions</h1>
      <p className="lead">Times are shown in your own time zone.</p>
      {groups.length === 0 && (
        <p>When you have joined a group, its sessions appear here: when and where they are, and what to bring.</p>
      )}
      {next && <NextSession session={next} />}
      {groups.length > 0 && !next && <p>No sessions are planned yet. Your facilitator will add them.</p>}
      {later.length > 0 && (
        <section className="card" aria-labelledby="later-heading">
          <h2 id="later-heading">After that</h2>
          <ul className="list">
            {later.map((s) => (
              <li key={s.id} className="list__item">
                <div>
                  <strong>{formatSessionTime(s.startsAt, s.endsAt)}</strong>
                  {s.status === 'cancelled' && <span className="tag tag--attention">Cancelled</span>}
                  {s.status === 'scheduled' && s.extra && <span className="tag">Extra session</span>}
                  {s.status === 'scheduled' && s.moved && <span className="tag">New time</span>}
                  <br />
                  <span className="muted">{s.groupName}</span>
                  {s.status === 'cancelled' && s.cancelNote && <p className="muted">{s.cancelNote}</p>}
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {groups.length > 0 && <Reminders groups={groups} />}
      {past.length > 0 && (
        <section className="card" aria-labelledby="past-heading">
          <h2 id="past-heading">Past sessions</h2>
          <ul className="list">
            {past.map((s) => (
              <li key={s.id} className="list__item">
                <div>
                  <strong>{formatSessionTime(s.startsAt)}</strong>
                  <br />
                  <span className="muted">
                    {s.groupName}
                    {s.status === 'cancelled'
                      ? ' · cancelled'
                      : s.myAttendance
                        ? ` · ${MEMBER_ATTENDANCE_WORDS[s.myAttendance]}`
                        : ''}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {groups.length > 0 && <CalendarFeed />}
    </>
  );
}

function NextSession({ session: s }: { session: MemberSession }) {
  const local = groupLocalTime(s.startsAt, s.timeZone);
  const online = s.meetingMode !== 'in-person';
  return (
    <section className="card" aria-labelledby="next-heading">
      <h2 id="next-heading">Your next session</h2>
      {s.status === 'cancelled' ? (
        <>
          <p>
            <strong>{s.groupName}</strong> on {formatSessionTime(s.startsAt)} will not take place.
          </p>
          {s.cancelNote && <p>A note from your facilitator: {s.cancelNote}</p>}
        </>
      ) : (
        <dl className="details">
          <dt>Group</dt>
          <dd>{s.groupName}</dd>
          <dt>When</dt>
          <dd>
            {formatSessionTime(s.startsAt, s.endsAt)}
            {local && <span className="muted"> ({local})</span>}
          </dd>
          {s.place && (
            <>
              <dt>Where</dt>
              <dd>{s.place}</dd>
            </>
          )}
          {online && (
            <>
              <dt>{s.meetingMode === 'hybrid' ? 'Or online' : 'Online'}</dt>
              <dd>
                {s.videoLink ? (
                  <a className="button" href={s.videoLink} rel="noreferrer" target="_blank">
                    Join the session<span className="visually-hidden"> (opens in a new tab)</span>
                  </a>
                ) : s.videoLinkOpensAt ? (
                  `The link appears here from ${formatInstant(s.videoLinkOpensAt)}.`
                ) : (
                  'Your facilitator will share how to join.'
                )}
              </dd>
            </>
          )}
          {s.noteForMembers && (
            <>
              <dt>To bring or know</dt>
              <dd className="pre-line">{s.noteForMembers}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

function Reminders({ groups }: { groups: MySessions['groups'] }) {
  return (
    <section className="card" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">E-mail reminders</h2>
      <p>Hearth can e-mail you before each session. You will always hear if a session is cancelled or moved.</p>
      <fieldset className="field">
        <legend className="visually-hidden">Reminders for each group</legend>
        {groups.map((g) => (
          <ReminderToggle
            key={g.id}
            groupId={g.id}
            on={g.remindersOn}
            label={`Remind me before sessions of ${g.name}`}
          />
        ))}
      </fieldset>
    </section>
  );
}
