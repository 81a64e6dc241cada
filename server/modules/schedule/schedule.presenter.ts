import type { AttendanceStatus } from '../../../domain/attendance.js';
import { VIDEO_LINK_OPENS_MINUTES } from '../../../domain/schedule.js';
import { toInstant } from '../../db/instant.js';
import type { SessionRow } from './schedule.repository.js';
import type { MemberSession, StaffSession } from './schedule.schema.js';

/** The facts of a session every viewer shares; the link and notes differ by who looks. */
function common(row: SessionRow) {
  return {
    id: row.id,
    groupId: row.groupId,
    groupName: row.groupName,
    timeZone: row.timeZone,
    startsAt: toInstant(row.startsAt),
    endsAt: toInstant(row.endsAt),
    status: row.status as 'scheduled' | 'cancelled',
    cancelNote: row.cancelNote,
    noteForMembers: row.noteForMembers,
    meetingMode: row.meetingMode,
    place: row.meetingMode === 'online' ? null : row.place,
  };
}

/** A session as its facilitators and the practice's staff see it. */
export function presentStaffSession(row: SessionRow, attendance: StaffSession['attendance']): StaffSession {
  const movedFrom =
    row.occurrenceStart && toInstant(row.occurrenceStart) !== toInstant(row.startsAt)
      ? toInstant(row.occurrenceStart)
      : null;
  return {
    ...common(row),
    videoLink: row.meetingMode === 'in-person' ? null : (row.videoLink ?? row.meetingLink),
    extra: row.occurrenceStart === null,
    movedFrom,
    attendance,
  };
}

/**
 * A session as a member sees it. The meeting link appears only from shortly before the session
 * until it ends, so it is not passed around days ahead (PRODUCT.md §3.3).
 */
export function presentMemberSession(row: SessionRow, myAttendance: AttendanceStatus | null, now: Date): MemberSession {
  const link = row.meetingMode === 'in-person' ? null : (row.videoLink ?? row.meetingLink);
  const opensAt = Date.parse(toInstant(row.startsAt)) - VIDEO_LINK_OPENS_MINUTES * 60_000;
  const open =
    row.status === 'scheduled' && now.getTime() >= opensAt && now.getTime() < Date.parse(toInstant(row.endsAt));
  return {
    ...common(row),
    videoLink: link && open ? link : null,
    videoLinkOpensAt: link && row.status === 'scheduled' ? new Date(opensAt).toISOString() : null,
    extra: row.occurrenceStart === null,
    moved: row.occurrenceStart !== null && toInstant(row.occurrenceStart) !== toInstant(row.startsAt),
    myAttendance,
  };
}
