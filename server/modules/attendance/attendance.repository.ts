import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/** The marks recorded for one session, notes still encrypted. */
export function sessionMarks(db: Db, sessionId: string) {
  return db
    .selectFrom('sessionAttendance')
    .select(['groupMemberId', 'status', 'note', 'recordedAt'])
    .where('sessionId', '=', sessionId)
    .execute();
}

/** Records or replaces one person's mark for one session; `note: undefined` keeps the note already there. */
export async function saveMark(
  trx: Db,
  row: {
    sessionId: string;
    groupMemberId: string;
    practiceId: string;
    status: string;
    note: string | null | undefined;
    recordedBy: string;
    recordedAt: string;
  },
): Promise<void> {
  const { status, note, recordedBy, recordedAt } = row;
  await trx
    .insertInto('sessionAttendance')
    .values({ ...row, note: note ?? null })
    .onConflict((oc) =>
      oc
        .columns(['sessionId', 'groupMemberId'])
        .doUpdateSet({ status, recordedBy, recordedAt, ...(note !== undefined && { note }) }),
    )
    .execute();
}

/** Every mark of a group, oldest session first: rates and runs of absences come from these. */
export function groupMarks(db: Db, groupId: string) {
  return db
    .selectFrom('sessionAttendance')
    .innerJoin('groupSessions', 'groupSessions.id', 'sessionAttendance.sessionId')
    .select(['sessionAttendance.groupMemberId', 'sessionAttendance.sessionId', 'sessionAttendance.status'])
    .where('groupSessions.groupId', '=', groupId)
    .where('groupSessions.status', '=', 'scheduled')
    .orderBy('groupSessions.startsAt')
    .execute();
}

/** Names of a group's memberships, for the sheet: staff see both the name and the display name. */
export function memberNames(db: Db, groupId: string) {
  return db
    .selectFrom('groupMembers')
    .select(['id', 'userId', 'name', 'displayName', 'status'])
    .where('groupId', '=', groupId)
    .execute();
}
