import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * Billing (issue 14, docs/billing.md, docs/decisions/0039):
 * - `practice_billing`: what a claim says about the practice: its billing name and address, tax
 *   ID, organisation NPI (type 2), and which telehealth place of service it bills (02 or 10).
 * - `billing_clinicians`: a clinician's individual NPI (type 1), licence and taxonomy code.
 * - `practice_fees`: the practice's fee for each CPT code, in cents.
 * - `billing_lines`: one per attending member per session. Its stored status is open, exported,
 *   paid, denied or written-off; an open line is "ready" exactly while its progress note is
 *   signed, which is read from the note, never copied. Diagnosis codes are read from the member's
 *   record until the line is exported, then sealed onto the line as they were claimed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('practice_billing')
    .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id').onDelete('cascade'))
    .addColumn('billing_name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('tax_id', 'text', (c) => c.notNull())
    .addColumn('npi', 'text', (c) => c.notNull())
    .addColumn('telehealth_place', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('billing_clinicians')
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('npi', 'text', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('taxonomy', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('billing_clinicians_pk', ['practice_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('practice_fees')
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('cpt', 'text', (c) => c.notNull())
    .addColumn('fee_cents', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('practice_fees_pk', ['practice_id', 'cpt'])
    .execute();

  await db.schema
    .createTable('billing_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('group_sessions.id').onDelete('cascade'))
    .addColumn('group_member_id', 'text', (c) => c.notNull().references('group_members.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    // The rendering clinician: who billed the session.
    .addColumn('clinician_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('service_at', t.instant, (c) => c.notNull())
    .addColumn('cpt', 'text', (c) => c.notNull())
    // 90785 when the session had interactive complexity for this member; else null
    .addColumn('add_on', 'text')
    .addColumn('place_of_service', 'text', (c) => c.notNull())
    .addColumn('modifier', 'text')
    .addColumn('units', 'integer', (c) => c.notNull())
    .addColumn('fee_cents', 'integer', (c) => c.notNull())
    .addColumn('add_on_fee_cents', 'integer', (c) => c.notNull())
    // Sealed JSON array of ICD-10 codes, written when the line is exported.
    .addColumn('diagnosis_codes', 'text')
    // open, exported, paid, denied or written-off
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_note', 'text')
    .addColumn('status_changed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status_changed_at', t.instant, (c) => c.notNull())
    .addColumn('exported_at', t.instant)
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('billing_lines_one_per_member_idx')
    .on('billing_lines')
    .columns(['session_id', 'group_member_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('billing_lines_practice_idx')
    .on('billing_lines')
    .columns(['practice_id', 'service_at'])
    .execute();
  await db.schema
    .createIndex('billing_lines_person_idx')
    .on('billing_lines')
    .columns(['user_id', 'service_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('billing_lines').execute();
  await db.schema.dropTable('practice_fees').execute();
  await db.schema.dropTable('billing_clinicians').execute();
  await db.schema.dropTable('practice_billing').execute();
}
