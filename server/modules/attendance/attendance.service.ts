import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { attendanceRate, completesUnexcusedRun, type AttendanceStatus } from '../../../domain/attendance.js';
import { ATTENDANCE_OPENS_MINUTES } from '../../../domain/schedule.js';
import { toInstant } from '../../db/instant.js';
import type { DB } from '../../db/schema.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import { HttpProblem } from '../../platform/problem.js';
import { raiseAlert } from '../alerts/alerts.repository.js';
import { groupFor, readsClinical } from '../groups/groups.service.js';
import { expectedAt, historiesOf, sessionFor, type ScheduleContext } from '../schedule/schedule.service.js';
import { groupMarks, memberNames, saveMark, sessionMarks } from './attendance.repository.js';
import type { RecordAttendanceBody } from './attendance.schema.js';

export type AttendanceContext = ScheduleContext & { cipher: ClinicalCipher };
type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

/**
 * The attendance sheet of one session: everyone it expected (members active when it started)
 * and anyone already marked, with their marks, and their notes for the group's clinicians and
 * supervisors (decision 0019). Reading the notes is audited, naming whose notes were shown.
 */
export async function attendanceSheet(
  context: AttendanceContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  origin: Origin,
) {
  const db = context.database.db;
  const session = await sessionFor(context, viewer, groupId, sessionId);
  const [history, marks, names, group] = await Promise.all([
    historiesOf(db, [groupId]),
    sessionMarks(db, sessionId),
    memberNames(db, groupId),
    groupFor(context, viewer, groupId),
  ]);
  const clinical = readsClinical(viewer, group);
  const ids = new Set([...expectedAt(history, session), ...marks.map((m) => m.groupMemberId)]);
  const entries = names
    .filter((n) => ids.has(n.id))
    .map((n) => {
      const mark = marks.find((m) => m.groupMemberId === n.id);
      return {
        memberId: n.id,
        name: n.name,
        displayName: n.displayName,
        status: (mark?.status as AttendanceStatus | undefined) ?? null,
        note:
          clinical && mark?.note
            ? context.cipher.decrypt(mark.note, sealedIn('sessionAttendance.note', sessionId, n.id))
            : null,
      };
    })
    .sort((a, b) => (a.displayName ?? a.name).localeCompare(b.displayName ?? b.name));
  const noted = new Set(marks.filter((m) => m.note).map((m) => m.groupMemberId));
  if (clinical && noted.size > 0) {
    await context.audit.record(db, {
      action: 'clinical.attendance_notes_viewed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'session', id: sessionId },
      detail: { groupId },
      people: names.filter((n) => noted.has(n.id) && n.userId).map((n) => n.userId!),
    });
  }
  const startsAt = toInstant(session.startsAt);
  return {
    session: {
      id: session.id,
      groupId,
      groupName: session.groupName,
      timeZone: session.timeZone,
      startsAt,
      endsAt: toInstant(session.endsAt),
      status: session.status as 'scheduled' | 'cancelled',
      opensAt: new Date(Date.parse(startsAt) - ATTENDANCE_OPENS_MINUTES * 60_000).toISOString(),
    },
    entries,
  };
}

/**
 * Records marks for a session. Only people the session expected can be marked. A mark that
 * completes a run of unexcused absences raises an alert to the facilitators, once per run. An
 * owner or admin who does not facilitate the group marks who came, but writes no notes and
 * leaves the notes already there as they were (decision 0019).
 */
