import type { Database } from '../../db/connect.js';

/** The account a reset token belongs to, read before better-auth uses the token up. */
export async function findResetTokenOwner(database: Database, token: string): Promise<string | undefined> {
  const row = await database.db
    .selectFrom('verifications')
    .select('value')
    .where('identifier', '=', `reset-password:${token}`)
    .executeTakeFirst();
  return row?.value;
}

/** The practices a person belongs to, for auditing in each. */
export async function practicesOf(database: Database, userId: string): Promise<string[]> {
  const rows = await database.db
    .selectFrom('practiceMembers')
    .select('practiceId')
    .where('userId', '=', userId)
    .execute();
  return rows.map((r) => r.practiceId);
}
