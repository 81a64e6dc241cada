import type { Database } from '../../db/connect.js';
import { tokenHash } from '../../platform/crypto/token-hash.js';
import { findUserByEmail, practicesOf } from '../people/people.repository.js';

/** The account with this e-mail and the practices it belongs to, for auditing a failed sign-in. */
export async function findAccountByEmail(database: Database, email: string) {
  const user = await findUserByEmail(database, email);
  return user ? { userId: user.id, practiceIds: await practicesOf(database, user.id) } : undefined;
}

/** Makes a practice the one the session acts in. */
export async function setActivePractice(database: Database, sessionId: string, practiceId: string): Promise<void> {
  await database.db.updateTable('sessions').set({ activePracticeId: practiceId }).where('id', '=', sessionId).execute();
}

/**
 * The value better-auth keeps under a verification identifier: the account id of a pending
 * second step (`2fa-…`) or of a password reset (`reset-password:<token>`). Identifiers are stored
 * hashed (platform/auth/auth.ts), so the lookup hashes too.
 */
export async function findVerificationValue(database: Database, identifier: string): Promise<string | undefined> {
  const row = await database.db
    .selectFrom('verifications')
    .select('value')
    .where('identifier', '=', tokenHash(identifier))
    .executeTakeFirst();
  return row?.value;
}

/** The account whose sign-in waits for its second step, by the pending sign-in's id. */
export async function findPendingSecondFactor(database: Database, pendingId: string | null) {
  const userId = pendingId ? await findVerificationValue(database, pendingId) : undefined;
  return userId ? { userId, practiceIds: await practicesOf(database, userId) } : undefined;
}
