import { sql, type Kysely } from 'kysely';

/**
 * Alerts name the measure that raised them (issue 10): which questionnaire, and for a PHQ-4
 * screen which part was positive and whether the full questionnaire was sent (`detail`, JSON).
 * Alerts raised before this learn their questionnaire from the form named in their cause.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alerts').addColumn('instrument_id', 'text').execute();
  await db.schema.alterTable('alerts').addColumn('detail', 'text').execute();
  await nameAlertMeasures(db);
}

/** Alerts a form raised learn its questionnaire from the form named in their cause ("<kind>:<form id>"). */
export async function nameAlertMeasures(db: Kysely<unknown>): Promise<void> {
  // Both engines have substr and length.
  await sql`
    update alerts set instrument_id = (
      select measure_forms.instrument_id from measure_forms
      where measure_forms.id = substr(alerts.cause_key, length(alerts.kind) + 2)
    )
    where alerts.kind in ('safety.phq9-item9', 'measures.reliable-deterioration')
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alerts').dropColumn('detail').execute();
  await db.schema.alterTable('alerts').dropColumn('instrument_id').execute();
}
