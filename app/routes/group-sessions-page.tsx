import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { STAFF_ROLES } from '../../domain/roles.js';
import { api } from '../api/client.js';
import { groupKeys, type Group } from '../api/groups.js';
import { scheduleKeys, type AttendanceSummary, type Schedule, type StaffSession } from '../api/schedule.js';
import type { Viewer } from '../api/session.js';
import { AlertList } from '../features/alerts/alert-list.js';
import { ReminderToggle } from '../features/schedule/reminder-toggle.js';
import { reminderInWords, ScheduleForm } from '../features/schedule/schedule-form.js';
import { ExtraSessionForm, SessionRow } from '../features/schedule/session-list.js';
import { useT, type Translate } from '../i18n/use-t.js';
import { useFormat, type Format } from '../ui/format.js';
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
  const t = useT();
  const format = useFormat();
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
  usePageTitle(group.data ? t('groupSessions.titleOf', { group: group.data.name }) : t('groupSessions.title'));

  if (group.isPending) return <p role="status">{t('groupSessions.loading')}</p>;
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
        <Link to={`/groups/${g.id}`}>{t('groupSessions.back', { group: g.name })}</Link>
      </p>
      <h1>{t('groupSessions.heading', { group: g.name })}</h1>
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
        <h2 id="schedule-heading">{t('groupSessions.schedule')}</h2>
        {schedule.data && !editing && (
          <>
            <p>
              {schedule.data.description && schedule.data.firstStart
                ? describeSchedule(schedule.data, now, t, format)
                : t('groupSessions.noSchedule')}
            </p>
            <p className="muted">
              {schedule.data.reminderMinutes.length
                ? t('groupSessions.reminders', {
                    before: format.list(schedule.data.reminderMinutes.map((m) => reminderInWords(format, m))),
                  })
                : t('groupSessions.noReminders')}
            </p>
            {isFacilitator && (
              <ReminderToggle groupId={g.id} on={schedule.data.myRemindersOn} label={t('groupSessions.remindMe')} />
            )}
            {mayEdit && (
              <button type="button" className="button button--quiet" onClick={() => setEditing(true)}>
                {schedule.data.description ? t('groupSessions.changeSchedule') : t('groupSessions.setSchedule')}
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
                {t('groupSessions.keepSchedule')}
              </button>
            </p>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t('groupSessions.upcoming')}</h2>
        {sessions.isPending && <p role="status">{t('groupSessions.loading')}</p>}
        {sessions.isSuccess && upcoming.length === 0 && <p>{t('groupSessions.noUpcoming')}</p>}
        <ul className="list">
          {upcoming.slice(0, 12).map((s) => (
            <SessionRow key={s.id} session={s} mayEdit={mayEdit} mayOpenRoom={isFacilitator} now={now} onDone={done} />
          ))}
        </ul>
        {upcoming.length > 12 && <p className="muted">{t('groupSessions.more', { count: upcoming.length - 12 })}</p>}
        {mayEdit && (
          <details>
            <summary>{t('groupSessions.addExtra')}</summary>
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
        <h2 id="past-heading">{t('groupSessions.past')}</h2>
        <p className="muted">{t('groupSessions.pastHint', { days: 90 })}</p>
        {sessions.isSuccess && past.length === 0 && <p>{t('groupSessions.noPast', { days: 90 })}</p>}
        <ul className="list">
          {past.map((s) => (
            <SessionRow key={s.id} session={s} mayEdit={mayEdit} mayOpenRoom={isFacilitator} now={now} onDone={done} />
          ))}
        </ul>
      </section>
      <AttendanceRates groupId={g.id} />
    </>
  );
}

/** "Meets every week on Tuesday at 6:00 PM (Eastern Time). Sessions last 90 minutes; the first was on 25 August 2026." */
function describeSchedule(schedule: Schedule, now: number, t: Translate, format: Format): string {
  const [date = ''] = (schedule.firstStart ?? '').split('T');
  // The date alone, read at noon UTC so no zone moves it to another day.
  const first = new Date(`${date}T12:00:00Z`);
  const from = new Intl.DateTimeFormat(format.locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(first);
  // The rule in words comes from the server, already in the reader's language.
  return t('groupSessions.describe', {
    rule: schedule.description,
    minutes: schedule.durationMinutes,
    tense: first.getTime() < now ? 'past' : 'future',
    from,
  });
}

const percent = (format: Format, rate: number | null) =>
  rate === null ? '—' : format.number(rate, { style: 'percent', maximumFractionDigits: 0 });

function AttendanceRates({ groupId }: { groupId: string }) {
  const t = useT();
  const format = useFormat();
  const summary = useQuery({
    queryKey: scheduleKeys.summary(groupId),
    queryFn: () => api<AttendanceSummary>(`/api/groups/${groupId}/attendance`),
  });
  if (!summary.data) return null;
  const { group, members } = summary.data;
  return (
    <section className="card" aria-labelledby="rates-heading">
      <h2 id="rates-heading">{t('groupSessions.rates.heading')}</h2>
      {group.recorded === 0 ? (
        <p>{t('groupSessions.rates.none')}</p>
      ) : (
        <>
          <p>{t('groupSessions.rates.group', { rate: percent(format, group.rate), recorded: group.recorded })}</p>
          {/* Focusable, so a keyboard can scroll it sideways on a narrow screen. */}
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('groupSessions.rates.region')}>
            <table className="table">
              <caption className="visually-hidden">{t('groupSessions.rates.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('groupSessions.rates.member')}</th>
                  <th scope="col">{t('groupSessions.rates.attended')}</th>
                  <th scope="col">{t('groupSessions.rates.excused')}</th>
                  <th scope="col">{t('groupSessions.rates.unexcused')}</th>
                  <th scope="col">{t('groupSessions.rates.rate')}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.memberId}>
                    <th scope="row">
                      {m.displayName ?? m.name}
                      {m.displayName && <span className="muted"> ({m.name})</span>}
                    </th>
                    <td>{t('groupSessions.rates.attendedOf', { attended: m.attended, recorded: m.recorded })}</td>
                    <td>{format.number(m.excused)}</td>
                    <td>{format.number(m.unexcused)}</td>
                    <td>{percent(format, m.rate)}</td>
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
