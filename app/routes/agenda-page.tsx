import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { STAFF_ROLES } from '../../domain/roles.js';
import { ATTENDANCE_OPENS_MINUTES } from '../../domain/schedule.js';
import { api } from '../api/client.js';
import { scheduleKeys, type StaffSession } from '../api/schedule.js';
import type { Viewer } from '../api/session.js';
import { AlertList } from '../features/alerts/alert-list.js';
import { addDays, agendaWeek, thisWeeksMonday } from '../features/schedule/agenda-week.js';
import { NotesToDoList } from '../features/notes/notes-to-do.js';
import { CalendarFeed } from '../features/schedule/calendar-feed.js';
import { OpenRoomButton, roomMayOpen } from '../features/room/room-entry.js';
import { SessionTags } from '../features/schedule/session-list.js';
import { labelKey } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { useNow } from '../ui/use-now.js';

const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;

/**
 * A clinician's week: every session of the groups they run, day by day in their own time zone; each
 * session's time in its group's zone, named when it is not theirs.
 */
export function AgendaPage() {
  return <RequireViewer roles={STAFF_ROLES}>{(viewer) => <Agenda viewer={viewer} />}</RequireViewer>;
}

function Agenda({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const format = useFormat();
  usePageTitle(t('agenda.title'));
  const [notice, setNotice] = useState<string | null>(null);
  const now = useNow();
  const [monday, setMonday] = useState(() => thisWeeksMonday(new Date()));
  const week = agendaWeek(monday, new Date(now));
  const from = week.from.toISOString();
  const agenda = useQuery({
    queryKey: scheduleKeys.agenda(from),
    queryFn: () =>
      api<{ sessions: StaffSession[] }>(
        `/api/agenda?from=${encodeURIComponent(from)}&to=${encodeURIComponent(week.to.toISOString())}`,
      ),
  });
  const zone = format.viewerZone.replace(/_/g, ' ');
  const days = week.days;
  const isThisWeek = dayKey(monday) === dayKey(thisWeeksMonday(new Date(now)));
  const leadingWeekend = days.length > 7;

  return (
    <>
      <h1>{t('agenda.title')}</h1>
      <div role="status">{notice && <p className="notice notice--success">{notice}</p>}</div>
      <AlertList mayEdit={viewer.practice.role !== 'supervisor'} onDone={setNotice} />
      <NotesToDoList />
      <p className="lead">
        {t('agenda.lead', {
          weekend: leadingWeekend ? 'yes' : 'no',
          monday: format.day(week.monday.toISOString()),
          zone,
        })}
      </p>
      <div className="actions">
        <button type="button" className="button button--quiet" onClick={() => setMonday(addDays(monday, -7))}>
          {t('agenda.previousWeek')}
        </button>
        {!isThisWeek && (
          <button type="button" className="button button--quiet" onClick={() => setMonday(thisWeeksMonday(new Date()))}>
            {t('agenda.thisWeek')}
          </button>
        )}
        <button type="button" className="button button--quiet" onClick={() => setMonday(addDays(monday, 7))}>
          {t('agenda.nextWeek')}
        </button>
      </div>
      <div role="status">{agenda.isPending && <p>{t('agenda.loading')}</p>}</div>
      {agenda.isError && <p role="alert">{agenda.error.message}</p>}
      {agenda.data && agenda.data.sessions.length === 0 && <p>{t('agenda.none')}</p>}
      {agenda.data &&
        days.map((day) => {
          const today = agenda.data.sessions.filter((s) => dayKey(new Date(s.startsAt)) === dayKey(day));
          if (today.length === 0) return null;
          return (
            <section key={dayKey(day)} className="card" aria-label={format.day(day.toISOString())}>
              <h2>
                {format.day(day.toISOString())}
                {dayKey(day) === dayKey(new Date(now)) && <span className="tag">{t('agenda.today')}</span>}
              </h2>
              <ul className="list">
                {today.map((s) => {
                  const started = Date.parse(s.startsAt) - ATTENDANCE_OPENS_MINUTES * 60_000 <= now;
                  const when = format.sessionTime(s.startsAt, s.endsAt, { groupZone: s.timeZone, shownIn: 'group' });
                  return (
                    <li key={s.id} className="list__item">
                      <div>
                        <strong>{when}</strong>
                        <SessionTags session={s} />
                        <br />
                        <Link to={`/groups/${s.groupId}/sessions`}>{s.groupName}</Link>
                        <span className="muted"> · {s.place ?? t(labelKey('meetingMode', 'online'))}</span>
                      </div>
                      {roomMayOpen(s, now) && (
                        <OpenRoomButton groupId={s.groupId} sessionId={s.id} label={`${s.groupName}, ${when}`} />
                      )}
                      {started && s.status === 'scheduled' && (
                        <Link className="button button--quiet" to={`/groups/${s.groupId}/sessions/${s.id}`}>
                          {t('agenda.attendance', { recorded: s.attendance.recorded, expected: s.attendance.expected })}
                          <span className="visually-hidden">, {s.groupName}</span>
                        </Link>
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
      <CalendarFeed />
    </>
  );
}