export async function recordAttendance(
  context: AttendanceContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  input: RecordAttendanceBody,
  origin: Origin,
): Promise<void> {
  const db = context.database.db;
  const session = await sessionFor(context, viewer, groupId, sessionId, 'edit');
  const clinical = readsClinical(viewer, await groupFor(context, viewer, groupId));
  if (!clinical) {
    const notes = input.marks.flatMap((mark, i) =>
      mark.note ? [{ field: `body.marks.${i}.note`, key: 'problem.attendance.notesClinicalOnly' as const }] : [],
    );
    if (notes.length > 0) throw new HttpProblem(403, 'problem.attendance.notesClinicalOnly', { fields: notes });
  }
  if (session.status === 'cancelled') throw new HttpProblem(409, 'problem.attendance.cancelled');
  const opensAt = Date.parse(toInstant(session.startsAt)) - ATTENDANCE_OPENS_MINUTES * 60_000;
  if (Date.now() < opensAt)
    throw new HttpProblem(409, 'problem.attendance.notOpen', { values: { minutes: ATTENDANCE_OPENS_MINUTES } });
  const expected = new Set(expectedAt(await historiesOf(db, [groupId]), session));
  const already = new Set((await sessionMarks(db, sessionId)).map((m) => m.groupMemberId));
  const errors = input.marks.flatMap((mark, i) =>
    expected.has(mark.memberId) || already.has(mark.memberId)
      ? []
      : [{ field: `body.marks.${i}.memberId`, key: 'problem.attendance.notMemberThen' as const }],
  );
  if (errors.length > 0) throw new HttpProblem(400, 'problem.attendance.unexpectedPeople', { fields: errors });

  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const mark of input.marks) {
      await saveMark(trx, {
        sessionId,
        groupMemberId: mark.memberId,
        practiceId: viewer.practiceId,
        status: mark.status,
        note: !clinical
          ? undefined
          : mark.note
            ? context.cipher.encrypt(mark.note, sealedIn('sessionAttendance.note', sessionId, mark.memberId))
            : null,
        recordedBy: viewer.userId,
        recordedAt: now,
      });
    }
    await context.audit.record(trx, {
      action: 'attendance.recorded',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'session', id: sessionId },
      detail: { groupId, marks: input.marks.length },
    });
    await raiseAbsenceAlerts(context, trx, viewer.practiceId, groupId, sessionId, input);
  });
}

/** Raises the "two unexcused absences in a row" alert for whoever this session's marks complete a run for. */
async function raiseAbsenceAlerts(
  context: AttendanceContext,
  trx: Kysely<DB>,
  practiceId: string,
  groupId: string,
  sessionId: string,
  input: RecordAttendanceBody,
): Promise<void> {
  const absent = input.marks.filter((m) => m.status === 'absent-unexcused').map((m) => m.memberId);
  if (absent.length === 0) return;
  const marks = await groupMarks(trx, groupId);
  for (const memberId of absent) {
    const own = marks.filter((m) => m.groupMemberId === memberId);
    const upTo = own.findIndex((m) => m.sessionId === sessionId);
    if (!completesUnexcusedRun(own.slice(0, upTo + 1).map((m) => m.status as AttendanceStatus))) continue;
    const alertId = crypto.randomUUID();
    const raised = await raiseAlert(trx, {
      id: alertId,
      practiceId,
      groupId,
      groupMemberId: memberId,
      kind: 'attendance.unexcused-run',
      urgency: 'routine',
      causeKey: `attendance.unexcused-run:${memberId}:${sessionId}`,
      createdAt: new Date().toISOString(),
    });
    if (raised)
      await context.jobs.enqueue(trx, {
        kind: 'alerts.notify',
        payload: { groupId, alertId },
      });
  }
}

/** Attendance rates for a group and each of its members, from recorded marks. */
export async function attendanceSummary(context: AttendanceContext, viewer: Viewer, groupId: string) {
  await groupFor(context, viewer, groupId);
  const db = context.database.db;
  const [marks, names] = await Promise.all([groupMarks(db, groupId), memberNames(db, groupId)]);
  const statuses = (memberId?: string) =>
    marks.filter((m) => !memberId || m.groupMemberId === memberId).map((m) => m.status as AttendanceStatus);
  return {
    group: attendanceRate(statuses()),
    members: names
      .filter((n) => ['active', 'on-leave', 'completed', 'left', 'removed'].includes(n.status))
      .map((n) => ({
        memberId: n.id,
        name: n.name,
        displayName: n.displayName,
        status: n.status,
        ...attendanceRate(statuses(n.id)),
      }))
      .sort((a, b) => (a.displayName ?? a.name).localeCompare(b.displayName ?? b.name)),
  };
}
