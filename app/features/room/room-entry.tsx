import { useMutation, useQuery } from '@tanstack/react-query';
import { useChanged } from '../../api/changes.js';
import { Link, useNavigate } from 'react-router';
import { ROOM_OPENS_MINUTES } from '../../../domain/room.js';
import { api } from '../../api/client.js';
import { openRoom, roomKeys, type RoomInfo } from '../../api/room.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

/** Whether a planned session's room may be opened now: from 30 minutes before until it ends. */
export function roomMayOpen(session: { startsAt: string; endsAt: string; status: string }, now: number): boolean {
  return (
    session.status === 'scheduled' &&
    Date.parse(session.startsAt) - ROOM_OPENS_MINUTES * 60_000 <= now &&
    now < Date.parse(session.endsAt)
  );
}

/** "Open the room" for a facilitator: opens it (or finds it open) and goes in. */
export function OpenRoomButton({ groupId, sessionId, label }: { groupId: string; sessionId: string; label: string }) {
  const t = useT();
  const navigate = useNavigate();
  const changed = useChanged();
  const open = useMutation({
    mutationFn: () => openRoom(groupId, sessionId),
    // The group's sessions and the agenda now show the room as open.
    onSuccess: async (room) => {
      await changed({ group: groupId });
      await navigate(`/rooms/${room.roomId}`);
    },
  });
  return (
    <>
      <button type="button" className="button" onClick={() => open.mutate()} disabled={open.isPending}>
        {t('room.open')}
        <span className="visually-hidden">, {label}</span>
      </button>
      {open.error && (
        <span className="field-problem" role="alert">
          {open.error.message}
        </span>
      )}
    </>
  );
}

/**
 * A member's way in: each open room of theirs, for groups that meet online (an in-person group's
 * room runs on the facilitator's laptop). Shows nothing when no room is open.
 */
export function JoinRooms() {
  const t = useT();
  const format = useFormat();
  const rooms = useQuery({ queryKey: roomKeys.mine, queryFn: () => api<{ rooms: RoomInfo[] }>('/api/my/rooms') });
  const open = (rooms.data?.rooms ?? []).filter((r) => r.status === 'open' && r.meetingMode !== 'in-person');
  if (open.length === 0) return null;
  return (
    <section className="card card--attention" aria-labelledby="join-heading">
      <h2 id="join-heading">{t('room.join.heading')}</h2>
      <ul className="list">
        {open.map((r) => (
          <li key={r.roomId} className="list__item">
            <div>
              <strong>{r.groupName}</strong>
              <br />
              <span className="muted">
                {format.sessionTime(r.startsAt, r.endsAt, { groupZone: r.timeZone, shownIn: 'viewer' })}
              </span>
            </div>
            <Link className="button" to={`/rooms/${r.roomId}`}>
              {t('room.join.button')}
              <span className="visually-hidden">, {r.groupName}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="hint">{t('room.join.lead')}</p>
    </section>
  );
}
