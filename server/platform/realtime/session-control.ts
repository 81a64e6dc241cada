import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/connect.js';
import type { Broker, RealtimeMessage } from './broker.js';

/** The control message that closes sockets whose session has ended. Never forwarded to clients. */
export const SESSION_ENDED = 'session-ended';

/** How far back a replay reaches before the broker was lost: clocks of instances differ a little. */
const REPLAY_SLACK_MS = 60_000;
/** Revocations are kept this long; an outage longer than this is answered by the sessions table alone. */
const KEEP_MS = 7 * 86_400_000;

/**
 * Closes, on every instance, the live sockets of some sessions of a person: used when a session is
 * ended or signed out, or an account disabled in a practice (its sessions acting there).
 *
 * Each revocation is written to the database before it is published. When Redis is away the
 * publish fails (in bounded time) and only this instance's sockets close at once; when the broker
 * is back, every instance replays the revocations made since it lost the broker to its own
 * sockets, and publishes those that never left, so no revoked socket survives an outage. The
 * session itself is already deleted, so no new request or socket could use it meanwhile.
 */
export class LiveSessions {
  constructor(
    private readonly database: Database,
    private readonly broker: Broker,
    private readonly log: Pick<FastifyBaseLogger, 'warn' | 'error'>,
  ) {
    broker.onRecovered((since) => {
      this.replay(since).catch((error: unknown) =>
        this.log.error({ err: error }, 'could not replay ended sessions after the broker returned'),
      );
    });
  }

  /** Records and publishes a revocation per session; the broker being away never fails the caller. */
  async close(userId: string, sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const createdAt = new Date().toISOString();
    const rows = sessionIds.map((sessionId) => ({ id: crypto.randomUUID(), userId, sessionId }));
    await this.database.db
      .insertInto('sessionRevocations')
      .values(rows.map((r) => ({ ...r, createdAt, publishedAt: null })))
      .execute();
    await this.#publish(rows);
  }

  /** Closes this instance's sockets of revocations since `since`, and publishes any that never left. */
  async replay(since: Date): Promise<void> {
    const revocations = await this.database.db
      .selectFrom('sessionRevocations')
      .select(['id', 'userId', 'sessionId', 'publishedAt'])
      .where('createdAt', '>=', new Date(since.getTime() - REPLAY_SLACK_MS).toISOString())
      .orderBy('createdAt')
      .execute();
    for (const r of revocations) this.broker.deliverLocally(room(r.userId), message(r.sessionId));
    const unpublished = await this.database.db
      .selectFrom('sessionRevocations')
      .select(['id', 'userId', 'sessionId'])
      .where('publishedAt', 'is', null)
      .orderBy('createdAt')
      .execute();
    await this.#publish(unpublished);
  }

  /** Deletes revocations older than a week. */
  async prune(now: Date): Promise<void> {
    await this.database.db
      .deleteFrom('sessionRevocations')
      .where('createdAt', '<', new Date(now.getTime() - KEEP_MS).toISOString())
      .execute();
  }

  async #publish(revocations: Array<{ id: string; userId: string; sessionId: string | null }>): Promise<void> {
    for (const r of revocations) {
      try {
        await this.broker.publish(room(r.userId), message(r.sessionId));
      } catch (error) {
        this.log.warn(
          { err: error, cause: 'broker-unavailable' },
          'ended session not yet published to other instances; they close its sockets when the broker returns',
        );
        return;
      }
      await this.database.db
        .updateTable('sessionRevocations')
        .set({ publishedAt: new Date().toISOString() })
        .where('id', '=', r.id)
        .execute();
    }
  }
}

function room(userId: string): string {
  return `user:${userId}`;
}

function message(sessionId: string | null): RealtimeMessage {
  return { type: SESSION_ENDED, data: { sessionIds: sessionId === null ? [] : [sessionId] } };
}

/** Whether a control message ends the socket of this session. */
export function endsSession(message: RealtimeMessage, sessionId: string): boolean {
  if (message.type !== SESSION_ENDED) return false;
  const targets = (message.data as { sessionIds?: unknown } | null)?.sessionIds;
  return Array.isArray(targets) && targets.includes(sessionId);
}
