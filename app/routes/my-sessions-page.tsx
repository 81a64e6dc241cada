import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { scheduleKeys, type MemberSession, type MySessions } from '../api/schedule.js';
import { CalendarFeed } from '../features/schedule/calendar-feed.js';
import { JoinRooms } from '../features/room/room-entry.js';
import { ReminderToggle } from '../features/schedule/reminder-toggle.js';
import { labelKey } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { useNow } from '../ui/use-now.js';

/** A member's sessions: when and where the next one is, what came before, and reminder choices. */
export function MySessionsPage() {
  return <RequireViewer>{() => <Sessions />}</RequireViewer>;
}

/** A member sees every session in their own zone; the group's zone is named when it differs. */
const inViewerZone = (s: MemberSession) => ({ groupZone: s.timeZone, shownIn: 'viewer' as const });

function Sessions() {
  const t = useT();
  const format = useFormat();
  usePageTitle(t('mySessions.title'));
  const mine = useQuery({ queryKey: scheduleKeys.mine, queryFn: () => api<MySessions>('/api/my/sessions') });
  if (mine.isPending) return <p role="status">{t('mySessions.loading')}</p>;
  if (mine.isError) return <p role="alert">{mine.error.message}</p>;
  const { upcoming, past, groups } = mine.data;
  const [next, ...rest] = upcoming;
  const later = rest.slice(0, 5);
  return (
    <>
      <h1>{t('mySessions.title')}</h1>
      <p className="lead">{t('mySessions.lead', { zone: format.viewerZone.replace(/_/g, ' ') })}</p>
      <JoinRooms />
      {groups.length === 0 && <p>{t('mySessions.noGroup')}</p>}
      {next && <NextSession session={next} />}
      {groups.length > 0 && !next && <p>{t('mySessions.nonePlanned')}</p>}
      {later.length > 0 && (
        <section className="card" aria-labelledby="later-heading">
          <h2 id="later-heading">{t('mySessions.later')}</h2>
          <ul className="list">
            {later.map((s) => (
              <li key={s.id} className="list__item">
                <div>
                  <strong>{format.sessionTime(s.startsAt, s.endsAt, inViewerZone(s))}</strong>
                  {s.status === 'cancelled' && <span className="tag tag--attention">{t('mySessions.cancelled')}</span>}
                  {s.status === 'scheduled' && s.extra && <span className="tag">{t('mySessions.extra')}</span>}
                  {s.status === 'scheduled' && s.moved && <span className="tag">{t('mySessions.moved')}</span>}
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
          <h2 id="past-heading">{t('mySessions.past')}</h2>
          <ul className="list">
            {past.map((s) => (
              <li key={s.id} className="list__item">
                <div>
                  <strong>{format.sessionTime(s.startsAt, undefined, inViewerZone(s))}</strong>
                  <br />
                  <span className="muted">
                    {s.status === 'cancelled'
                      ? t('mySessions.pastCancelled', { group: s.groupName })
                      : s.myAttendance
                        ? t('mySessions.pastAttendance', {
                            group: s.groupName,
                            attendance: t(labelKey('memberAttendance', s.myAttendance)),
                          })
                        : s.groupName}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {groups.length > 0 && <CalendarFeed />}
      <p>
        <Link to="/my-notes">{t('myNotes.link')}</Link>
      </p>
    </>
  );
}

function NextSession({ session: s }: { session: MemberSession }) {
  const t = useT();
  const format = useFormat();
  const now = useNow();
  const online = s.meetingMode !== 'in-person';
  return (
    <section className="card" aria-labelledby="next-heading">
      <h2 id="next-heading">{t('mySessions.next')}</h2>
      {s.status === 'cancelled' ? (
        <>
          <p>
            {t.rich('mySessions.nextCancelled', {
              group: s.groupName,
              when: format.sessionTime(s.startsAt, undefined, inViewerZone(s)),
              strong: (chunks) => <strong>{chunks}</strong>,
            })}
          </p>
          {s.cancelNote && <p>{t('mySessions.cancelNote', { note: s.cancelNote })}</p>}
        </>
      ) : (
        <dl className="details">
          <dt>{t('mySessions.group')}</dt>
          <dd>{s.groupName}</dd>
          <dt>{t('mySessions.when')}</dt>
          <dd>{format.sessionTime(s.startsAt, s.endsAt, inViewerZone(s))}</dd>
          {s.place && (
            <>
              <dt>{t('mySessions.where')}</dt>
              <dd>{s.place}</dd>
            </>
          )}
          {online && (
            <>
              <dt>{t(s.meetingMode === 'hybrid' ? 'mySessions.orOnline' : 'mySessions.online')}</dt>
              <dd>
                {s.videoLink ? (
                  <a className="button" href={s.videoLink} rel="noreferrer" target="_blank">
                    {t.rich('mySessions.joinSession', {
                      hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                    })}
                  </a>
                ) : s.videoLinkOpensAt ? (
                  t('mySessions.linkOpensAt', {
                    when: format.instant(s.videoLinkOpensAt),
                    relative: format.relative(s.videoLinkOpensAt, now),
                  })
                ) : (
                  t('mySessions.howToJoin')
                )}
              </dd>
            </>
          )}
          {s.noteForMembers && (
            <>
              <dt>{t('mySessions.toBring')}</dt>
              <dd className="pre-line">{s.noteForMembers}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

function Reminders({ groups }: { groups: MySessions['groups'] }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">{t('mySessions.reminders')}</h2>
      <p>{t('mySessions.remindersLead')}</p>
      <fieldset className="field">
        <legend className="visually-hidden">{t('mySessions.remindersLegend')}</legend>
        {groups.map((g) => (
          <ReminderToggle
            key={g.id}
            groupId={g.id}
            on={g.remindersOn}
            label={t('mySessions.remindMe', { group: g.name })}
          />
        ))}
      </fieldset>
    </section>
  );
}
