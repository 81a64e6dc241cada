import { Redis } from 'ioredis';
import { RoomListeners, type Broker, type RealtimeMessage, type RoomListener } from './broker.js';

const CHANNEL_PREFIX = 'hearth:room:';

/**
 * The broker for several instances: Redis pub/sub. Each instance subscribes to a room's channel
 * only while one of its sockets listens to that room, so traffic follows the sockets.
 */
export class RedisBroker implements Broker {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #listeners = new RoomListeners();
  #closed = false;

  constructor(url: string) {
    const options = { lazyConnect: false, maxRetriesPerRequest: 3 };
    this.#publisher = new Redis(url, options);
    // A connection in subscriber mode can issue no other command, hence the second one.
    this.#subscriber = new Redis(url, options);
    // ioredis reconnects by itself; without a listener an 'error' event would crash the process.
    this.#publisher.on('error', () => undefined);
    this.#subscriber.on('error', () => undefined);
    this.#subscriber.on('message', (channel: string, payload: string) => {
      if (!channel.startsWith(CHANNEL_PREFIX)) return;
      let message: RealtimeMessage;
      try {
        message = JSON.parse(payload) as RealtimeMessage;
      } catch {
        return;
      }
      this.#listeners.deliver(channel.slice(CHANNEL_PREFIX.length), message);
    });
  }

  async publish(room: string, message: RealtimeMessage): Promise<void> {
    await this.#publisher.publish(CHANNEL_PREFIX + room, JSON.stringify(message));
  }

  async subscribe(room: string, listener: RoomListener) {
    if (this.#listeners.add(room, listener)) await this.#subscriber.subscribe(CHANNEL_PREFIX + room);
    return async () => {
      // After close() the connection is gone and with it every subscription.
      if (this.#listeners.remove(room, listener) && !this.#closed)
        await this.#subscriber.unsubscribe(CHANNEL_PREFIX + room);
    };
  }

  async ping(): Promise<void> {
    await this.#publisher.ping();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#publisher.disconnect();
    this.#subscriber.disconnect();
  }
}
