import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/** Each group's screening questions, and each referred person's answers (encrypted). */
export async function up(db: Kysely<unknown>): Promise<void> {
  // JSON array of questions; null means Hearth's default set.
  await db.schema.alterTable('groups').addColumn('screening_questions', 'text').execute();
  // Encrypted JSON of the questions as asked and the answers given (platform/crypto).
  await db.schema.alterTable('group_members').addColumn('screening_answers', 'text').execute();
  await db.schema.alterTable('group_members').addColumn('screening_submitted_at', columnTypes(db).instant).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('group_members').dropColumn('screening_submitted_at').execute();
  await db.schema.alterTable('group_members').dropColumn('screening_answers').execute();
  await db.schema.alterTable('groups').dropColumn('screening_questions').execute();
}
