import type { Kysely } from 'kysely';
import { toInstant } from '../../db/instant.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

const COLUMNS = [
  'erasureRequests.id',
  'erasureRequests.practiceId',
  'erasureRequests.userId',
  'erasureRequests.status',
  'erasureRequests.reason',
  'erasureRequests.requestedAt',
  'erasureRequests.dueAt',
  'erasureRequests.decidedAt',
  'erasureRequests.declineReason',
  'erasureRequests.retainUntil',
] as const;

/** A request of one practice by id, with the name of the person who made it. */
export function findRequest(db: Db, practiceId: string, requestId: string) {
  return db
    .selectFrom('erasureRequests')
    .innerJoin('users', 'users.id', 'erasureRequests.userId')
    .select([...COLUMNS, 'users.name as person', 'users.email'])
    .where('erasureRequests.practiceId', '=', practiceId)
    .where('erasureRequests.id', '=', requestId)
    .executeTakeFirst();
}
export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/** A person's latest request in a practice. */
export function latestRequestOf(db: Db, practiceId: string, userId: string) {
  return db
    .selectFrom('erasureRequests')
    .select(COLUMNS)
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId)
    .orderBy('requestedAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A practice's requests: those waiting first, oldest due first; then decided ones, newest first. */
export async function listRequests(db: Db, practiceId: string) {
  const rows = await db
    .selectFrom('erasureRequests')
    .innerJoin('users', 'users.id', 'erasureRequests.userId')
    .select([...COLUMNS, 'users.name as person'])
    .where('erasureRequests.practiceId', '=', practiceId)
    .orderBy('erasureRequests.requestedAt', 'desc')
    .limit(500)
    .execute();
  const pending = rows.filter((r) => r.status === 'pending').reverse();
  return [...pending, ...rows.filter((r) => r.status !== 'pending')];
}

/** The owners and admins of a practice who can sign in: who hears of a new request. */
export function practiceAdmins(db: Db, practiceId: string) {
  return db
    .selectFrom('practiceMembers')
    .innerJoin('users', 'users.id', 'practiceMembers.userId')
    .select(['users.email', 'users.name'])
    .where('practiceMembers.practiceId', '=', practiceId)
    .where('practiceMembers.role', 'in', ['owner', 'admin'])
    .where('practiceMembers.disabledAt', 'is', null)
    .execute();
}

/**
 * When a person's last clinical record in a practice was made: a session they were marked at or
 * checked in to, a questionnaire they answered, an alert about them, their screening answers, a
 * note signed about them (or an addendum to one), their clinical record's last change, their
 * skills practice. Null when there is none.
 */
export async function lastClinicalRecordAt(db: Db, practiceId: string, userId: string): Promise<string | null> {
  const memberships = db
    .selectFrom('groupMembers')
    .select('id')
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId);
  const [session, form, alert, screening] = await Promise.all([
    db
      .selectFrom('sessionAttendance')
      .innerJoin('groupSessions', 'groupSessions.id', 'sessionAttendance.sessionId')
      .select((eb) => eb.fn.max('groupSessions.startsAt').as('at'))
      .where('sessionAttendance.groupMemberId', 'in', memberships)
      .executeTakeFirst(),
    db
      .selectFrom('measureForms')
      .select((eb) => eb.fn.max('submittedAt').as('at'))
      .where('groupMemberId', 'in', memberships)
      .executeTakeFirst(),
    db
      .selectFrom('alerts')
      .select((eb) => eb.fn.max('createdAt').as('at'))
      .where('groupMemberId', 'in', memberships)
      .executeTakeFirst(),
    db
      .selectFrom('groupMembers')
      .select((eb) => eb.fn.max('screeningSubmittedAt').as('at'))
      .where('practiceId', '=', practiceId)
      .where('userId', '=', userId)
      .executeTakeFirst(),
  ]);
  const [note, addendum, record, checkIn, practice] = await Promise.all([
    db
      .selectFrom('progressNotes')
      .select((eb) => eb.fn.max('signedAt').as('at'))
      .where('groupMemberId', 'in', memberships)
      .executeTakeFirst(),
    db
      .selectFrom('noteAddenda')
      .select((eb) => eb.fn.max('signedAt').as('at'))
      .where('noteId', 'in', (eb) =>
        eb.selectFrom('progressNotes').select('id').where('groupMemberId', 'in', memberships),
      )
      .executeTakeFirst(),
    db
      .selectFrom('clinicalRecords')
      .select((eb) => eb.fn.max('updatedAt').as('at'))
      .where('practiceId', '=', practiceId)
      .where('userId', '=', userId)
      .executeTakeFirst(),
    db
      .selectFrom('roomCheckIns')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('groupMemberId', 'in', memberships)
      .executeTakeFirst(),
    db
      .selectFrom('practiceLogs')
      .select((eb) => eb.fn.max('createdAt').as('at'))
      .where('groupMemberId', 'in', memberships)
      .executeTakeFirst(),
  ]);
  const times = [session, form, alert, screening, note, addendum, record, checkIn, practice]
    .map((row) => row?.at)
    .filter((at): at is Date | string => at !== null && at !== undefined)
    .map((at) => toInstant(at))
    .sort();
  return times.at(-1) ?? null;
}
