import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../api/client.js';
import { roomKeys, useRoom, type RoomInfo } from '../api/room.js';
import { announcementFor } from '../features/room/room-words.js';
import { Announcer, type Announcement } from '../features/room/announcer.js';
import { useTimeLeft } from '../features/room/countdown.js';
import { FacilitatorRoom } from '../features/room/facilitator-room.js';
import { MemberRoom } from '../features/room/member-room.js';
import { RoomSummary } from '../features/room/room-summary.js';
import { useT } from '../i18n/use-t.js';
import { CrisisLines } from '../ui/crisis-lines.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** The live session room: a member's room on their phone, the facilitators' console on a laptop. */
export function RoomPage() {
  return <RequireViewer>{() => <RoomLoader />}</RequireViewer>;
}

function RoomLoader() {
  const t = useT();
  const { roomId = '' } = useParams();
  const info = useQuery({ queryKey: roomKeys.one(roomId), queryFn: () => api<RoomInfo>(`/api/rooms/${roomId}`) });
  usePageTitle(info.data ? t('room.titleOf', { group: info.data.groupName }) : t('room.title'));
  if (info.isPending) return <p role="status">{t('room.loading')}</p>;
  if (info.isError) {
    const missing = info.error instanceof ApiError && info.error.status === 404;
    return (
      <>
        <h1>{t(missing ? 'room.notFound' : 'room.loadFailed')}</h1>
        <p>{missing ? t('room.notFoundHint') : info.error.message}</p>
        <p>
          <Link to="/">{t('room.member.home')}</Link>
        </p>
      </>
    );
  }
  return <Room info={info.data} />;
}

function Room({ info }: { info: RoomInfo }) {
  const t = useT();
  const format = useFormat();
  const room = useRoom(info.roomId);
  const { state, viewer, offsetMs, lastEvent, send, pending } = room;
  const facilitator = viewer?.kind === 'facilitator';

  // Turn changes and the floor, read once through the polite region.
  const eventWords = lastEvent && state && viewer ? announcementFor(lastEvent, state, viewer, t) : null;
  // A member let in (or sent back) is told so: their admission arrives as a snapshot, not an event.
  const admitted = Boolean(viewer && state?.people[viewer.personId]?.admission === 'admitted');
  const [seenAdmitted, setSeenAdmitted] = useState(admitted);
  const [admission, setAdmission] = useState<Announcement | null>(null);
  if (seenAdmitted !== admitted) {
    setSeenAdmitted(admitted);
    if (viewer?.kind === 'member')
      setAdmission({ id: `admission-${state?.seq}`, text: t(admitted ? 'room.say.admitted' : 'room.say.sentBack') });
  }
  // The gentle end-of-time cue: said once when the running turn's or floor's time is up.
  const deadline = state?.round?.speaker ? state.round.turnDeadline : (state?.floor?.deadline ?? null);
  const timeUp = useTimeLeft(deadline, offsetMs) === 0;
  const announcements: Array<Announcement | null> = [
    admission,
    lastEvent && eventWords ? { id: `event-${lastEvent.seq}`, text: eventWords } : null,
    timeUp && deadline ? { id: `time-${deadline}`, text: t('room.say.timeUp') } : null,
  ];

  // One command at a time: a second click while the first is unanswered would be a second command.
  const busy = pending.size > 0;
  const when = useMemo(
    // Facilitators read the group's clock, a member their own; the zone is named when the two differ.
    () =>
      format.sessionTime(info.startsAt, info.endsAt, {
        groupZone: info.timeZone,
        shownIn: facilitator ? 'group' : 'viewer',
      }),
    [format, info.startsAt, info.endsAt, info.timeZone, facilitator],
  );
  return (
    <div className={facilitator ? 'room room--console' : 'room'}>
      <h1>{t('room.titleOf', { group: info.groupName })}</h1>
      <div className="room__status">
        <span className="muted">{when}</span>
        <span
          className={room.connection === 'live' ? 'connection' : 'connection connection--reconnecting'}
          role="status"
        >
          {t('room.connection', { state: room.connection })}
        </span>
      </div>
      {!facilitator && viewer && (
        <details className="card room-panel room-help">
          <summary>{t('room.help.summary')}</summary>
          <p>{t('room.help.lead')}</p>
          <CrisisLines headingLevel={3} beside />
        </details>
      )}
      <Announcer messages={announcements} />
      <div role="status">{room.declined && <p className="notice">{t(`room.problem.${room.declined.problem}`)}</p>}</div>
      {room.closed === 'removed' && <p className="notice">{t('room.closed.removed')}</p>}
      {!state || !viewer ? (
        <p role="status">{t('room.joining')}</p>
      ) : facilitator && state.phase === 'ended' ? (
        <RoomSummary info={info} />
      ) : facilitator ? (
        <FacilitatorRoom
          roomId={info.roomId}
          state={state}
          viewer={viewer}
          offsetMs={offsetMs}
          meetingLink={info.meetingLink}
          lastEvent={lastEvent}
          busy={busy}
          send={send}
        />
      ) : (
        <MemberRoom
          roomId={info.roomId}
          state={state}
          viewer={viewer}
          offsetMs={offsetMs}
          meetingLink={info.meetingLink}
          lastEvent={lastEvent}
          busy={busy}
          send={send}
        />
      )}
    </div>
  );
}
