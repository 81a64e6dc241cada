import type { Database } from '../../db/connect.js';

/** The account with this e-mail and the practices it belongs to, for auditing a failed sign-in. */
export async function findAccountByEmail(database: Database, email: string) {
  const user = await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (!user) return undefined;
  const memberships = await database.db
    .selectFrom('practiceMembers')
    .select('practiceId')
    .where('userId', '=', user.id)
    .execute();
  return { userId: user.id, practiceIds: memberships.map((m) => m.practiceId) };
}

/** Makes a practice the one the session acts in. */
export async function setActivePractice(database: Database, sessionId: string, practiceId: string): Promise<void> {
  await database.db.updateTable('sessions').set({ activePracticeId: practiceId }).where('id', '=', sessionId).execute();
}

/** The account whose sign-in waits for its second step, by the pending sign-in's id. */
export async function findPendingSecondFactor(database: Database, pendingId: string | null) {
  if (!pendingId) return undefined;
  const row = await database.db
    .selectFrom('verifications')
    .select('value')
    .where('identifier', '=', pendingId)
    .executeTakeFirst();
  if (!row) return undefined;
  const memberships = await database.db
    .selectFrom('practiceMembers')
    .select('practiceId')
    .where('userId', '=', row.value)
    .execute();
  return { userId: row.value, practiceIds: memberships.map((m) => m.practiceId) };
}
