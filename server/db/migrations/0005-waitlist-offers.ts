import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/** A place offered from the waitlist has a time to accept it by. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('group_members').addColumn('offer_expires_at', columnTypes(db).instant).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('group_members').dropColumn('offer_expires_at').execute();
}
