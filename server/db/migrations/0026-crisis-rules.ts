import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * A practice's own crisis-language rules (issue 15, docs/decisions/0041), added to Hearth's shipped
 * lexicon (domain/crisis-lexicon.ts) when its posts and chat are screened. `phrase_key` is the
 * phrase normalised (domain/crisis-screening.ts `phraseKey`), so the same phrase written another way
 * ("I wanna die" and "i want to DIE") is one rule per practice. Rules are switched off, never
 * deleted: the audit log names them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('crisis_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('phrase', 'text', (c) => c.notNull())
    .addColumn('phrase_key', 'text', (c) => c.notNull())
    // suicide, self_harm, plan_or_means, harm_to_others, hopelessness or unsafe
    .addColumn('category', 'text', (c) => c.notNull())
    // en or es
    .addColumn('language', 'text', (c) => c.notNull())
    // urgent or flag
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('enabled', t.bool, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('crisis_rules_phrase_idx')
    .on('crisis_rules')
    .columns(['practice_id', 'phrase_key'])
    .unique()
    .execute();
}
