import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from './problem.js';

/** Sign-in, the second step and password reset: at most five tries per five minutes (PRODUCT.md §3.1). */
export const ATTEMPT_LIMIT = { max: 5, timeWindow: 5 * 60 * 1000 };

/**
 * A second limit on a route, counted by something other than the client address (an account, a
 * pending sign-in). Runs as a preHandler, after the body is parsed; the route's own per-address
 * limit still applies.
 */
export function limitBy(
  app: FastifyInstance,
  limit: { max: number; timeWindow: number },
  key: (request: FastifyRequest) => string,
) {
  const check = app.createRateLimit({ ...limit, keyGenerator: key });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const result = await check(request);
    // isAllowed means "on the allow list", not "within the limit".
    if (result.isAllowed || !result.isExceeded) return;
    reply.header('retry-after', result.ttlInSeconds);
    throw new HttpProblem(
      429,
      `Too many attempts. Please wait ${Math.ceil(result.ttlInSeconds / 60)} minute(s) and try again.`,
    );
  };
}
