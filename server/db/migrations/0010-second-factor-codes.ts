import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * The second-step codes each account has used (docs/decisions/0013): a code from the app or a
 * recovery code is accepted once, on any instance, because the primary key lets only one request
 * record it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('used_second_factor_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 'app' or 'recovery'.
    .addColumn('kind', 'text', (c) => c.notNull())
    // SHA-256 of the kind and the code: a recovery code that was used is not kept itself.
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('used_second_factor_codes_pkey', ['user_id', 'code_hash'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('used_second_factor_codes').execute();
}
