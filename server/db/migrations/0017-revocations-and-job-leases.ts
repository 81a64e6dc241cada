import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * Surviving faults (docs/decisions/0027, 0028):
 * - `session_revocations`: every ended session or disabled person is written down before it is
 *   published on the broker, so an instance that could not hear it (Redis away) closes the
 *   sockets when the broker returns.
 * - `jobs.priority` and `jobs.locked_by`: urgent work is claimed first, and a claim is a short
 *   lease its worker renews, so a killed worker's jobs are taken again within a minute.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('session_revocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // Null: every session of the person.
    .addColumn('session_id', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    // Null until the broker took it: another instance publishes it when the broker is back.
    .addColumn('published_at', t.instant)
    .execute();
  await db.schema
    .createIndex('session_revocations_created_idx')
    .on('session_revocations')
    .column('created_at')
    .execute();

  await db.schema
    .alterTable('jobs')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('jobs').addColumn('locked_by', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('locked_by').execute();
  await db.schema.alterTable('jobs').dropColumn('priority').execute();
  await db.schema.dropTable('session_revocations').execute();
}
