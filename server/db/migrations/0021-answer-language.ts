import type { Kysely } from 'kysely';

/**
 * The language each form was answered in (issue 12, docs/decisions/0036): a questionnaire read in
 * Spanish is a different text from the one read in English, so a clinician and an export must know
 * which one a member saw (FHIR `QuestionnaireResponse.language`). A BCP-47 tag ("en", "es").
 * Forms answered before this column were all shown in English: they are "en".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('measure_forms')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .execute();
}
