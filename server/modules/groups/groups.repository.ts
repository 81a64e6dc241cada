import type { Kysely } from 'kysely';
import { GROUP_LEAD_ROLES } from '../../../domain/roles.js';
import type { Database } from '../../db/connect.js';
import type { DB, GroupsTable } from '../../db/schema.js';

type Db = Kysely<DB>;
export type GroupRow = Omit<GroupsTable, 'createdAt' | 'updatedAt' | 'closedAt' | 'archivedAt'> & {
  closedAt: Date | string | null;
  archivedAt: Date | string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
};

const GROUP_COLUMNS = [
  'id',
  'practiceId',
  'name',
  'description',
  'modality',
  'format',
  'capacity',
  'timeZone',
  'meetingMode',
  'place',
  'meetingLink',
  'status',
  'selfReferralToken',
  'screeningQuestions',
  'closedAt',
  'archivedAt',
  'createdAt',
  'updatedAt',
] as const;

export async function insertGroup(trx: Db, row: GroupRow): Promise<void> {
  await trx.insertInto('groups').values(row).execute();
}

export async function updateGroup(
  trx: Db,
  practiceId: string,
  groupId: string,
  change: Partial<GroupRow>,
): Promise<void> {
  await trx.updateTable('groups').set(change).where('practiceId', '=', practiceId).where('id', '=', groupId).execute();
}

/**
 * What a group's public self-referral page and its requests need: by the link's token (when the
 * link is on), or by id for a request made through the link.
 */
export function findGroupForSelfReferral(db: Db, by: { token: string } | { id: string }) {
  return db
    .selectFrom('groups')
    .innerJoin('practices', 'practices.id', 'groups.practiceId')
    .select([
      'groups.id',
      'groups.practiceId',
      'groups.name',
      'groups.description',
      'groups.status',
      'groups.selfReferralToken',
      'practices.name as practiceName',
    ])
    .where('token' in by ? 'groups.selfReferralToken' : 'groups.id', '=', 'token' in by ? by.token : by.id)
    .executeTakeFirst();
}

/** A group of one practice, or undefined: the first half of every group's object check. */
export function findGroup(db: Db, practiceId: string, groupId: string) {
  return db
    .selectFrom('groups')
    .select(GROUP_COLUMNS)
    .where('practiceId', '=', practiceId)
    .where('id', '=', groupId)
    .executeTakeFirst();
}

/** A practice's groups, active first, then by name; only those a person facilitates when given. */
export function listGroups(database: Database, practiceId: string, facilitatedBy?: string) {
  return database.db
    .selectFrom('groups')
    .select(GROUP_COLUMNS.map((c) => `groups.${c}` as const))
    .where('groups.practiceId', '=', practiceId)
    .$if(facilitatedBy !== undefined, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('groupFacilitators')
            .select('groupFacilitators.userId')
            .whereRef('groupFacilitators.groupId', '=', 'groups.id')
            .where('groupFacilitators.userId', '=', facilitatedBy!),
        ),
      ),
    )
    .orderBy('groups.status')
    .orderBy('groups.name')
    .execute();
}

/** The facilitators of some groups, with names. */
export async function facilitatorsOf(db: Db, groupIds: string[]) {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('groupFacilitators')
    .innerJoin('users', 'users.id', 'groupFacilitators.userId')
    .select(['groupFacilitators.groupId', 'users.id as userId', 'users.name'])
    .where('groupFacilitators.groupId', 'in', groupIds)
    .orderBy('groupFacilitators.addedAt')
    .execute();
}

export async function replaceFacilitators(trx: Db, groupId: string, userIds: string[], now: string): Promise<void> {
  await trx.deleteFrom('groupFacilitators').where('groupId', '=', groupId).execute();
  await trx
    .insertInto('groupFacilitators')
    .values(userIds.map((userId) => ({ groupId, userId, addedAt: now })))
    .execute();
}

/** The newest agreement version of each of some groups. */
export async function latestAgreements(db: Db, groupIds: string[]) {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('groupAgreements as a')
    .select(['a.groupId', 'a.version', 'a.text', 'a.createdAt'])
    .where('a.groupId', 'in', groupIds)
    .where((eb) =>
      eb(
        'a.version',
        '=',
        eb
          .selectFrom('groupAgreements as b')
          .select((b) => b.fn.max('b.version').as('v'))
          .whereRef('b.groupId', '=', 'a.groupId'),
      ),
    )
    .execute();
}

export async function insertAgreement(
  trx: Db,
  row: { id: string; groupId: string; version: number; text: string; createdBy: string; createdAt: string },
): Promise<void> {
  await trx.insertInto('groupAgreements').values(row).execute();
}

/** Every version of a group's agreement, newest first, with who wrote it. */
export function listAgreements(database: Database, groupId: string) {
  return database.db
    .selectFrom('groupAgreements')
    .innerJoin('users', 'users.id', 'groupAgreements.createdBy')
    .select([
      'groupAgreements.version',
      'groupAgreements.text',
      'groupAgreements.createdAt',
      'users.id as userId',
      'users.name',
    ])
    .where('groupAgreements.groupId', '=', groupId)
    .orderBy('groupAgreements.version', 'desc')
    .execute();
}

/** People of a practice who may facilitate: active owners, admins and clinicians. */
export function listPossibleFacilitators(db: Db, practiceId: string) {
  return db
    .selectFrom('practiceMembers')
    .innerJoin('users', 'users.id', 'practiceMembers.userId')
    .select(['users.id as userId', 'users.name', 'practiceMembers.role'])
    .where('practiceMembers.practiceId', '=', practiceId)
    .where('practiceMembers.disabledAt', 'is', null)
    .where('practiceMembers.role', 'in', [...GROUP_LEAD_ROLES])
    .orderBy('users.name')
    .execute();
}
