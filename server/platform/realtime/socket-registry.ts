import type { WebSocket } from 'ws';

/** Open WebSockets by the person who holds them, so access changes can close them at once. */
export class SocketRegistry {
  readonly #byUser = new Map<string, Set<WebSocket>>();

  add(userId: string, socket: WebSocket): void {
    const set = this.#byUser.get(userId) ?? new Set();
    set.add(socket);
    this.#byUser.set(userId, set);
  }

  remove(userId: string, socket: WebSocket): void {
    const set = this.#byUser.get(userId);
    set?.delete(socket);
    if (set?.size === 0) this.#byUser.delete(userId);
  }

  /** How many sockets are open on this instance. */
  get size(): number {
    let n = 0;
    for (const set of this.#byUser.values()) n += set.size;
    return n;
  }

  /** Closes every socket of one person (1008: policy violation, as when their session ends). */
  closeForUser(userId: string, reason: string): void {
    for (const socket of this.#byUser.get(userId) ?? []) socket.close(1008, reason);
  }

  closeAll(): void {
    for (const set of this.#byUser.values()) for (const socket of set) socket.close(1001, 'server shutting down');
  }
}
