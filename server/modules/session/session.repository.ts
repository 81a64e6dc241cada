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
