import { RoomListeners, type Broker, type RealtimeMessage, type RoomListener } from './broker.js';

/** The broker for a single process: delivery is a function call. */
export class MemoryBroker implements Broker {
  readonly #listeners = new RoomListeners();

  async publish(room: string, message: RealtimeMessage): Promise<void> {
    // Deliver on a later tick, as Redis would, so callers never depend on synchronous delivery.
    queueMicrotask(() => this.#listeners.deliver(room, message));
  }

  deliverLocally(room: string, message: RealtimeMessage): void {
    this.#listeners.deliver(room, message);
  }

  async subscribe(room: string, listener: RoomListener) {
    this.#listeners.add(room, listener);
    return async () => {
      this.#listeners.remove(room, listener);
    };
  }

  async ping(): Promise<void> {}

  /** Memory is never away. */
  onRecovered(): void {}

  async close(): Promise<void> {}
}
