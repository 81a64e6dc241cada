import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * Members' erasure requests and each practice's retention periods (docs/decisions/0030, 0031):
 * - `erasure_requests`: a member's request, its due date and the decision; the member's reason is
 *   sealed like clinical text and cleared once the request is decided or withdrawn.
 * - `group_members.erased_at` / `retain_until`: a membership whose person was erased keeps its
 *   clinical records until then, and the retention job purges them after.
 * - `practice_retention`: how long each kind of record is kept; a practice without a row uses
 *   the defaults in domain/retention.ts.
 * - `audit_chain_anchors`: where a chain starts after its oldest records were purged: the seq and
 *   hash of the last purged record, with a keyed MAC so the anchor cannot be moved unseen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('erasure_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // pending, approved, declined or withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('requested_at', t.instant, (c) => c.notNull())
    .addColumn('due_at', t.instant, (c) => c.notNull())
    .addColumn('decided_at', t.instant)
    .addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decline_reason', 'text')
    .addColumn('retain_until', t.instant)
    .execute();
  await db.schema
    .createIndex('erasure_requests_practice_idx')
    .on('erasure_requests')
    .columns(['practice_id', 'status', 'requested_at'])
    .execute();
  // One waiting request per person and practice, however many arrive at once.
  await db.schema
    .createIndex('erasure_requests_one_pending_idx')
    .on('erasure_requests')
    .columns(['practice_id', 'user_id'])
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  await db.schema.alterTable('group_members').addColumn('erased_at', t.instant).execute();
  await db.schema.alterTable('group_members').addColumn('retain_until', t.instant).execute();

  await db.schema
    .createTable('practice_retention')
    .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id').onDelete('cascade'))
    .addColumn('clinical_years', 'integer', (c) => c.notNull())
    .addColumn('jurisdiction_note', 'text', (c) => c.notNull())
    .addColumn('audit_years', 'integer', (c) => c.notNull())
    .addColumn('outbox_days', 'integer', (c) => c.notNull())
    .addColumn('sign_in_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_chain_anchors')
    .addColumn('chain', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('purged_at', t.instant, (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_chain_anchors').execute();
  await db.schema.dropTable('practice_retention').execute();
  await db.schema.alterTable('group_members').dropColumn('retain_until').execute();
  await db.schema.alterTable('group_members').dropColumn('erased_at').execute();
  await db.schema.dropTable('erasure_requests').execute();
}
