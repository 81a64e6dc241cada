import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/** A person's feed in a practice that has not been turned off. */
export function activeFeed(db: Db, practiceId: string, userId: string) {
  return db
    .selectFrom('calendarFeeds')
    .select(['id', 'createdAt', 'lastReadAt'])
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
}

export async function revokeFeeds(trx: Db, practiceId: string, userId: string, now: string): Promise<number> {
  const result = await trx
    .updateTable('calendarFeeds')
    .set({ revokedAt: now })
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertFeed(
  trx: Db,
  row: { id: string; practiceId: string; userId: string; tokenHash: string; createdAt: string },
): Promise<void> {
  await trx.insertInto('calendarFeeds').values(row).execute();
}

/** The feed a secret opens, with its owner's role in the practice; only while both are in use. */
export function feedByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('calendarFeeds')
    .innerJoin('practiceMembers', (join) =>
      join
        .onRef('practiceMembers.userId', '=', 'calendarFeeds.userId')
        .onRef('practiceMembers.practiceId', '=', 'calendarFeeds.practiceId'),
    )
    .innerJoin('users', 'users.id', 'calendarFeeds.userId')
    .innerJoin('practices', 'practices.id', 'calendarFeeds.practiceId')
    .select((eb) => [
      'calendarFeeds.id',
      'calendarFeeds.practiceId',
      'calendarFeeds.userId',
      'practiceMembers.role',
      // The feed's words are in its owner's language: their choice, else the practice's default.
      eb.fn.coalesce('users.locale', 'practices.defaultLocale').as('locale'),
    ])
    .where('calendarFeeds.tokenHash', '=', tokenHash)
    .where('calendarFeeds.revokedAt', 'is', null)
    .where('practiceMembers.disabledAt', 'is', null)
    .executeTakeFirst();
}

export async function markRead(db: Db, feedId: string, now: string): Promise<void> {
  await db.updateTable('calendarFeeds').set({ lastReadAt: now }).where('id', '=', feedId).execute();
}

/** The groups whose sessions belong in a person's calendar: ones they facilitate or belong to now. */
export async function calendarGroupIds(db: Db, practiceId: string, userId: string): Promise<string[]> {
  const [facilitated, member] = await Promise.all([
    db
      .selectFrom('groupFacilitators')
      .innerJoin('groups', 'groups.id', 'groupFacilitators.groupId')
      .select('groups.id')
      .where('groups.practiceId', '=', practiceId)
      .where('groupFacilitators.userId', '=', userId)
      .execute(),
    db
      .selectFrom('groupMembers')
      .select('groupId as id')
      .where('practiceId', '=', practiceId)
      .where('userId', '=', userId)
      .where('status', 'in', ['active', 'on-leave'])
      .execute(),
  ]);
  return [...new Set([...facilitated, ...member].map((r) => r.id))];
}
