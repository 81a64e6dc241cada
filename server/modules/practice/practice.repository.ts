import type { Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';

/** A practice by id, or undefined. */
export function findPractice(database: Database, practiceId: string) {
  return database.db
    .selectFrom('practices')
    .select(['id', 'name', 'slug'])
    .where('id', '=', practiceId)
    .executeTakeFirst();
}

/** Sets one of a practice's own settings: its people's language or its country. */
export async function setPracticeColumn(
  trx: Kysely<DB>,
  practiceId: string,
  column: 'defaultLocale' | 'country',
  value: string,
): Promise<void> {
  await trx
    .updateTable('practices')
    .set({ [column]: value })
    .where('id', '=', practiceId)
    .execute();
}
