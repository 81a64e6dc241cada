import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Engine } from '../../db/connect.js';
import type { DB, SpacePostsTable } from '../../db/schema.js';
import { boolValue } from '../../db/values.js';

type Db = Kysely<DB>;

/** A group's settings for its space; the defaults when none were saved. */
export async function spaceSettings(db: Db, groupId: string) {
  const row = await db.selectFrom('spaceSettings').selectAll().where('groupId', '=', groupId).executeTakeFirst();
  return {
    anonymousAllowed: Boolean(row?.anonymousAllowed ?? false),
    premoderateFirst: row?.premoderateFirst ?? 0,
    readingHours: row?.readingHours ?? null,
    quietFrom: row?.quietFrom ?? null,
    quietUntil: row?.quietUntil ?? null,
  };
}
export type SpaceSettings = Awaited<ReturnType<typeof spaceSettings>>;

export async function saveSpaceSettings(
  trx: Db,
  engine: Engine,
  groupId: string,
  settings: SpaceSettings,
  at: string,
): Promise<void> {
  const row = { ...settings, anonymousAllowed: boolValue(engine, settings.anonymousAllowed), updatedAt: at };
  await trx
    .insertInto('spaceSettings')
    .values({ groupId, ...row })
    .onConflict((oc) => oc.column('groupId').doUpdateSet(row))
    .execute();
}

/**
 * Every post of a group, threads and replies, with what its author's membership is now (a post
 * of someone who left shows "a former member") and the name of a facilitator who wrote one.
 */
export function groupPosts(db: Db, groupId: string) {
  return db
    .selectFrom('spacePosts')
    .leftJoin('groupMembers', 'groupMembers.id', 'spacePosts.groupMemberId')
    .innerJoin('users', 'users.id', 'spacePosts.authorUserId')
    .select([
      'spacePosts.id',
      'spacePosts.threadId',
      'spacePosts.channel',
      'spacePosts.authorUserId',
      'spacePosts.groupMemberId',
      'spacePosts.anonymous',
      'spacePosts.title',
      'spacePosts.body',
      'spacePosts.status',
      'spacePosts.heldFor',
      'spacePosts.screeningLevel',
      'spacePosts.alertId',
      'spacePosts.pinned',
      'spacePosts.locked',
      'spacePosts.editNote',
      'spacePosts.createdAt',
      'spacePosts.publishedAt',
      'groupMembers.status as memberStatus',
      'groupMembers.displayName',
      'groupMembers.name as memberName',
      'groupMembers.erasedAt',
      'users.name as userName',
    ])
    .where('spacePosts.groupId', '=', groupId)
    .orderBy('spacePosts.createdAt')
    .orderBy('spacePosts.id')
    .execute();
}
export type PostRow = Awaited<ReturnType<typeof groupPosts>>[number];

/** One post of a group. */
export function findPost(db: Db, groupId: string, postId: string) {
  return db
    .selectFrom('spacePosts')
    .selectAll()
    .where('groupId', '=', groupId)
    .where('id', '=', postId)
    .executeTakeFirst();
}

export async function insertPost(trx: Db, row: Insertable<SpacePostsTable>): Promise<void> {
  await trx.insertInto('spacePosts').values(row).execute();
}

export async function updatePost(trx: Db, postId: string, change: Updateable<SpacePostsTable>): Promise<void> {
  await trx.updateTable('spacePosts').set(change).where('id', '=', postId).execute();
}

