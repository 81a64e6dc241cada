import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * Requests to join through a group's public link, waiting for the person to confirm their
 * address: nothing reaches the group, and no mail with their words goes out, until they do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('self_referral_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** SHA-256 of the secret in the confirmation link. */
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('self_referral_requests_group_email_idx')
    .on('self_referral_requests')
    .columns(['group_id', 'email'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('self_referral_requests').execute();
}
