import type { Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';

/** True once first-run setup has completed. */
export async function isSetUp(database: Database): Promise<boolean> {
  const row = await database.db.selectFrom('installation').select('id').executeTakeFirst();
  return row !== undefined;
}

/**
 * Writes the installation marker. Its primary key admits one row, so in a transaction that goes
 * on to create the practice, a second setup fails here before anything else is written.
 */
export async function insertInstallationMarker(trx: Kysely<DB>, now: string): Promise<void> {
  await trx.insertInto('installation').values({ id: 1, setUpAt: now }).execute();
}
