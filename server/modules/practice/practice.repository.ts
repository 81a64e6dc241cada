import type { Database } from '../../db/connect.js';

/** A practice by id, or undefined. */
export function findPractice(database: Database, practiceId: string) {
  return database.db
    .selectFrom('practices')
    .select(['id', 'name', 'slug'])
    .where('id', '=', practiceId)
    .executeTakeFirst();
}
