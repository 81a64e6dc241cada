import type { Kysely } from 'kysely';

/**
 * The people whose clinical records an audit event showed or changed: a roster view or an export
 * reads many members at once, and each of them finds the read in their own access history
 * (PRODUCT.md §6). Part of the event's hash (platform/audit), so a name cannot be dropped unseen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_event_people')
    .addColumn('event_id', 'text', (c) => c.notNull().references('audit_events.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_event_people_pkey', ['event_id', 'person_id'])
    .execute();
  await db.schema.createIndex('audit_event_people_person_idx').on('audit_event_people').column('person_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_event_people').execute();
}
