import { sql, type Insertable, type Kysely } from 'kysely';
import { GROUP_LEAD_ROLES } from '../../../domain/roles.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/** What a claim says about the practice, or undefined before it is set. */
export function findPracticeBilling(db: Db, practiceId: string) {
  return db
    .selectFrom('practiceBilling')
    .select(['billingName', 'address', 'taxId', 'npi', 'telehealthPlace'])
    .where('practiceId', '=', practiceId)
    .executeTakeFirst();
}

export async function savePracticeBilling(
  trx: Db,
  row: {
    practiceId: string;
    billingName: string;
    address: string;
    taxId: string;
    npi: string;
    telehealthPlace: string;
    updatedBy: string;
    updatedAt: string;
  },
): Promise<void> {
  const { billingName, address, taxId, npi, telehealthPlace, updatedBy, updatedAt } = row;
  const rest = { billingName, address, taxId, npi, telehealthPlace, updatedBy, updatedAt };
  await trx
    .insertInto('practiceBilling')
    .values(row)
    .onConflict((oc) => oc.column('practiceId').doUpdateSet(rest))
    .execute();
}

/** The practice's fees, replaced as a whole. */
export async function replaceFees(
  trx: Db,
  practiceId: string,
  fees: ReadonlyArray<{ cpt: string; feeCents: number }>,
): Promise<void> {
  await trx.deleteFrom('practiceFees').where('practiceId', '=', practiceId).execute();
  if (fees.length > 0)
    await trx
      .insertInto('practiceFees')
      .values(fees.map((f) => ({ practiceId, ...f })))
      .execute();
}

export function feesOf(db: Db, practiceId: string) {
  return db.selectFrom('practiceFees').select(['cpt', 'feeCents']).where('practiceId', '=', practiceId).execute();
}

/** The practice's people who run groups, with their billing identifiers where set. */
export function cliniciansOf(db: Db, practiceId: string) {
  return db
    .selectFrom('practiceMembers')
    .innerJoin('users', 'users.id', 'practiceMembers.userId')
    .leftJoin('billingClinicians', (join) =>
      join
        .onRef('billingClinicians.userId', '=', 'practiceMembers.userId')
        .onRef('billingClinicians.practiceId', '=', 'practiceMembers.practiceId'),
    )
    .select([
      'users.id as userId',
      'users.name',
      'practiceMembers.role',
      'billingClinicians.npi',
      'billingClinicians.licence',
      'billingClinicians.taxonomy',
    ])
    .where('practiceMembers.practiceId', '=', practiceId)
    .where('practiceMembers.role', 'in', [...GROUP_LEAD_ROLES])
    .where('practiceMembers.disabledAt', 'is', null)
    .orderBy('users.name')
    .execute();
}

export async function saveClinician(
  trx: Db,
  row: { practiceId: string; userId: string; npi: string; licence: string; taxonomy: string; updatedAt: string },
): Promise<void> {
  const { npi, licence, taxonomy, updatedAt } = row;
  await trx
    .insertInto('billingClinicians')
    .values(row)
    .onConflict((oc) => oc.columns(['practiceId', 'userId']).doUpdateSet({ npi, licence, taxonomy, updatedAt }))
    .execute();
}

export type NewLine = Insertable<DB['billingLines']>;

export async function insertLines(trx: Db, rows: readonly NewLine[]): Promise<void> {
  if (rows.length > 0)
    await trx
      .insertInto('billingLines')
      .values([...rows])
      .execute();
}

/** The members of a session who already have a line. */
export async function billedMembers(db: Db, sessionId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('billingLines').select('groupMemberId').where('sessionId', '=', sessionId).execute();
  return new Set(rows.map((r) => r.groupMemberId));
}

/**
 * Lines of a practice between two instants (start included, end excluded), oldest first, with
 * the names they are shown under; `groupIds` limits them to some groups, `userId` to one person.
 */
