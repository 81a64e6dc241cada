import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * A person's "My data" archives (PRODUCT.md §3.9, docs/decisions/0029): one row per request, the
 * archive itself sealed in the row (clinical data; every instance reads the same database), purged
 * seven days after it was ready while the row stays to say it expired.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('data_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The practice they asked in: its audit chain records the request and the preparation.
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    // queued → preparing → ready → expired; failed when it could not be made.
    .addColumn('status', 'text', (c) => c.notNull())
    // Progress while preparing: step `step` of `steps`.
    .addColumn('step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('steps', 'integer', (c) => c.notNull())
    // Encrypted (platform/crypto): the .zip, base64. Null until ready and again once expired.
    .addColumn('archive', 'text')
    .addColumn('archive_bytes', 'integer')
    .addColumn('requested_at', t.instant, (c) => c.notNull())
    .addColumn('ready_at', t.instant)
    .addColumn('expires_at', t.instant)
    .addColumn('finished_at', t.instant)
    .execute();
  await db.schema
    .createIndex('data_exports_user_idx')
    .on('data_exports')
    .columns(['user_id', 'requested_at'])
    .execute();
  // One request at a time per person, even when two arrive together on two instances.
  await db.schema
    .createIndex('data_exports_one_open_idx')
    .on('data_exports')
    .column('user_id')
    .unique()
    .where(sql<boolean>`status in ('queued', 'preparing')`)
    .execute();
  await db.schema.createIndex('data_exports_expiry_idx').on('data_exports').columns(['status', 'expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('data_exports').execute();
}
