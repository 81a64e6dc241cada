import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, MeasureFormsTable } from '../../db/schema.js';

type Db = Kysely<DB>;

export function customInstruments(db: Db, practiceId: string) {
  return db.selectFrom('instruments').select(['id', 'definition']).where('practiceId', '=', practiceId).execute();
}

export async function insertInstrument(
  trx: Db,
  row: { id: string; practiceId: string; definition: string; createdBy: string; createdAt: string },
): Promise<void> {
  await trx.insertInto('instruments').values(row).execute();
}

export function groupPlan(db: Db, groupIds: readonly string[]) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('groupMeasures')
    .select(['id', 'groupId', 'instrumentId', 'cadence', 'everyWeeks', 'main'])
    .where('groupId', 'in', groupIds)
    .orderBy('createdAt')
    .execute();
}

export async function replacePlan(
  trx: Db,
  groupId: string,
  rows: Array<{ id: string; instrumentId: string; cadence: string; everyWeeks: number | null; main: boolean | number }>,
  now: string,
): Promise<void> {
  await trx.deleteFrom('groupMeasures').where('groupId', '=', groupId).execute();
  if (rows.length > 0)
    await trx
      .insertInto('groupMeasures')
      .values(rows.map((r) => ({ ...r, groupId, createdAt: now })))
      .execute();
}

/** Adds forms that are due; one that exists for the same member, instrument and occasion is kept. */
export async function insertForms(trx: Db, rows: Insertable<MeasureFormsTable>[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += 50) {
    const result = await trx
      .insertInto('measureForms')
      .values(rows.slice(i, i + 50))
      .onConflict((oc) => oc.columns(['groupMemberId', 'instrumentId', 'occasion']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

const FORM_COLUMNS = [
  'measureForms.id',
  'measureForms.practiceId',
  'measureForms.groupId',
  'measureForms.groupMemberId',
  'measureForms.instrumentId',
  'measureForms.occasion',
  'measureForms.sessionId',
  'measureForms.dueAt',
  'measureForms.status',
  'measureForms.answers',
  'measureForms.total',
  'measureForms.band',
  'measureForms.safetyFlag',
  'measureForms.language',
  'measureForms.submittedAt',
  'groupMembers.status as memberStatus',
] as const;

/** A person's own forms in a practice, with their group's name. */
export function ownForms(db: Db, practiceId: string, userId: string) {
  return db
    .selectFrom('measureForms')
    .innerJoin('groupMembers', 'groupMembers.id', 'measureForms.groupMemberId')
    .innerJoin('groups', 'groups.id', 'measureForms.groupId')
    .select([...FORM_COLUMNS, 'groups.name as groupName'])
    .where('measureForms.practiceId', '=', practiceId)
    .where('groupMembers.userId', '=', userId)
    .orderBy('measureForms.dueAt')
    .execute();
}
export type FormRow = Awaited<ReturnType<typeof ownForms>>[number];

/** One form, if it is this person's own. */
export function findOwnForm(db: Db, practiceId: string, userId: string, formId: string) {
  return db
    .selectFrom('measureForms')
    .innerJoin('groupMembers', 'groupMembers.id', 'measureForms.groupMemberId')
    .innerJoin('groups', 'groups.id', 'measureForms.groupId')
    .select([...FORM_COLUMNS, 'groups.name as groupName'])
    .where('measureForms.practiceId', '=', practiceId)
    .where('groupMembers.userId', '=', userId)
    .where('measureForms.id', '=', formId)
    .executeTakeFirst();
}

export async function updateForm(trx: Db, formId: string, change: Updateable<MeasureFormsTable>): Promise<void> {
  await trx.updateTable('measureForms').set(change).where('id', '=', formId).execute();
}

/**
 * Every submitted form's score in some groups, oldest first: what the roster view and a member's
 * progress chart. Only the columns they show: no ids and no sealed answers (a year of a group's
 * forms is thousands of rows, and on PostgreSQL each column of each row is parsed on arrival);
 * screenForms reads the few forms whose answers a page opens.
 */
export function submittedForms(db: Db, groupIds: readonly string[]) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('measureForms')
    .select(['groupMemberId', 'instrumentId', 'sessionId', 'total', 'band', 'safetyFlag', 'submittedAt'])
    .where('groupId', 'in', groupIds)
    .where('status', '=', 'completed')
    .orderBy('submittedAt')
    .execute();
}

/** A group's submitted forms of some instruments (screens with parts), oldest first, with their sealed answers. */
export function screenForms(db: Db, groupId: string, instrumentIds: readonly string[]) {
  if (instrumentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('measureForms')
    .select(['id', 'groupMemberId', 'instrumentId', 'answers', 'submittedAt'])
    .where('groupId', '=', groupId)
    .where('instrumentId', 'in', instrumentIds)
    .where('status', '=', 'completed')
    .orderBy('submittedAt')
    .execute();
}

/**
 * A group's submitted forms with their encrypted answers, for export, each with the person it is
 * about: their membership of the practice, which is the same in every group they join.
 */
export function formsWithAnswers(db: Db, groupId: string) {
  return db
    .selectFrom('measureForms')
    .innerJoin('groupMembers', 'groupMembers.id', 'measureForms.groupMemberId')
    .leftJoin('practiceMembers', (join) =>
      join
        .onRef('practiceMembers.practiceId', '=', 'groupMembers.practiceId')
        .onRef('practiceMembers.userId', '=', 'groupMembers.userId'),
    )
    .select([
      'measureForms.id',
      'measureForms.groupMemberId',
      'practiceMembers.id as personId',
      'measureForms.instrumentId',
      'measureForms.occasion',
      'measureForms.answers',
      'measureForms.total',
      'measureForms.band',
      'measureForms.language',
      'measureForms.submittedAt',
      'groupMembers.userId',
      'groupMembers.name',
      'groupMembers.displayName',
    ])
    .where('measureForms.groupId', '=', groupId)
    .where('measureForms.status', '=', 'completed')
    .orderBy('measureForms.submittedAt')
    .execute();
}

/** Forms still open after `before`: overdue reminders and missed check-outs read these. */
export function openFormsDueBefore(db: Db, before: string) {
  return db
    .selectFrom('measureForms')
    .innerJoin('groupMembers', 'groupMembers.id', 'measureForms.groupMemberId')
    .innerJoin('users', 'users.id', 'groupMembers.userId')
    .innerJoin('groups', 'groups.id', 'measureForms.groupId')
    .select([
      'measureForms.id',
      'measureForms.groupId',
      'measureForms.groupMemberId',
      'measureForms.instrumentId',
      'measureForms.dueAt',
      'measureForms.remindedAt',
      'measureForms.status',
      'users.email',
      'users.name',
      'groups.name as groupName',
      'groups.practiceId',
    ])
    .where('measureForms.status', 'in', ['due', 'in-progress'])
    .where('measureForms.dueAt', '<', before)
    .execute();
}

export function safetySettings(db: Db, practiceId: string) {
  return db.selectFrom('practiceSafety').selectAll().where('practiceId', '=', practiceId).executeTakeFirst();
}

export async function saveSafetySettings(
  trx: Db,
  row: { practiceId: string; backupClinicianId: string | null; escalationMinutes: number; updatedAt: string },
): Promise<void> {
  await trx
    .insertInto('practiceSafety')
    .values(row)
    .onConflict((oc) =>
      oc.column('practiceId').doUpdateSet({
        backupClinicianId: row.backupClinicianId,
        escalationMinutes: row.escalationMinutes,
        updatedAt: row.updatedAt,
      }),
    )
    .execute();
}
