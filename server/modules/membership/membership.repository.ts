import type { Kysely } from 'kysely';
import { HOLDS_PLACE, STILL_OPEN } from '../../../domain/membership.js';
import type { Engine } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import type { Insertable, Updateable } from 'kysely';
import type { DB, GroupMembersTable, SelfReferralRequestsTable } from '../../db/schema.js';

type Db = Kysely<DB>;

const MEMBER_COLUMNS = [
  'id',
  'practiceId',
  'groupId',
  'userId',
  'email',
  'name',
  'status',
  'displayName',
  'agreementVersion',
  'agreementAcceptedAt',
  'statusChangedAt',
  'endReason',
  'offerExpiresAt',
  'screeningSubmittedAt',
  'dischargeReason',
  'dischargeSummary',
  'createdAt',
] as const;

export async function insertMember(trx: Db, row: Insertable<GroupMembersTable>): Promise<void> {
  await trx.insertInto('groupMembers').values(row).execute();
}

export async function updateMember(trx: Db, memberId: string, change: Updateable<GroupMembersTable>): Promise<void> {
  await trx.updateTable('groupMembers').set(change).where('id', '=', memberId).execute();
}

export async function insertMemberEvent(
  trx: Db,
  event: {
    id: string;
    groupMemberId: string;
    fromStatus: string | null;
    toStatus: string;
    reason: string | null;
    byUserId: string | null;
    at: string;
  },
): Promise<void> {
  await trx.insertInto('groupMemberEvents').values(event).execute();
}

/** One membership of a group: the object check for every roster change. */
export function findMember(db: Db, groupId: string, memberId: string) {
  return db
    .selectFrom('groupMembers')
    .select(MEMBER_COLUMNS)
    .where('groupId', '=', groupId)
    .where('id', '=', memberId)
    .executeTakeFirst();
}

export function findMemberByEmail(db: Db, groupId: string, email: string) {
  return db
    .selectFrom('groupMembers')
    .select(['id', 'status'])
    .where('groupId', '=', groupId)
    .where('email', '=', email)
    .executeTakeFirst();
}

/** A person's own membership of a group in their practice. */
export function findOwnMembership(db: Db, practiceId: string, groupId: string, userId: string) {
  return db
    .selectFrom('groupMembers')
    .select(MEMBER_COLUMNS)
    .where('practiceId', '=', practiceId)
    .where('groupId', '=', groupId)
    .where('userId', '=', userId)
    .executeTakeFirst();
}

/** Everyone in a group's roster, in the order they came. */
export function listRoster(db: Db, groupId: string) {
  return db
    .selectFrom('groupMembers')
    .select(MEMBER_COLUMNS)
    .where('groupId', '=', groupId)
    .orderBy('createdAt')
    .execute();
}

/** A person's memberships in their practice that have not ended in a decline. */
export function listOwnMemberships(db: Db, practiceId: string, userId: string) {
  return db
    .selectFrom('groupMembers')
    .select(MEMBER_COLUMNS)
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId)
    .where('status', '!=', 'declined')
    .orderBy('createdAt')
    .execute();
}

/** The names peers see: the display names of a group's active members. */
export async function activeDisplayNames(
  db: Db,
  groupId: string,
): Promise<Array<{ userId: string | null; displayName: string }>> {
  const rows = await db
    .selectFrom('groupMembers')
    .select(['userId', 'displayName'])
    .where('groupId', '=', groupId)
    .where('status', '=', 'active')
    .where('displayName', 'is not', null)
    .orderBy('displayNameKey')
    .execute();
  return rows.map((r) => ({ userId: r.userId, displayName: r.displayName! }));
}

/**
 * The names a member sees in their group: the active members' display names, and "a former
 * member" for each person erased at their request (docs/decisions/0030) where their name was.
 */
export async function peerNames(
  db: Db,
  groupId: string,
): Promise<Array<{ userId: string | null; displayName: string }>> {
  const rows = await db
    .selectFrom('groupMembers')
    .select(['userId', 'displayName', 'erasedAt'])
    .where('groupId', '=', groupId)
    .where('displayName', 'is not', null)
    .where((eb) => eb.or([eb('status', '=', 'active'), eb('erasedAt', 'is not', null)]))
    .orderBy('displayNameKey')
    .execute();
  // Former members last: the people in the group now come first.
  return [...rows.filter((r) => r.erasedAt === null), ...rows.filter((r) => r.erasedAt !== null)].map((r) => ({
    userId: r.userId,
    displayName: r.displayName!,
  }));
}

/**
 * Serialises changes to one group's places: PostgreSQL locks the group's row until the
 * transaction ends; SQLite already runs one writing transaction at a time.
 */
export async function lockGroup(trx: Db, engine: Engine, groupId: string): Promise<void> {
  if (engine === 'postgres')
    await trx.selectFrom('groups').select('id').where('id', '=', groupId).forUpdate().execute();
}

