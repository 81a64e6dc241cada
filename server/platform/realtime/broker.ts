/** A message delivered to every socket in a room, on every instance. */
export interface RealtimeMessage {
  type: string;
  data: unknown;
}

export type RoomListener = (message: RealtimeMessage) => void;

/**
 * Fans messages out to rooms (`user:<id>`, later `group:<id>` and `session:<id>`).
 * One process uses the in-memory broker; several processes share Redis pub/sub.
 */
export interface Broker {
  /**
   * Delivers to the room on every instance. When the broker cannot be reached it still delivers
   * to this instance's own listeners, then rejects: the other instances did not hear it.
   */
  publish(room: string, message: RealtimeMessage): Promise<void>;
  /** Delivers to this instance's own listeners only: a replay of what the broker could not carry. */
  deliverLocally(room: string, message: RealtimeMessage): void;
  /** Listens to a room; the returned function stops listening. */
  subscribe(room: string, listener: RoomListener): Promise<() => Promise<void>>;
  /** Ready to deliver (for /readyz). */
  ping(): Promise<void>;
  /**
   * Hears when the broker is back after an outage, with when it was lost: messages published
   * in between never arrived here, and what this instance failed to publish never left.
   */
  onRecovered(listener: (since: Date) => void): void;
  close(): Promise<void>;
}

/** Listeners per room, shared by both brokers; reports when a room gains its first or loses its last listener. */
export class RoomListeners {
  readonly #rooms = new Map<string, Set<RoomListener>>();

  /** Adds a listener; true when it is the room's first. */
  add(room: string, listener: RoomListener): boolean {
    const set = this.#rooms.get(room);
    if (set) {
      set.add(listener);
      return false;
    }
    this.#rooms.set(room, new Set([listener]));
    return true;
  }

  /** Removes a listener; true when the room has none left. */
  remove(room: string, listener: RoomListener): boolean {
    const set = this.#rooms.get(room);
    if (!set) return false;
    set.delete(listener);
    if (set.size > 0) return false;
    this.#rooms.delete(room);
    return true;
  }

  /** Every room with a listener. */
  rooms(): string[] {
    return [...this.#rooms.keys()];
  }

  deliver(room: string, message: RealtimeMessage): void {
    for (const listener of this.#rooms.get(room) ?? []) {
      // One failing socket must not stop delivery to the rest of the room.
      try {
        listener(message);
      } catch {
        /* the socket layer logs and drops its own failures */
      }
    }
  }
}
