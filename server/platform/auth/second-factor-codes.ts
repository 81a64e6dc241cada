import type { Database } from '../../db/connect.js';
import { tokenHash } from '../crypto/token-hash.js';

export type SecondFactorKind = 'app' | 'recovery';

/**
 * How long a used code from the app stays recorded: better-auth accepts it for at most 90 seconds
 * (its 30-second step and one on either side), and instances' clocks may differ by a little.
 */
const APP_CODE_KEPT_MS = 2 * 60 * 1000;

/**
 * Checks a second-step code at most once per account (docs/decisions/0013): records the code as
 * used, then runs `check` (better-auth's verification), and gives the record back if the check
 * fails. The table's primary key lets only one request record a code, on any instance and either
 * engine, so a replayed or racing code never reaches the check. Returns null for a code already used.
 */
export async function checkCodeOnce<T>(
  database: Database,
  use: { userId: string; kind: SecondFactorKind; code: string },
  check: () => Promise<T>,
  now = new Date(),
): Promise<T | null> {
  const { db } = database;
  const codeHash = tokenHash(`${use.kind}:${use.code}`);
  // Six digits come round again: a code from the app is free once it could no longer work.
  // A recovery code is recorded for good.
  await db
    .deleteFrom('usedSecondFactorCodes')
    .where('userId', '=', use.userId)
    .where('kind', '=', 'app')
    .where('usedAt', '<', new Date(now.getTime() - APP_CODE_KEPT_MS).toISOString())
    .execute();
  const recorded = await db
    .insertInto('usedSecondFactorCodes')
    .values({ userId: use.userId, kind: use.kind, codeHash, usedAt: now.toISOString() })
    .onConflict((conflict) => conflict.columns(['userId', 'codeHash']).doNothing())
    .executeTakeFirst();
  if (Number(recorded.numInsertedOrUpdatedRows ?? 0) === 0) return null;
  try {
    return await check();
  } catch (error) {
    // A wrong code, or a check that could not run: the code was not used.
    await db
      .deleteFrom('usedSecondFactorCodes')
      .where('userId', '=', use.userId)
      .where('codeHash', '=', codeHash)
      .execute();
    throw error;
  }
}
