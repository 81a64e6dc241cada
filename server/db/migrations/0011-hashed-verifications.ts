import { sql, type Kysely } from 'kysely';
import { tokenHash } from '../../platform/crypto/token-hash.js';

/**
 * better-auth's verifications (password-reset links, pending second steps) are now stored under
 * the SHA-256 of their identifier (platform/auth/auth.ts), as invitations and calendar feeds are.
 * Rows written before are hashed in place, so a link sent just before the upgrade still works
 * once and no usable secret stays in the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ id: string; identifier: string }>`select id, identifier from verifications`.execute(db);
  for (const row of rows) {
    await sql`update verifications set identifier = ${tokenHash(row.identifier)} where id = ${row.id}`.execute(db);
  }
}

/** A hash cannot be turned back into its secret: going back leaves the pending links unusable. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from verifications`.execute(db);
}
