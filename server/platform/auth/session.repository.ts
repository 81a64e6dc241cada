import type { Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import type { DB } from '../../db/schema.js';
import { actingMembership, findActiveMemberships } from './membership.repository.js';

/** Records activity on a session, for the inactivity timeout. */
export async function touchSession(database: Database, sessionId: string, at: Date): Promise<void> {
  await database.db
    .updateTable('sessions')
    .set({ lastActiveAt: at.toISOString() })
    .where('id', '=', sessionId)
    .execute();
}

/** Ends one session of a person; false when they have no such session. */
export async function deleteSession(database: Database, userId: string, sessionId: string): Promise<boolean> {
  const result = await database.db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Ends the sessions of a person that act in one practice, and only those: what that practice
 * granted. Run before their membership there is disabled, so the practice a session without a
 * choice acts in is still known. Returns the ids of the sessions ended.
 */
export async function deleteSessionsActingIn(trx: Kysely<DB>, userId: string, practiceId: string): Promise<string[]> {
  const memberships = await findActiveMemberships({ db: trx }, userId);
  const sessions = await trx
    .selectFrom('sessions')
    .select(['id', 'activePracticeId'])
    .where('userId', '=', userId)
    .execute();
  const ids = sessions
    .filter((s) => actingMembership(memberships, s.activePracticeId)?.practiceId === practiceId)
    .map((s) => s.id);
  if (ids.length) await trx.deleteFrom('sessions').where('id', 'in', ids).execute();
  return ids;
}

/** Ends every session of a person. */
export async function deleteAllSessions(database: Database, userId: string): Promise<void> {
  await database.db.deleteFrom('sessions').where('userId', '=', userId).execute();
}

/** A person's sessions that have not expired, newest first. */
export async function listSessions(database: Database, userId: string, now: Date) {
  const rows = await database.db
    .selectFrom('sessions')
    .select(['id', 'createdAt', 'lastActiveAt', 'expiresAt', 'ipAddress', 'userAgent'])
    .where('userId', '=', userId)
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      createdAt: toInstant(r.createdAt),
      lastActiveAt: toInstant(r.lastActiveAt ?? r.createdAt),
      expiresAt: toInstant(r.expiresAt),
      ipAddress: r.ipAddress,
      userAgent: r.userAgent,
    }))
    .filter((r) => r.expiresAt > now.toISOString())
    .sort((a, b) => b.lastActiveAt.localeCompare(a.lastActiveAt));
}
