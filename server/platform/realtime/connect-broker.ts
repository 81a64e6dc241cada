import type { Broker } from './broker.js';
import { MemoryBroker } from './memory-broker.js';
import { RedisBroker } from './redis-broker.js';

/** Redis when REDIS_URL is set (several instances), otherwise in-memory (one instance). */
export function connectBroker(redisUrl: string | undefined): Broker {
  return redisUrl ? new RedisBroker(redisUrl) : new MemoryBroker();
}