/** How many of a group's places are taken; a waitlist offer that lapsed no longer holds one. */
export async function placesTaken(trx: Db, groupId: string, now: string): Promise<number> {
  const row = await trx
    .selectFrom('groupMembers')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('groupId', '=', groupId)
    .where('status', 'in', [...HOLDS_PLACE])
    .where((eb) => eb.or([eb('offerExpiresAt', 'is', null), eb('offerExpiresAt', '>', now)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many people on a group's list still need a decision or a discharge. */
export async function stillOpen(db: Db, groupId: string): Promise<number> {
  const row = await db
    .selectFrom('groupMembers')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('groupId', '=', groupId)
    .where('status', 'in', [...STILL_OPEN])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Waitlist offers that lapsed unanswered before `now`. */
export function lapsedOffers(db: Db, now: string) {
  return db
    .selectFrom('groupMembers')
    .select(['id', 'groupId', 'offerExpiresAt'])
    .where('status', '=', 'admitted')
    .where('offerExpiresAt', 'is not', null)
    .where('offerExpiresAt', '<=', now)
    .execute();
}

/** The person who has waited longest on a group's waitlist. */
export function nextWaiting(trx: Db, groupId: string) {
  return trx
    .selectFrom('groupMembers')
    .select(MEMBER_COLUMNS)
    .where('groupId', '=', groupId)
    .where('status', '=', 'waitlisted')
    .orderBy('statusChangedAt')
    .limit(1)
    .executeTakeFirst();
}

/** Gives referrals made before the person had an account to the account they now have. */
export async function linkMembershipsByEmail(
  trx: Db,
  practiceId: string,
  email: string,
  userId: string,
): Promise<void> {
  await trx
    .updateTable('groupMembers')
    .set({ userId })
    .where('practiceId', '=', practiceId)
    .where('email', '=', email)
    .where('userId', 'is', null)
    .execute();
}

/**
 * Everyone on the way into some groups (referred, waitlisted, offered a place, active), with
 * their group's name. The caller chooses the groups (those the viewer may see).
 */
export function listIntake(db: Db, practiceId: string, groupIds: string[]) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('groupMembers')
    .innerJoin('groups', 'groups.id', 'groupMembers.groupId')
    .select([
      'groupMembers.id',
      'groupMembers.groupId',
      'groups.name as groupName',
      'groupMembers.name',
      'groupMembers.email',
      'groupMembers.userId',
      'groupMembers.status',
      'groupMembers.displayName',
      'groupMembers.agreementVersion',
      'groupMembers.statusChangedAt',
      'groupMembers.endReason',
      'groupMembers.offerExpiresAt',
      'groupMembers.screeningSubmittedAt',
      'groupMembers.createdAt',
      'groupMembers.practiceId',
      'groupMembers.agreementAcceptedAt',
    ])
    .where('groupMembers.practiceId', '=', practiceId)
    .where('groupMembers.groupId', 'in', groupIds)
    .where('groupMembers.status', 'in', ['referred', 'waitlisted', 'admitted', 'active'])
    .orderBy('groupMembers.statusChangedAt')
    .execute();
}

/** The encrypted screening answers of one membership. */
export async function findScreeningAnswers(db: Db, memberId: string): Promise<string | null> {
  const row = await db
    .selectFrom('groupMembers')
    .select('screeningAnswers')
    .where('id', '=', memberId)
    .executeTakeFirst();
  return row?.screeningAnswers ?? null;
}

export async function insertSelfReferralRequest(db: Db, row: Insertable<SelfReferralRequestsTable>): Promise<void> {
  await db.insertInto('selfReferralRequests').values(row).execute();
}

/** When this address last asked to join this group through its link, if its request is still waiting. */
export async function lastSelfReferralRequestAt(db: Db, groupId: string, email: string): Promise<string | null> {
  const row = await db
    .selectFrom('selfReferralRequests')
    .select('createdAt')
    .where('groupId', '=', groupId)
    .where('email', '=', email)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  return row ? toInstant(row.createdAt) : null;
}

/** A request by its confirmation link: its id and the hash of its secret. */
export function findSelfReferralRequest(db: Db, id: string, hash: string) {
  return db
    .selectFrom('selfReferralRequests')
    .select(['id', 'groupId', 'email', 'name', 'expiresAt'])
    .where('id', '=', id)
    .where('tokenHash', '=', hash)
    .executeTakeFirst();
}

/** Takes a request out (a link works once); false when another confirmation took it first. */
export async function takeSelfReferralRequest(trx: Db, id: string): Promise<boolean> {
  const result = await trx.deleteFrom('selfReferralRequests').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Forgets requests nobody confirmed in time: their names and addresses are kept no longer. */
export async function deleteExpiredSelfReferralRequests(db: Db, now: string): Promise<void> {
  await db.deleteFrom('selfReferralRequests').where('expiresAt', '<', now).execute();
}
