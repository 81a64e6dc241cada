import { sql } from 'kysely';
import { z } from 'zod';
import type { Services } from '../../app.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { problem, sendProblem } from '../../platform/problem.js';

const READY_TIMEOUT_MS = 2000;

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
export function healthRoutes(app: HearthApp, { database, broker }: Services): void {
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
        summary: 'The database (and the broker, when Redis is used) can be reached',
        tags: ['operations'],
        response: { 200: z.object({ status: z.literal('ready'), database: z.enum(['sqlite', 'postgres']) }) },
      },
    },
    async (request, reply) => {
      try {
        await within(sql`select 1`.execute(database.db), READY_TIMEOUT_MS, 'the database');
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: database unreachable');
        return sendProblem(reply, problem(503, `The database cannot be reached: ${(error as Error).message}`));
      }
      try {
        await within(broker.ping(), READY_TIMEOUT_MS, 'the realtime broker');
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: broker unreachable');
        return sendProblem(reply, problem(503, `The realtime broker cannot be reached: ${(error as Error).message}`));
      }
      return { status: 'ready' as const, database: database.engine };
    },
  );
}
