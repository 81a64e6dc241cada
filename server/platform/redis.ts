import { Redis } from 'ioredis';

/**
 * A Redis connection that fails fast while Redis is away, so a request never waits on it for long.
 * ioredis's defaults queue every command while disconnected (enableOfflineQueue) and retry it over
 * 20 reconnections (maxRetriesPerRequest; 3 took sign-in 3–7 s before it failed), with a 10 s
 * connect timeout and no limit on a command that gets no answer. Here a command fails at once while
 * disconnected and after one second without an answer; ioredis keeps reconnecting in the
 * background (every 2 s at most) and callers fall back until it is back (docs/operations.md,
 * degraded modes).
 */
export function connectRedis(url: string, options: { subscriber?: boolean } = {}): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
    // The broker subscribes its rooms again itself when the connection is ready (redis-broker.ts).
    ...(options.subscriber && { autoResubscribe: false }),
  });
  // ioredis reports each failed reconnection as an 'error' event; unheard, it would end the process.
  redis.on('error', () => undefined);
  return redis;
}
