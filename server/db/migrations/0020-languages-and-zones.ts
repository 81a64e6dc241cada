import type { Kysely } from 'kysely';

/**
 * Languages and time zones (issue 12, docs/decisions/0033):
 * - `users.locale`: the language a person chose (null: not chosen; the practice's default applies);
 * - `users.time_zone`: the IANA zone their browser last reported, for e-mails about sessions;
 * - `practices.default_locale`: the language a practice's people start in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('locale', 'text').execute();
  await db.schema.alterTable('users').addColumn('time_zone', 'text').execute();
  await db.schema
    .alterTable('practices')
    .addColumn('default_locale', 'text', (c) => c.notNull().defaultTo('en'))
    .execute();
}
