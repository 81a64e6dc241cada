import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, IfsItemsTable } from '../../db/schema.js';

type Db = Kysely<DB>;
const COLUMNS = ['id', 'userId', 'kind', 'content', 'sharedAt', 'createdAt', 'updatedAt'] as const;

/** A member's items, newest first; only the shared ones when `sharedOnly`. */
export function itemsOf(db: Db, practiceId: string, userId: string, sharedOnly: boolean) {
  let query = db
    .selectFrom('ifsItems')
    .select(COLUMNS)
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId);
  if (sharedOnly) query = query.where('sharedAt', 'is not', null);
  return query.orderBy('createdAt', 'desc').orderBy('id').execute();
}
export type ItemRow = Awaited<ReturnType<typeof itemsOf>>[number];

/** One of the member's own items; undefined for anyone else's. */
export function ownItem(db: Db, practiceId: string, userId: string, itemId: string) {
  return db
    .selectFrom('ifsItems')
    .select(COLUMNS)
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId)
    .where('id', '=', itemId)
    .executeTakeFirst();
}

/** How many items of a kind the member keeps. */
export async function countOf(db: Db, practiceId: string, userId: string, kind: string): Promise<number> {
  const row = await db
    .selectFrom('ifsItems')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertItem(db: Db, row: Insertable<IfsItemsTable>) {
  return db.insertInto('ifsItems').values(row).execute();
}

export function updateItem(db: Db, itemId: string, values: Updateable<IfsItemsTable>) {
  return db.updateTable('ifsItems').set(values).where('id', '=', itemId).execute();
}

export function deleteItem(db: Db, itemId: string) {
  return db.deleteFrom('ifsItems').where('id', '=', itemId).execute();
}
