import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * Skills practice (issue 16, docs/decisions/0042):
 * - `skill_cards`: a practice's own cards (Hearth's are data in domain/skills.ts, never stored);
 *   `based_on` names the card it was copied from; `steps` is a JSON array of strings.
 * - `skill_assignments`: a card given to a group (`group_member_id` null) or to one member, with
 *   the session it is due by.
 * - `practice_logs`: a member's practice; `situation` and `learned` are sealed like clinical
 *   text; `visibility` private, facilitators or group (domain/skills PRACTICE_VISIBILITIES).
 * - `practice_feedback`: a peer's kind, structured feedback on a shared log, both parts sealed;
 *   `status` shown or held (held by crisis-language screening, seen by facilitators only).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('skill_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('based_on', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('example', 'text', (c) => c.notNull())
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('skill_cards_practice_idx').on('skill_cards').columns(['practice_id']).execute();

  await db.schema
    .createTable('skill_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('group_member_id', 'text', (c) => c.references('group_members.id').onDelete('cascade'))
    .addColumn('due_session_id', 'text', (c) => c.references('group_sessions.id').onDelete('set null'))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('skill_assignments_group_idx')
    .on('skill_assignments')
    .columns(['group_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('practice_logs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('group_member_id', 'text', (c) => c.notNull().references('group_members.id').onDelete('cascade'))
    .addColumn('assignment_id', 'text', (c) => c.references('skill_assignments.id').onDelete('set null'))
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('situation', 'text', (c) => c.notNull())
    .addColumn('learned', 'text')
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('shared_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('practice_logs_group_idx')
    .on('practice_logs')
    .columns(['group_id', 'visibility', 'created_at'])
    .execute();
  await db.schema
    .createIndex('practice_logs_member_idx')
    .on('practice_logs')
    .columns(['group_member_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('practice_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('log_id', 'text', (c) => c.notNull().references('practice_logs.id').onDelete('cascade'))
    .addColumn('group_member_id', 'text', (c) => c.notNull().references('group_members.id').onDelete('cascade'))
    .addColumn('worked', 'text')
    .addColumn('try_next', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('practice_feedback_log_idx').on('practice_feedback').columns(['log_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('practice_feedback').execute();
  await db.schema.dropTable('practice_logs').execute();
  await db.schema.dropTable('skill_assignments').execute();
  await db.schema.dropTable('skill_cards').execute();
}
