import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * Two-factor sign-in (better-auth's twoFactor plugin), session activity, disabled memberships,
 * invitation tokens, and the hash-chained audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .alterTable('users')
    .addColumn('two_factor_enabled', t.bool, (c) => c.notNull().defaultTo(sql`false`))
    .execute();

  await db.schema
    .createTable('two_factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('backup_codes', 'text', (c) => c.notNull())
    .addColumn('verified', t.bool, (c) => c.notNull().defaultTo(sql`true`))
    .addColumn('failed_verification_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', t.instant)
    .execute();
  await db.schema.createIndex('two_factors_user_id_idx').on('two_factors').column('user_id').execute();
  await db.schema.createIndex('two_factors_secret_idx').on('two_factors').column('secret').execute();

  // Null until the first authenticated request after sign-in; the inactivity rule then uses created_at.
  await db.schema.alterTable('sessions').addColumn('last_active_at', t.instant).execute();

  await db.schema.alterTable('practice_members').addColumn('disabled_at', t.instant).execute();
  await db.schema.alterTable('practice_members').addColumn('disabled_by', 'text').execute();

  await db.schema.alterTable('practice_invitations').addColumn('token_hash', 'text').execute();
  await db.schema.alterTable('practice_invitations').addColumn('name', 'text').execute();
  await db.schema.alterTable('practice_invitations').addColumn('accepted_at', t.instant).execute();
  await db.schema
    .createIndex('practice_invitations_token_hash_key')
    .on('practice_invitations')
    .column('token_hash')
    .unique()
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // A chain per practice (its id), and one for events that belong to no practice ("instance").
    .addColumn('chain', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('occurred_at', t.instant, (c) => c.notNull())
    .addColumn('practice_id', 'text')
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('audit_events_chain_seq_key', ['chain', 'seq'])
    .execute();
  await db.schema
    .createIndex('audit_events_practice_time_idx')
    .on('audit_events')
    .columns(['practice_id', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('audit_events_subject_idx')
    .on('audit_events')
    .columns(['subject_id', 'occurred_at'])
    .execute();

  // The newest record of each chain: writers lock this row, so records join the chain one at a time.
  await db.schema
    .createTable('audit_chain_heads')
    .addColumn('chain', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_chain_heads').execute();
  await db.schema.dropTable('audit_events').execute();
  await db.schema.dropTable('two_factors').execute();
  await db.schema.dropIndex('practice_invitations_token_hash_key').execute();
  for (const column of ['token_hash', 'name', 'accepted_at'])
    await db.schema.alterTable('practice_invitations').dropColumn(column).execute();
  for (const column of ['disabled_at', 'disabled_by'])
    await db.schema.alterTable('practice_members').dropColumn(column).execute();
  await db.schema.alterTable('sessions').dropColumn('last_active_at').execute();
  await db.schema.alterTable('users').dropColumn('two_factor_enabled').execute();
}
