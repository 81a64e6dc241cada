import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * Idempotency keys (a repeated create answers with the first response, docs/decisions/0023) and a
 * group's lifecycle (closed at the end of a cycle, archived; each member discharged with a reason and
 * a short summary, docs/decisions/0024).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('idempotency_keys')
    // Whose key: a viewer in one practice. Keys of different people never meet.
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    // "POST /api/groups/:groupId/members" and a hash of its parameters and body: the same key with
    // another request is refused, never answered with the first one's response.
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    // Null while the first request is still being worked on.
    .addColumn('response_status', 'integer')
    .addColumn('response_type', 'text')
    // Encrypted (platform/crypto): a response may carry clinical data.
    .addColumn('response_body', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expiry_idx').on('idempotency_keys').column('expires_at').execute();

  await db.schema.alterTable('groups').addColumn('closed_at', t.instant).execute();
  await db.schema.alterTable('groups').addColumn('archived_at', t.instant).execute();
  // One of DISCHARGE_REASONS (domain/membership.ts) when a member was discharged at the end of a cycle.
  await db.schema.alterTable('group_members').addColumn('discharge_reason', 'text').execute();
  // Encrypted: a short clinical summary, staff only.
  await db.schema.alterTable('group_members').addColumn('discharge_summary', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('group_members').dropColumn('discharge_summary').execute();
  await db.schema.alterTable('group_members').dropColumn('discharge_reason').execute();
  await db.schema.alterTable('groups').dropColumn('archived_at').execute();
  await db.schema.alterTable('groups').dropColumn('closed_at').execute();
  await db.schema.dropTable('idempotency_keys').execute();
}
