import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import type { DB } from '../../db/schema.js';
import { actingMembership, findActiveMemberships } from './membership.repository.js';

/** A session with its person and each practice they may still use, as read for every signed-in request. */
export interface SessionRecord {
  session: {
    id: string;
    userId: string;
    expiresAt: string;
    createdAt: string;
    lastActiveAt: string | null;
    activePracticeId: string | null;
  };
  user: {
    id: string;
    name: string;
    email: string;
    twoFactorEnabled: boolean;
    locale: string | null;
    timeZone: string | null;
  };
  /** Memberships not disabled, oldest first (as findActiveMemberships). */
  memberships: Array<{
    practiceId: string;
    role: string;
    practiceName: string;
    practiceDefaultLocale: string;
    practiceCountry: string;
  }>;
}

function sessionQuery(db: Kysely<DB>, token: string) {
  return (
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.userId')
      // Left joins: a session of someone with no practice left is still found, so it can be ended.
      .leftJoin('practiceMembers', (join) =>
        join.onRef('practiceMembers.userId', '=', 'sessions.userId').on('practiceMembers.disabledAt', 'is', null),
      )
      .leftJoin('practices', 'practices.id', 'practiceMembers.practiceId')
      .select([
        'sessions.id as sessionId',
        'sessions.userId',
        'sessions.expiresAt',
        'sessions.createdAt',
        'sessions.lastActiveAt',
        'sessions.activePracticeId',
        'users.name',
        'users.email',
        'users.twoFactorEnabled',
        'users.locale',
        'users.timeZone',
        'practices.id as practiceId',
        'practiceMembers.role',
        'practices.name as practiceName',
        'practices.defaultLocale as practiceDefaultLocale',
        'practices.country as practiceCountry',
      ])
      // sessions.token is unique (an index); memberships come by practice_members_user_id_idx.
      .where('sessions.token', '=', token)
      .orderBy('practiceMembers.createdAt')
  );
}

type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionQuery>['execute']>>[number];

/** The session query compiled once per connection (database, or a test's own): only the token changes. */
const compiled = new WeakMap<Kysely<DB>, CompiledQuery<SessionRow>>();

/**
 * The session of a token, its person and their memberships, in one query by the unique token.
 * Built and compiled once: building a Kysely query costs more than SQLite answering it.
 */
export async function findSessionByToken(database: Database, token: string): Promise<SessionRecord | null> {
  let query = compiled.get(database.db);
  if (!query) {
    query = sessionQuery(database.db, '').compile();
    if (query.parameters.length !== 1) throw new Error('the session query must take the token as its only parameter');
    compiled.set(database.db, query);
  }
  const { rows } = await database.db.executeQuery<SessionRow>({ ...query, parameters: [token] });
  const first = rows[0];
  if (!first) return null;
  return {
    session: {
      id: first.sessionId,
      userId: first.userId,
      expiresAt: toInstant(first.expiresAt),
      createdAt: toInstant(first.createdAt),
      lastActiveAt: first.lastActiveAt === null ? null : toInstant(first.lastActiveAt),
      activePracticeId: first.activePracticeId,
    },
    user: {
      id: first.userId,
      name: first.name,
      email: first.email,
      twoFactorEnabled: Boolean(first.twoFactorEnabled),
      locale: first.locale,
      timeZone: first.timeZone,
    },
    memberships: rows.flatMap((r) =>
      r.practiceId !== null &&
      r.role !== null &&
      r.practiceName !== null &&
      r.practiceDefaultLocale !== null &&
      r.practiceCountry !== null
        ? [
            {
              practiceId: r.practiceId,
              role: r.role,
              practiceName: r.practiceName,
              practiceDefaultLocale: r.practiceDefaultLocale,
              practiceCountry: r.practiceCountry,
            },
          ]
        : [],
    ),
  };
}

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
