import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * Measurement-based care (PRODUCT.md §3.5, §5): a practice's custom instruments, each group's plan
 * of measures, the forms members fill in (answers encrypted), safety settings, and alerts that are
 * acknowledged and escalated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('instruments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    // The instrument as data (domain/instruments.ts), JSON.
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('group_measures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    // every-session, every-weeks, admission or completion
    .addColumn('cadence', 'text', (c) => c.notNull())
    .addColumn('every_weeks', 'integer')
    // The group's main measure: the one the roster view charts.
    .addColumn('main', t.bool, (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('group_measures_plan_key', ['group_id', 'instrument_id', 'cadence'])
    .execute();

  await db.schema
    .createTable('measure_forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('group_member_id', 'text', (c) => c.notNull().references('group_members.id').onDelete('cascade'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    // What the form is for: "admission", "session:<id>", "weeks:<n>" or "completion".
    .addColumn('occasion', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.references('group_sessions.id').onDelete('set null'))
    .addColumn('due_at', t.instant, (c) => c.notNull())
    // due → in-progress → completed; missed once its time has passed unanswered.
    .addColumn('status', 'text', (c) => c.notNull())
    // Encrypted JSON of the answers so far (platform/crypto): clinical data.
    .addColumn('answers', 'text')
    .addColumn('total', 'real')
    .addColumn('band', 'text')
    .addColumn('safety_flag', t.bool, (c) => c.notNull().defaultTo(false))
    .addColumn('submitted_at', t.instant)
    .addColumn('reminded_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('measure_forms_occasion_key', ['group_member_id', 'instrument_id', 'occasion'])
    .execute();
  await db.schema
    .createIndex('measure_forms_group_idx')
    .on('measure_forms')
    .columns(['group_id', 'instrument_id', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('measure_forms_member_idx')
    .on('measure_forms')
    .columns(['group_member_id', 'status'])
    .execute();

  await db.schema
    .createTable('practice_safety')
    .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id').onDelete('cascade'))
    // Who hears of an urgent alert nobody has acknowledged in time.
    .addColumn('backup_clinician_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('escalation_minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema.alterTable('alerts').addColumn('acknowledged_at', t.instant).execute();
  await db.schema
    .alterTable('alerts')
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('alerts').addColumn('escalated_at', t.instant).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alerts').dropColumn('escalated_at').execute();
  await db.schema.alterTable('alerts').dropColumn('acknowledged_by').execute();
  await db.schema.alterTable('alerts').dropColumn('acknowledged_at').execute();
  for (const table of ['practice_safety', 'measure_forms', 'group_measures', 'instruments'])
    await db.schema.dropTable(table).execute();
}
