import type { Insertable, Kysely, Updateable } from 'kysely';
import { toInstant } from '../../db/instant.js';
import type { DB, GroupSchedulesTable, GroupSessionsTable } from '../../db/schema.js';

type Db = Kysely<DB>;

export type ScheduleRow = Insertable<GroupSchedulesTable>;

export function findSchedule(db: Db, groupId: string) {
  return db.selectFrom('groupSchedules').selectAll().where('groupId', '=', groupId).executeTakeFirst();
}

export async function saveSchedule(trx: Db, row: ScheduleRow): Promise<void> {
  await trx
    .insertInto('groupSchedules')
    .values(row)
    .onConflict((oc) =>
      oc.column('groupId').doUpdateSet({
        rrule: row.rrule,
        firstStart: row.firstStart,
        durationMinutes: row.durationMinutes,
        reminderMinutes: row.reminderMinutes,
        generatedUntil: row.generatedUntil,
        updatedBy: row.updatedBy,
        updatedAt: row.updatedAt,
      }),
    )
    .execute();
}

/** Schedules of rules without an end whose sessions reach less far than `until`. */
export function schedulesToExtend(db: Db, until: string) {
  return db
    .selectFrom('groupSchedules')
    .innerJoin('groups', 'groups.id', 'groupSchedules.groupId')
    .select([
      'groupSchedules.groupId',
      'groupSchedules.practiceId',
      'groupSchedules.rrule',
      'groupSchedules.firstStart',
      'groupSchedules.durationMinutes',
      'groupSchedules.generatedUntil',
      'groups.timeZone',
    ])
    .where('groupSchedules.generatedUntil', 'is not', null)
    .where('groupSchedules.generatedUntil', '<', until)
    .where('groups.status', '=', 'active')
    .execute();
}

export const SESSION_COLUMNS = [
  'groupSessions.id',
  'groupSessions.groupId',
  'groupSessions.practiceId',
  'groupSessions.occurrenceStart',
  'groupSessions.startsAt',
  'groupSessions.endsAt',
  'groupSessions.status',
  'groupSessions.cancelNote',
  'groupSessions.videoLink',
  'groupSessions.noteForMembers',
  'groupSessions.changedByHand',
  'groupSessions.sequence',
  'groupSessions.updatedAt',
] as const;

/** Sessions of some groups that start in [from, to), earliest first, with their group's facts. */
export function listSessions(db: Db, groupIds: readonly string[], from: string, to: string) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('groupSessions')
    .innerJoin('groups', 'groups.id', 'groupSessions.groupId')
    .select([
      ...SESSION_COLUMNS,
      'groups.name as groupName',
      'groups.timeZone',
      'groups.meetingMode',
      'groups.place',
      'groups.meetingLink',
    ])
    .where('groupSessions.groupId', 'in', groupIds)
    .where('groupSessions.startsAt', '>=', from)
    .where('groupSessions.startsAt', '<', to)
    .orderBy('groupSessions.startsAt')
    .execute();
}
export type SessionRow = Awaited<ReturnType<typeof listSessions>>[number];

/** One session of a group, with its group's facts. */
export function findSession(db: Db, groupId: string, sessionId: string) {
  return db
    .selectFrom('groupSessions')
    .innerJoin('groups', 'groups.id', 'groupSessions.groupId')
    .select([
      ...SESSION_COLUMNS,
      'groups.name as groupName',
      'groups.timeZone',
      'groups.meetingMode',
      'groups.place',
      'groups.meetingLink',
    ])
    .where('groupSessions.groupId', '=', groupId)
    .where('groupSessions.id', '=', sessionId)
    .executeTakeFirst();
}

/** The rule's sessions of a group that start at or after `from`. */
export function futureRuleSessions(trx: Db, groupId: string, from: string) {
  return trx
    .selectFrom('groupSessions')
    .select(['id', 'occurrenceStart', 'startsAt', 'endsAt', 'changedByHand', 'sequence'])
    .where('groupId', '=', groupId)
    .where('occurrenceStart', 'is not', null)
    .where('startsAt', '>=', from)
    .execute();
}

/** Ends a group's schedule: no repeat rule, and no sessions from `from` on (none has attendance yet). */
export async function endSchedule(trx: Db, groupId: string, from: string): Promise<void> {
  await trx.deleteFrom('groupSessions').where('groupId', '=', groupId).where('startsAt', '>=', from).execute();
  await trx
    .updateTable('groupSchedules')
    .set({ rrule: null, firstStart: null, generatedUntil: null })
    .where('groupId', '=', groupId)
    .execute();
}

/** When the group's first session still on from `from` starts, or null. */
export async function nextSessionStart(db: Db, groupId: string, from: string): Promise<string | null> {
  const row = await db
    .selectFrom('groupSessions')
    .select('startsAt')
    .where('groupId', '=', groupId)
    .where('status', '=', 'scheduled')
    .where('startsAt', '>=', from)
    .orderBy('startsAt')
    .limit(1)
    .executeTakeFirst();
  return row ? toInstant(row.startsAt) : null;
}

/** Adds sessions; one the rule already gave (same group and occurrence) is left as it is. */
export async function insertSessions(trx: Db, rows: Insertable<GroupSessionsTable>[]): Promise<void> {
  // Batches keep each statement under SQLite's limit on bound values.
  for (let i = 0; i < rows.length; i += 50) {
    await trx
      .insertInto('groupSessions')
      .values(rows.slice(i, i + 50))
      .onConflict((oc) => oc.columns(['groupId', 'occurrenceStart']).doNothing())
      .execute();
  }
}

export async function deleteSessions(trx: Db, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await trx.deleteFrom('groupSessions').where('id', 'in', ids).execute();
}

/** Changes a session and raises its iCalendar sequence, so calendar apps take the new version. */
export async function updateSession(trx: Db, sessionId: string, change: Updateable<GroupSessionsTable>): Promise<void> {
  await trx
    .updateTable('groupSessions')
    .set((eb) => ({ ...change, sequence: eb('sequence', '+', 1) }))
    .where('id', '=', sessionId)
    .execute();
}

export async function setGeneratedUntil(trx: Db, groupId: string, until: string): Promise<void> {
  await trx.updateTable('groupSchedules').set({ generatedUntil: until }).where('groupId', '=', groupId).execute();
}

/** Status histories of a group's memberships: who was active when (for each session's roster). */
export function memberHistories(db: Db, groupIds: readonly string[]) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('groupMemberEvents')
    .innerJoin('groupMembers', 'groupMembers.id', 'groupMemberEvents.groupMemberId')
    .select([
      'groupMembers.id as memberId',
      'groupMembers.groupId',
      'groupMembers.userId',
      'groupMemberEvents.toStatus',
      'groupMemberEvents.at',
    ])
    .where('groupMembers.groupId', 'in', groupIds)
    .orderBy('groupMemberEvents.at')
    .execute();
}

/** Attendance marks recorded for some sessions: how many per session, and whose. */
export function attendanceOf(db: Db, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sessionAttendance')
    .select(['sessionId', 'groupMemberId', 'status'])
    .where('sessionId', 'in', sessionIds)
    .execute();
}

/** Another scheduled session of the group that overlaps [startsAt, endsAt). */
export function overlappingSession(db: Db, groupId: string, startsAt: string, endsAt: string, exceptId: string | null) {
  return db
    .selectFrom('groupSessions')
    .select(['id', 'startsAt'])
    .where('groupId', '=', groupId)
    .where('status', '=', 'scheduled')
    .where('startsAt', '<', endsAt)
    .where('endsAt', '>', startsAt)
    .$if(exceptId !== null, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
}
