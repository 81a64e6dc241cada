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

/** Sets the language a practice's people read until they choose their own. */
export async function setDefaultLocale(trx: Kysely<DB>, practiceId: string, locale: string): Promise<void> {
  await trx.updateTable('practices').set({ defaultLocale: locale }).where('id', '=', practiceId).execute();
}
