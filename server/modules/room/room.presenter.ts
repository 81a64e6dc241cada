import { toInstant } from '../../db/instant.js';
import type { RoomRow } from './room.repository.js';

/** A room as the web app sees it: the session, the group's meeting link, and whether it is open. */
export function presentRoom(row: RoomRow) {
  return {
    roomId: row.id,
    sessionId: row.sessionId,
    groupId: row.groupId,
    groupName: row.groupName,
    timeZone: row.timeZone,
    startsAt: toInstant(row.startsAt),
    endsAt: toInstant(row.endsAt),
    status: row.status as 'open' | 'ended',
    meetingMode: row.meetingMode,
    meetingLink: row.meetingLink,
    openedAt: toInstant(row.openedAt),
    endedAt: row.endedAt ? toInstant(row.endedAt) : null,
  };
}
