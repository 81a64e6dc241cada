import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * A member's own self-care records (issue 16, docs/decisions/0043): their safety plan, every
 * version kept, and their IFS-informed reflection aids (parts maps, 6 Fs reflections, Self-energy
 * check-ins), private until they share one with their facilitators. The words themselves are
 * sealed to their rows (platform/crypto); what stays readable is who, when, which kind, and
 * whether it is shared.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('safety_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    // The member whose plan it is.
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 1, 2, 3…: each saved change is a new version; the newest is the plan.
    .addColumn('version', 'integer', (c) => c.notNull())
    // Encrypted JSON: the steps in the member's words.
    .addColumn('content', 'text', (c) => c.notNull())
    // Who saved this version: the member, or their facilitator with them.
    .addColumn('written_by', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  // Two saves of the same version (two tabs, a retry) cannot both land.
  await db.schema
    .createIndex('safety_plans_version_idx')
    .on('safety_plans')
    .columns(['practice_id', 'user_id', 'version'])
    .unique()
    .execute();

  await db.schema
    .createTable('ifs_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // partsMap, sixFs or selfCheck (domain/ifs.ts).
    .addColumn('kind', 'text', (c) => c.notNull())
    // Encrypted JSON of the kind's shape.
    .addColumn('content', 'text', (c) => c.notNull())
    // When the member shared it with their facilitators; null while it is private.
    .addColumn('shared_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ifs_items_owner_idx')
    .on('ifs_items')
    .columns(['practice_id', 'user_id', 'kind', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ifs_items').execute();
  await db.schema.dropTable('safety_plans').execute();
}
