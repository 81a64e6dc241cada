import fs from 'node:fs';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Services } from '../../app.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../platform/errors.js';
import { DATABASE_UNAVAILABLE, INSUFFICIENT_STORAGE, sendProblem, words, type Words } from '../../platform/problem.js';

const READY_TIMEOUT_MS = 2000;
/** Below this much free space on the data folder's disk, the embedded database may fail to commit. */
const MIN_FREE_BYTES = 16 * 1024 * 1024;

/** Rejects when the promise takes longer than `ms`, so a hung dependency cannot hang /readyz. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref(),
    ),
  ]);
}

/** Liveness and readiness, for load balancers and orchestrators. */
export function healthRoutes(app: HearthApp, { database, broker, config, video }: Services): void {
  app.get(
    '/healthz',
    {
      config: { policy: policies.public },
      schema: {
        summary: 'The process is alive',
        tags: ['operations'],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { policy: policies.public },
      schema: {
        summary: 'The database can be reached and has room to write (and the broker, when Redis is used, answers)',
        tags: ['operations'],
        response: {
          200: z.object({
            status: z.literal('ready'),
            database: z.enum(['sqlite', 'postgres']),
            // Janus down degrades video only: the rooms carry on without it, so Hearth stays ready.
            video: z.enum(['off', 'ready', 'degraded']),
          }),
        },
      },
    },
    async (request, reply) => {
      try {
        await within(sql`select 1`.execute(database.db), READY_TIMEOUT_MS, 'the database');
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: database unreachable');
        reply.header('retry-after', DATABASE_RETRY_AFTER_SECONDS);
        return sendProblem(reply, {
          status: 503,
          key: 'problem.ready.database',
          values: { reason: (error as Error).message },
          type: DATABASE_UNAVAILABLE,
        });
      }
      const noRoom = await storageProblem(database, config.dataDir);
      if (noRoom) {
        request.log.warn({ cause: 'storage-full', ...noRoom.values }, `readiness: ${noRoom.key}`);
        return sendProblem(reply, {
          status: 503,
          ...noRoom,
          type: INSUFFICIENT_STORAGE,
          titleKey: 'problem.title.insufficientStorage',
        });
      }
      try {
        await within(broker.ping(), READY_TIMEOUT_MS, 'the realtime broker');
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: broker unreachable');
        return sendProblem(reply, {
          status: 503,
          key: 'problem.ready.broker',
          values: { reason: (error as Error).message },
        });
      }
      return { status: 'ready' as const, database: database.engine, video: video.readiness() };
    },
  );
}

/** Why the database cannot take writes for lack of space, or null when it can. */
async function storageProblem(database: Services['database'], dataDir: string): Promise<Words | null> {
  if (database.health.storageFullRecently()) return words('problem.ready.storageRefused');
  if (database.engine !== 'sqlite') return null;
  const disk = await fs.promises.statfs(dataDir);
  const free = disk.bavail * disk.bsize;
  if (free < MIN_FREE_BYTES) {
    return words('problem.ready.diskLow', { dataDir, kib: Math.floor(free / 1024) });
  }
  return null;
}
