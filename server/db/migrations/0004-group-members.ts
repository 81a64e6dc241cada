import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/** People in groups, from referral to the end, with every change of status dated. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('group_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    // Null until the referred person has an account; linked by e-mail when they accept.
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('referred_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('display_name_key', 'text')
    .addColumn('agreement_version', 'integer')
    .addColumn('agreement_accepted_at', t.instant)
    .addColumn('status_changed_at', t.instant, (c) => c.notNull())
    .addColumn('end_reason', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('group_members_group_email_key', ['group_id', 'email'])
    // Two people in one group never share a display name (compared without case).
    .addUniqueConstraint('group_members_group_display_name_key', ['group_id', 'display_name_key'])
    .execute();
  await db.schema.createIndex('group_members_user_idx').on('group_members').column('user_id').execute();
  await db.schema
    .createIndex('group_members_group_status_idx')
    .on('group_members')
    .columns(['group_id', 'status'])
    .execute();

  await db.schema
    .createTable('group_member_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_member_id', 'text', (c) => c.notNull().references('group_members.id').onDelete('cascade'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('by_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('group_member_events_member_idx')
    .on('group_member_events')
    .columns(['group_member_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('group_member_events').execute();
  await db.schema.dropTable('group_members').execute();
}
