import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * Each group's space between sessions (issue 15, PRODUCT.md §3.7, docs/decisions/0040): threads and
 * replies (one table: a reply names its thread), reactions, members' reports, the facilitators'
 * moderation record, the group's settings for its space, and each reader's place and digest choice.
 * Post text, report reasons and moderation notes are sealed like clinical text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('space_settings')
    .addColumn('group_id', 'text', (c) => c.primaryKey().references('groups.id').onDelete('cascade'))
    .addColumn('anonymous_allowed', t.bool, (c) => c.notNull().defaultTo(false))
    // A member's first N posts wait for a facilitator (0: none).
    .addColumn('premoderate_first', 'integer', (c) => c.notNull().defaultTo(0))
    // When the facilitators read the space, in their words ("Weekdays, 9 to 5").
    .addColumn('reading_hours', 'text')
    // No notifications between these local times (HH:MM in the group's zone); both or neither.
    .addColumn('quiet_from', 'text')
    .addColumn('quiet_until', 'text')
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('space_posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    // Null for a thread's opening post; a reply names its thread.
    .addColumn('thread_id', 'text', (c) => c.references('space_posts.id').onDelete('cascade'))
    // 'talk' or 'wins'
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The author's membership (null for a facilitator's post).
    .addColumn('group_member_id', 'text', (c) => c.references('group_members.id').onDelete('cascade'))
    .addColumn('anonymous', t.bool, (c) => c.notNull().defaultTo(false))
    // Encrypted.
    .addColumn('title', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    // published | held | hidden | private
    .addColumn('status', 'text', (c) => c.notNull())
    // Why it waits or waited: screening | premoderation.
    .addColumn('held_for', 'text')
    // none | flag | urgent
    .addColumn('screening_level', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text')
    .addColumn('pinned', t.bool, (c) => c.notNull().defaultTo(false))
    .addColumn('locked', t.bool, (c) => c.notNull().defaultTo(false))
    // Encrypted: what a facilitator said when they published an edited version.
    .addColumn('edit_note', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('published_at', t.instant)
    .execute();
  await db.schema.createIndex('space_posts_group_idx').on('space_posts').columns(['group_id', 'created_at']).execute();
  await db.schema.createIndex('space_posts_thread_idx').on('space_posts').columns(['thread_id']).execute();
  await db.schema
    .createTable('space_reactions')
    .addColumn('post_id', 'text', (c) => c.notNull().references('space_posts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // me-too | thank-you | strength
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('space_reactions_pk', ['post_id', 'user_id', 'kind'])
    .execute();
  await db.schema
    .createTable('space_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull().references('space_posts.id').onDelete('cascade'))
    .addColumn('reporter_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // Encrypted.
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('resolved_at', t.instant)
    .addColumn('resolved_by', 'text')
    // Encrypted: what the facilitator did.
    .addColumn('outcome', 'text')
    .execute();
  await db.schema
    .createIndex('space_reports_group_idx')
    .on('space_reports')
    .columns(['group_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('space_moderation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull().references('space_posts.id').onDelete('cascade'))
    .addColumn('actor_user_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    // Encrypted: the facilitator's note, and what an edit replaced (kept, never shown to peers).
    .addColumn('note', 'text')
    .addColumn('previous_body', 'text')
    .addColumn('at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('space_moderation_group_idx')
    .on('space_moderation')
    .columns(['group_id', 'at'])
    .execute();
  await db.schema
    .createTable('space_readers')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('last_read_at', t.instant)
    // off | daily | weekly
    .addColumn('digest', 'text', (c) => c.notNull().defaultTo('off'))
    .addColumn('last_digest_at', t.instant)
    .addPrimaryKeyConstraint('space_readers_pk', ['group_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'space_readers',
    'space_moderation',
    'space_reports',
    'space_reactions',
    'space_posts',
    'space_settings',
  ])
    await db.schema.dropTable(table).execute();
}