export function linesOf(
  db: Db,
  practiceId: string,
  filter: {
    from?: string;
    to?: string;
    groupIds?: readonly string[];
    userId?: string;
    lineIds?: readonly string[];
    sessionId?: string;
  },
) {
  let query = db
    .selectFrom('billingLines')
    .innerJoin('groups', 'groups.id', 'billingLines.groupId')
    .innerJoin('groupMembers', 'groupMembers.id', 'billingLines.groupMemberId')
    .leftJoin('users as clinician', 'clinician.id', 'billingLines.clinicianId')
    .selectAll('billingLines')
    .select([
      'groups.name as groupName',
      'groups.timeZone',
      'groupMembers.name as memberName',
      'clinician.name as clinicianName',
    ])
    .where('billingLines.practiceId', '=', practiceId);
  if (filter.from) query = query.where('billingLines.serviceAt', '>=', filter.from);
  if (filter.to) query = query.where('billingLines.serviceAt', '<', filter.to);
  if (filter.groupIds)
    query = query.where('billingLines.groupId', 'in', filter.groupIds.length > 0 ? [...filter.groupIds] : ['']);
  if (filter.userId) query = query.where('billingLines.userId', '=', filter.userId);
  if (filter.sessionId) query = query.where('billingLines.sessionId', '=', filter.sessionId);
  if (filter.lineIds)
    query = query.where('billingLines.id', 'in', filter.lineIds.length > 0 ? [...filter.lineIds] : ['']);
  return query.orderBy('billingLines.serviceAt').orderBy('groupMembers.name').execute();
}
export type LineRow = Awaited<ReturnType<typeof linesOf>>[number];

export function findLine(db: Db, practiceId: string, lineId: string) {
  return db
    .selectFrom('billingLines')
    .selectAll()
    .where('practiceId', '=', practiceId)
    .where('id', '=', lineId)
    .executeTakeFirst();
}

/** Moves a line on from the status it was read in; false when someone else moved it first. */
export async function setLineStatus(
  trx: Db,
  lineId: string,
  from: string,
  change: {
    status: string;
    statusNote: string | null;
    statusChangedBy: string;
    statusChangedAt: string;
    paidCents: number | null;
  },
): Promise<boolean> {
  const result = await trx
    .updateTable('billingLines')
    .set(change)
    .where('id', '=', lineId)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Lines per statement when marking an export: two parameters each, well under both engines' limits. */
const EXPORT_BATCH = 500;

/**
 * Marks open lines exported, each with the diagnosis codes it was claimed under (sealed to its own
 * id, so each line's value differs), a few hundred per statement: a line per round trip made a
 * practice-year's export take 20 s on PostgreSQL. Returns the ids that were still open.
 */
export async function markExported(
  trx: Db,
  lines: ReadonlyArray<{ id: string; diagnosisCodes: string }>,
  change: { by: string; at: string },
): Promise<Set<string>> {
  const marked = new Set<string>();
  for (let start = 0; start < lines.length; start += EXPORT_BATCH) {
    const batch = lines.slice(start, start + EXPORT_BATCH);
    const codes = sql<string>`case ${sql.ref('id')} ${sql.join(
      batch.map((line) => sql`when ${line.id} then ${line.diagnosisCodes}`),
      sql` `,
    )} end`;
    const rows = await trx
      .updateTable('billingLines')
      .set({
        status: 'exported',
        diagnosisCodes: codes,
        exportedAt: change.at,
        statusChangedAt: change.at,
        statusChangedBy: change.by,
        statusNote: null,
      })
      .where(
        'id',
        'in',
        batch.map((line) => line.id),
      )
      .where('status', '=', 'open')
      .returning('id')
      .execute();
    for (const row of rows) marked.add(row.id);
  }
  return marked;
}

/** The groups a clinician facilitates in a practice. */
export async function facilitatedGroups(db: Db, practiceId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('groupFacilitators')
    .innerJoin('groups', 'groups.id', 'groupFacilitators.groupId')
    .select('groups.id')
    .where('groups.practiceId', '=', practiceId)
    .where('groupFacilitators.userId', '=', userId)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Which of these lines' notes are signed, and co-signed where a supervisor must: "sessionId/memberId"
 * of each. Read in chunks, so a practice-year's export stays within both engines' parameter limits.
 */
export async function noteStatesOf(
  db: Db,
  lines: ReadonlyArray<{ sessionId: string; groupMemberId: string }>,
): Promise<Set<string>> {
  const signed = new Set<string>();
  const sessions = [...new Set(lines.map((l) => l.sessionId))];
  for (let i = 0; i < sessions.length; i += 500) {
    const rows = await db
      .selectFrom('progressNotes')
      .select(['sessionId', 'groupMemberId'])
      .where('sessionId', 'in', sessions.slice(i, i + 500))
      .where('status', '=', 'signed')
      .where((eb) => eb.or([eb('cosignerId', 'is', null), eb('cosignedAt', 'is not', null)]))
      .execute();
    for (const r of rows) signed.add(`${r.sessionId}/${r.groupMemberId}`);
  }
  return signed;
}
