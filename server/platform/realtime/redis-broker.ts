import type { Redis } from 'ioredis';
import { connectRedis } from '../redis.js';
import { RoomListeners, type Broker, type RealtimeMessage, type RoomListener } from './broker.js';

const CHANNEL_PREFIX = 'hearth:room:';

/**
 * The broker for several instances: Redis pub/sub. Each instance subscribes to a room's channel
 * only while one of its sockets listens to that room, so traffic follows the sockets.
 *
 * While Redis is away nothing waits on it (platform/redis.ts): publishing reaches this instance's
 * own sockets and rejects; subscribing is done when the connection is ready again; and when both
 * connections are back, `onRecovered` listeners hear how long the broker was lost.
 */
export class RedisBroker implements Broker {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #listeners = new RoomListeners();
  readonly #recovered: Array<(since: Date) => void> = [];
  /** Set while a connection is down; lost from the start until first connected. */
  #lostAt: Date | undefined = new Date();
  #closed = false;

  constructor(url: string) {
    this.#publisher = connectRedis(url);
    // A connection in subscriber mode can issue no other command, hence the second one.
    this.#subscriber = connectRedis(url, { subscriber: true });
    for (const connection of [this.#publisher, this.#subscriber]) {
      connection.on('close', () => {
        if (!this.#closed) this.#lostAt ??= new Date();
      });
      connection.on('ready', () => void this.#ready(connection));
    }
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
    try {
      await this.#publisher.publish(CHANNEL_PREFIX + room, JSON.stringify(message));
    } catch (error) {
      queueMicrotask(() => this.deliverLocally(room, message));
      throw error;
    }
  }

  deliverLocally(room: string, message: RealtimeMessage): void {
    this.#listeners.deliver(room, message);
  }

  async subscribe(room: string, listener: RoomListener) {
    if (this.#listeners.add(room, listener)) {
      // Not connected: #ready subscribes every room with a listener when it is.
      await this.#subscriber.subscribe(CHANNEL_PREFIX + room).catch(() => undefined);
    }
    return async () => {
      // After close() the connection is gone and with it every subscription; while Redis is away
      // the subscription went with the connection.
      if (this.#listeners.remove(room, listener) && !this.#closed)
        await this.#subscriber.unsubscribe(CHANNEL_PREFIX + room).catch(() => undefined);
    };
  }

  async ping(): Promise<void> {
    await this.#publisher.ping();
  }

  onRecovered(listener: (since: Date) => void): void {
    this.#recovered.push(listener);
  }

  async #ready(connection: Redis): Promise<void> {
    const rooms = this.#listeners.rooms();
    if (connection === this.#subscriber && rooms.length > 0) {
      await this.#subscriber.subscribe(...rooms.map((room) => CHANNEL_PREFIX + room)).catch(() => undefined);
    }
    // Told only once subscribed again, so nothing published from here on is missed.
    const since = this.#lostAt;
    if (!since || this.#publisher.status !== 'ready' || this.#subscriber.status !== 'ready') return;
    this.#lostAt = undefined;
    for (const listener of this.#recovered) listener(since);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#publisher.disconnect();
    this.#subscriber.disconnect();
  }
}