/** How many of a member's posts a facilitator has already let through (or that went straight up). */
export async function publishedBy(db: Db, groupMemberId: string): Promise<number> {
  const row = await db
    .selectFrom('spacePosts')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('groupMemberId', '=', groupMemberId)
    .where('publishedAt', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Reactions to a group's posts, with who reacted and what their membership is now. */
export function groupReactions(db: Db, groupId: string) {
  return db
    .selectFrom('spaceReactions')
    .innerJoin('spacePosts', 'spacePosts.id', 'spaceReactions.postId')
    .innerJoin('users', 'users.id', 'spaceReactions.userId')
    .leftJoin('groupMembers', (join) =>
      join
        .onRef('groupMembers.userId', '=', 'spaceReactions.userId')
        .onRef('groupMembers.groupId', '=', 'spacePosts.groupId'),
    )
    .select([
      'spaceReactions.postId',
      'spaceReactions.userId',
      'spaceReactions.kind',
      'users.name as userName',
      'groupMembers.displayName',
      'groupMembers.status as memberStatus',
      'groupMembers.erasedAt',
    ])
    .where('spacePosts.groupId', '=', groupId)
    .orderBy('spaceReactions.createdAt')
    .execute();
}

export async function addReaction(trx: Db, row: { postId: string; userId: string; kind: string; createdAt: string }) {
  await trx
    .insertInto('spaceReactions')
    .values(row)
    .onConflict((oc) => oc.columns(['postId', 'userId', 'kind']).doNothing())
    .execute();
}

export async function removeReaction(trx: Db, postId: string, userId: string, kind: string): Promise<void> {
  await trx
    .deleteFrom('spaceReactions')
    .where('postId', '=', postId)
    .where('userId', '=', userId)
    .where('kind', '=', kind)
    .execute();
}

export async function insertReport(
  trx: Db,
  row: { id: string; groupId: string; postId: string; reporterUserId: string; reason: string; createdAt: string },
): Promise<void> {
  await trx.insertInto('spaceReports').values(row).execute();
}

/** A group's reports, newest first, with who made them (for the facilitators only). */
export function groupReports(db: Db, groupId: string) {
  return db
    .selectFrom('spaceReports')
    .innerJoin('users', 'users.id', 'spaceReports.reporterUserId')
    .leftJoin('users as resolver', 'resolver.id', 'spaceReports.resolvedBy')
    .select([
      'spaceReports.id',
      'spaceReports.postId',
      'spaceReports.reason',
      'spaceReports.createdAt',
      'spaceReports.resolvedAt',
      'spaceReports.outcome',
      'users.name as reporterName',
      'resolver.name as resolverName',
    ])
    .where('spaceReports.groupId', '=', groupId)
    .orderBy('spaceReports.createdAt', 'desc')
    .limit(200)
    .execute();
}

export function findReport(db: Db, groupId: string, reportId: string) {
  return db
    .selectFrom('spaceReports')
    .select(['id', 'postId', 'resolvedAt'])
    .where('groupId', '=', groupId)
    .where('id', '=', reportId)
    .executeTakeFirst();
}

export async function resolveReport(
  trx: Db,
  reportId: string,
  change: { resolvedAt: string; resolvedBy: string; outcome: string },
): Promise<void> {
  await trx.updateTable('spaceReports').set(change).where('id', '=', reportId).execute();
}

export async function insertModeration(
  trx: Db,
  row: {
    id: string;
    groupId: string;
    postId: string;
    actorUserId: string;
    action: string;
    note: string | null;
    previousBody: string | null;
    at: string;
  },
): Promise<void> {
  await trx.insertInto('spaceModeration').values(row).execute();
}

/** What the facilitators did, newest first. */
export function groupModeration(db: Db, groupId: string) {
  return db
    .selectFrom('spaceModeration')
    .leftJoin('users', 'users.id', 'spaceModeration.actorUserId')
    .select([
      'spaceModeration.id',
      'spaceModeration.postId',
      'spaceModeration.action',
      'spaceModeration.note',
      'spaceModeration.at',
      'users.name as actorName',
    ])
    .where('spaceModeration.groupId', '=', groupId)
    .orderBy('spaceModeration.at', 'desc')
    .limit(100)
    .execute();
}

/** A reader's place in a group's space and their digest choice. */
export function findReader(db: Db, groupId: string, userId: string) {
  return db
    .selectFrom('spaceReaders')
    .selectAll()
    .where('groupId', '=', groupId)
    .where('userId', '=', userId)
    .executeTakeFirst();
}

export async function saveReader(
  trx: Db,
  groupId: string,
  userId: string,
  change: { lastReadAt?: string; digest?: string; lastDigestAt?: string },
): Promise<void> {
  await trx
    .insertInto('spaceReaders')
    .values({ groupId, userId, ...change })
    .onConflict((oc) => oc.columns(['groupId', 'userId']).doUpdateSet(change))
    .execute();
}

/** Members who asked for a digest, with their group, its zone and quiet hours, and their place. */
export function digestReaders(db: Db) {
  return db
    .selectFrom('spaceReaders')
    .innerJoin('groupMembers', (join) =>
      join
        .onRef('groupMembers.groupId', '=', 'spaceReaders.groupId')
        .onRef('groupMembers.userId', '=', 'spaceReaders.userId'),
    )
    .innerJoin('groups', 'groups.id', 'spaceReaders.groupId')
    .innerJoin('users', 'users.id', 'spaceReaders.userId')
    .innerJoin('practices', 'practices.id', 'groups.practiceId')
    .leftJoin('spaceSettings', 'spaceSettings.groupId', 'spaceReaders.groupId')
    .select((eb) => [
      'spaceReaders.groupId',
      'spaceReaders.userId',
      'spaceReaders.digest',
      'spaceReaders.lastReadAt',
      'spaceReaders.lastDigestAt',
      'groups.name as groupName',
      'groups.timeZone',
      'groups.practiceId',
      'users.email',
      'users.name',
      eb.fn.coalesce('users.locale', 'practices.defaultLocale').as('locale'),
      'spaceSettings.quietFrom',
      'spaceSettings.quietUntil',
    ])
    .where('spaceReaders.digest', '!=', 'off')
    .where('groupMembers.status', 'in', ['active', 'on-leave'])
    .execute();
}

/** How many posts others published in a group after an instant. */
export async function publishedSince(db: Db, groupId: string, userId: string, since: string | null): Promise<number> {
  const row = await db
    .selectFrom('spacePosts')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('groupId', '=', groupId)
    .where('status', '=', 'published')
    .where('authorUserId', '!=', userId)
    .$if(since !== null, (q) => q.where('publishedAt', '>', since!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
