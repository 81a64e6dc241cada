import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { STAFF_ROLES } from '../../domain/roles.js';
import { reminderInWords } from '../../domain/schedule.js';
import { api } from '../api/client.js';
import { groupKeys, type Group } from '../api/groups.js';
import { scheduleKeys, type AttendanceSummary, type Schedule, type StaffSession } from '../api/schedule.js';
import type { Viewer } from '../api/session.js';
import { AlertList } from '../features/alerts/alert-list.js';
import { ReminderToggle } from '../features/schedule/reminder-toggle.js';
import { ScheduleForm } from '../features/schedule/schedule-form.js';
import { ExtraSessionForm, SessionRow } from '../features/schedule/session-list.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { GroupLoadProblem, facilitates, mayEditGroup } from '../features/groups/group-access.js';
import { ReadOnlyNotice } from '../features/groups/group-lifecycle.js';
import { useNow } from '../ui/use-now.js';

const DAY_MS = 86_400_000;

/** A group's rhythm for its staff: schedule, sessions, attendance and what needs attention. */
export function GroupSessionsPage() {
  return <RequireViewer roles={STAFF_ROLES}>{(viewer) => <GroupSessions viewer={viewer} />}</RequireViewer>;
}

function GroupSessions({ viewer }: { viewer: Viewer }) {
  const { groupId = '' } = useParams();
  const now = useNow();
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const [editing, setEditing] = useState(false);
  const group = useQuery({ queryKey: groupKeys.one(groupId), queryFn: () => api<Group>(`/api/groups/${groupId}`) });
  const schedule = useQuery({
    queryKey: scheduleKeys.schedule(groupId),
    queryFn: () => api<Schedule>(`/api/groups/${groupId}/schedule`),
    enabled: group.isSuccess,
  });
  const [window] = useState(() => {
    return { from: new Date(now - 90 * DAY_MS).toISOString(), to: new Date(now + 90 * DAY_MS).toISOString() };
  });
  const sessions = useQuery({
    queryKey: scheduleKeys.sessions(groupId),
    queryFn: () =>
      api<{ sessions: StaffSession[] }>(
        `/api/groups/${groupId}/sessions?from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}`,
      ),
    enabled: group.isSuccess,
  });
  usePageTitle(group.data ? `Sessions · ${group.data.name}` : 'Sessions');

  if (group.isPending) return <p role="status">Loading…</p>;
  if (group.isError) return <GroupLoadProblem error={group.error} />;
  const g = group.data;
  const mayEdit = mayEditGroup(viewer, g);
  const isFacilitator = facilitates(viewer, g);
  const all = sessions.data?.sessions ?? [];
  const upcoming = all.filter((s) => Date.parse(s.endsAt) > now);
  const past = all.filter((s) => Date.parse(s.endsAt) <= now).reverse();
  const done = (message: string) => {
    setNotice(message);
    // The button that was pressed may be gone; focus goes to what happened, not to the page's top.
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  return (
    <>
      <p>
        <Link to={`/groups/${g.id}`}>Back to {g.name}</Link>
      </p>
      <h1>Sessions of {g.name}</h1>
      <ReadOnlyNotice group={g} />
      <div role="status">
        {notice && (
          <p className="notice notice--success" tabIndex={-1} ref={noticeRef}>
            {notice}
          </p>
        )}
      </div>
      <AlertList groupId={g.id} mayEdit={mayEdit} onDone={done} />
      <section className="card" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading">Schedule</h2>
        {schedule.data && !editing && (
          <>
            <p>
              {schedule.data.description && schedule.data.firstStart
                ? describeSchedule(schedule.data, now)
                : 'No repeating schedule yet.'}
            </p>
            <p className="muted">
              {schedule.data.reminderMinutes.length
                ? `Reminders by e-mail ${schedule.data.reminderMinutes.map(reminderInWords).join(' and ')} before.`
                : 'No e-mail reminders.'}
            </p>
            {isFacilitator && (
              <ReminderToggle groupId={g.id} on={schedule.data.myRemindersOn} label="Send these reminders to me too" />
            )}
            {mayEdit && (
              <button type="button" className="button button--quiet" onClick={() => setEditing(true)}>
                {schedule.data.description ? 'Change the schedule' : 'Set a schedule'}
              </button>
            )}
          </>
        )}
        {schedule.data && editing && (
          <>
            <ScheduleForm
              schedule={schedule.data}
              onSaved={(message) => {
                setEditing(false);
                done(message);
              }}
            />
            <p>
              <button type="button" className="button button--quiet" onClick={() => setEditing(false)}>
                Keep the schedule as it was
              </button>
            </p>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">Coming up</h2>
        {sessions.isPending && <p role="status">Loading…</p>}
        {sessions.isSuccess && upcoming.length === 0 && <p>No sessions planned. Set a schedule or add a session.</p>}
        <ul className="list">
          {upcoming.slice(0, 12).map((s) => (
            <SessionRow key={s.id} session={s} mayEdit={mayEdit} now={now} onDone={done} />
          ))}
        </ul>
        {upcoming.length > 12 && <p className="muted">And {upcoming.length - 12} more in the next three months.</p>}
        {mayEdit && (
          <details>
            <summary>Add an extra session, or record a past one</summary>
            <ExtraSessionForm
              groupId={g.id}
              timeZone={g.timeZone}
              defaultTime={schedule.data?.firstStart?.split('T')[1] ?? '18:00'}
              defaultMinutes={schedule.data?.durationMinutes ?? 90}
              onDone={done}
            />
          </details>
        )}
      </section>
      <section className="card" aria-labelledby="past-heading">
        <h2 id="past-heading">Past sessions</h2>
        <p className="muted">The last 90 days, newest first. Attendance rates below count every session.</p>
        {sessions.isSuccess && past.length === 0 && <p>None in the last 90 days.</p>}
        <ul className="list">
          {past.map((s) => (
            <SessionRow key={s.id} session={s} mayEdit={mayEdit} now={now} onDone={done} />
          ))}
        </ul>
      </section>
      <AttendanceRates groupId={g.id} />
    </>
  );
}

/** "Meets every week on Tuesday at 18:00 (New York time). Sessions last 90 minutes; the first was on 25 August 2026." */
function describeSchedule(schedule: Schedule, now: number): string {
  const [date = ''] = (schedule.firstStart ?? '').split('T');
  // The date alone, read at noon UTC so no zone moves it to another day.
  const first = new Date(`${date}T12:00:00Z`);
  const from = new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(first);
  return `Meets ${schedule.description}. Sessions last ${schedule.durationMinutes} minutes; the first ${first.getTime() < now ? 'was' : 'is'} on ${from}.`;
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

function AttendanceRates({ groupId }: { groupId: string }) {
  const summary = useQuery({
    queryKey: scheduleKeys.summary(groupId),
    queryFn: () => api<AttendanceSummary>(`/api/groups/${groupId}/attendance`),
  });
  if (!summary.data) return null;
  const { group, members } = summary.data;
  return (
    <section className="card" aria-labelledby="rates-heading">
      <h2 id="rates-heading">Attendance</h2>
      {group.recorded === 0 ? (
        <p>No attendance recorded yet.</p>
      ) : (
        <>
          <p>
            The group attended {percent(group.rate)} of {group.recorded} recorded places.
          </p>
          {/* Focusable, so a keyboard can scroll it sideways on a narrow screen. */}
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Attendance by member, scrolls sideways">
            <table className="table">
              <caption className="visually-hidden">Attendance by member</caption>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Attended</th>
                  <th scope="col">Excused</th>
                  <th scope="col">Unexcused</th>
                  <th scope="col">Rate</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.memberId}>
                    <th scope="row">
                      {m.displayName ?? m.name}
                      {m.displayName && <span className="muted"> ({m.name})</span>}
                    </th>
                    <td>
                      {m.attended} of {m.recorded}
                    </td>
                    <td>{m.excused}</td>
                    <td>{m.unexcused}</td>
                    <td>{percent(m.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
