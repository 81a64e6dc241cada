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
    throw new HttpProblem(429, 'problem.tooManyAttempts', {
      values: { minutes: Math.ceil(result.ttlInSeconds / 60) },
    });
  };
}

/**
 * Counts failed attempts only (a wrong password, a wrong code), per client address and per
 * account, and refuses further attempts once either count reaches the limit. Successful sign-ins
 * never count, so colleagues behind one office address do not lock each other out by signing in.
 * The caller names the account (an e-mail, a pending sign-in); null counts by address alone.
 */
export function failedAttemptLimiter(app: FastifyInstance, limit: { max: number; timeWindow: number }) {
  // The rate-limit plugin derives keys from the request alone: the account travels beside it.
  const accounts = new WeakMap<FastifyRequest, string>();
  const counters = [
    app.createRateLimit({ ...limit, keyGenerator: (request) => `failed:address:${request.ip}` }),
    app.createRateLimit({
      ...limit,
      keyGenerator: (request) => `failed:account:${accounts.get(request) ?? request.ip}`,
    }),
  ];
  const count = (request: FastifyRequest, account: string | null, increment: boolean) => {
    if (account) accounts.set(request, account);
    else accounts.delete(request);
    return Promise.all(counters.map((counter) => counter(request, { increment })));
  };
  return {
    /** 429 with Retry-After while the address or the account is at the limit. */
    guard: async (request: FastifyRequest, reply: FastifyReply, account: string | null) => {
      for (const state of await count(request, account, false)) {
        if (!state.isAllowed && state.remaining === 0) {
          const seconds = Math.max(1, state.ttlInSeconds);
          reply.header('retry-after', seconds);
          throw new HttpProblem(429, 'problem.tooManyFailures', { values: { minutes: Math.ceil(seconds / 60) } });
        }
      }
    },
    /** Counts one failed attempt against the address and the account. */
    recordFailure: async (request: FastifyRequest, account: string | null) => {
      await count(request, account, true);
    },
  };
}

/** Failed password attempts, shared by every route that checks a password (sign-in, invitations). */
export type FailedAttemptLimiter = ReturnType<typeof failedAttemptLimiter>;
