import type { Kysely } from 'kysely';

/**
 * The country a practice works in (PRODUCT.md §5): crisis lines and a new safety plan's
 * professionals start from it, not from a browser's language, so a member in the United States
 * whose phone speaks Spanish still sees 988 (in Spanish). A code of domain/crisis-resources.ts
 * (`INTL` for a country Hearth has no lines for yet); practices made before this start in the US,
 * Hearth's first country.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('practices')
    .addColumn('country', 'text', (c) => c.notNull().defaultTo('US'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('practices').dropColumn('country').execute();
}
