import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/** Groups, their facilitators, and the versions of each group's agreement. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('modality', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('meeting_mode', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('meeting_link', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('groups_practice_idx').on('groups').columns(['practice_id', 'status']).execute();

  await db.schema
    .createTable('group_facilitators')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('added_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('group_facilitators_pkey', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_facilitators_user_idx').on('group_facilitators').column('user_id').execute();

  await db.schema
    .createTable('group_agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('group_agreements_group_version_key', ['group_id', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('group_agreements').execute();
  await db.schema.dropTable('group_facilitators').execute();
  await db.schema.dropTable('groups').execute();
}
