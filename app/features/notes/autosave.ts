import { useCallback, useEffect, useState } from 'react';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

/**
 * Drafts waiting to be saved, one per key (the group note, each member's part), saved a moment
 * after typing stops. Saves of one draft go one after another, never side by side: a slow save
 * cannot land after a newer one and put older words back. `flush` saves everything still
 * pending and waits for saves already on their way, so signing comes after the last word.
 */
export class DraftSaver<T> {
  private readonly pending = new Map<string, T>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private save: (key: string, value: T) => Promise<void>,
    private readonly report: (state: SaveState, error: string | null) => void,
    private readonly delayMs = 800,
  ) {}

  /** Saves from now on go through `save` (a page's save function changes with its URL). */
  use(save: (key: string, value: T) => Promise<void>): void {
    this.save = save;
  }

  /** Whether any words are not yet saved (pending or on their way). */
  get unsaved(): boolean {
    return this.pending.size > 0 || this.inFlight.size > 0;
  }

  change(key: string, value: T): void {
    this.pending.set(key, value);
    this.report('pending', null);
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => void this.run(key).catch(() => undefined), this.delayMs),
    );
  }

  /** Saves one draft now, after any save of it already on its way. A failed save is kept and tried again with the next change. */
  async run(key: string): Promise<void> {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const before = this.inFlight.get(key);
    if (before) await before.catch(() => undefined);
    const value = this.pending.get(key);
    if (value === undefined) return;
    this.pending.delete(key);
    this.report('saving', null);
    const saving = this.save(key, value);
    this.inFlight.set(key, saving);
    try {
      await saving;
      this.report(this.pending.size > 0 ? 'pending' : 'saved', null);
    } catch (e) {
      if (!this.pending.has(key)) this.pending.set(key, value);
      this.report('failed', e instanceof Error ? e.message : String(e));
      throw e;
    } finally {
      if (this.inFlight.get(key) === saving) this.inFlight.delete(key);
    }
  }

  /** Saves everything pending and waits for every save on its way; throws if one fails. */
  async flush(): Promise<void> {
    const keys = new Set([...this.pending.keys(), ...this.inFlight.keys()]);
    await Promise.all([...keys].map((key) => this.run(key)));
  }

  /** Leaving: timers stop, and whatever is still pending goes now. */
  leave(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const key of [...this.pending.keys()]) void this.run(key).catch(() => undefined);
  }
}

/**
 * The page's autosave: a DraftSaver whose state the page shows, flushed when the page goes, and a
 * browser's "leave this page?" question while words are not yet saved (closing the tab too soon).
 */
export function useAutosave<T>(save: (key: string, value: T) => Promise<void>, delayMs = 800) {
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<string | null>(null);
  const [saver] = useState(
    () =>
      new DraftSaver<T>(
        save,
        (next, message) => {
          setState(next);
          if (next !== 'pending') setError(message);
        },
        delayMs,
      ),
  );

  useEffect(() => saver.use(save), [saver, save]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (!saver.unsaved) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      saver.leave();
    };
  }, [saver]);

  const change = useCallback((key: string, value: T) => saver.change(key, value), [saver]);
  const flush = useCallback(() => saver.flush(), [saver]);
  return { change, flush, state, error };
}
