import { createRequire } from 'node:module';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyRateLimitOptions, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result: Result | null) => void;

/** The store interface @fastify/rate-limit calls (store/LocalStore.js, store/RedisStore.js). */
interface LimitStore {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  read(key: string, callback: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): LimitStore;
}

// The plugin's own stores, reused so that counting works exactly as without the fallback.
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  key: string,
) => LimitStore;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
) => LimitStore;

/** How often, at most, the fallback is logged while Redis stays away. */
const WARN_EVERY_MS = 60_000;

/**
 * Attempt limits counted in Redis, shared by every instance, and counted in this instance's
 * memory whenever Redis cannot answer (within the second connectRedis allows), with a warning
 * in the log. While Redis is away an attacker who spreads attempts over N instances gets N times
 * the limit; nobody is refused or kept waiting because Redis is down.
 */
export function fallbackLimitStore(
  redis: Redis,
  log: Pick<FastifyBaseLogger, 'warn'>,
  nameSpace: string,
): FastifyRateLimitStoreCtor {
  let lastWarning = 0;
  const warn = (error: Error) => {
    const now = Date.now();
    if (now - lastWarning < WARN_EVERY_MS) return;
    lastWarning = now;
    log.warn(
      { err: error, cause: 'redis-unavailable' },
      'attempt limits are counted per instance: Redis cannot be reached',
    );
  };

  class FallbackStore implements LimitStore {
    constructor(
      private readonly shared: LimitStore,
      private readonly local: LimitStore,
    ) {}

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.#either('incr', key, callback, timeWindow, max);
    }

    read(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.#either('read', key, callback, timeWindow, max);
    }

    child(routeOptions: unknown): LimitStore {
      return new FallbackStore(this.shared.child(routeOptions), this.local.child(routeOptions));
    }

    #either(method: 'incr' | 'read', key: string, callback: Callback, timeWindow: number, max: number) {
      this.shared[method](
        key,
        (error, result) => {
          if (!error) return callback(null, result);
          warn(error);
          this.local[method](key, callback, timeWindow, max);
        },
        timeWindow,
        max,
      );
    }
  }

  // The plugin constructs its store from the class it is given, with its global settings.
  return class extends FallbackStore {
    constructor(options: FastifyRateLimitOptions & { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
      const continueExceeding = options.continueExceeding ?? false;
      const exponentialBackoff = options.exponentialBackoff ?? false;
      super(
        new RedisStore(continueExceeding, exponentialBackoff, redis, nameSpace),
        new LocalStore(continueExceeding, exponentialBackoff),
      );
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
