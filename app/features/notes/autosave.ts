import { useCallback, useEffect, useRef, useState } from 'react';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

/**
 * Saves drafts a moment after typing stops, one timer per draft, so moving to the next member
 * never waits and never loses a word: `flush` saves everything still pending at once (before
 * signing, when leaving the page). A failed save is kept and tried again with the next change.
 */
export function useAutosave<T>(save: (key: string, value: T) => Promise<void>, delayMs = 800) {
  const pending = useRef(new Map<string, T>());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<string | null>(null);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  const run = useCallback(async (key: string) => {
    clearTimeout(timers.current.get(key));
    timers.current.delete(key);
    const value = pending.current.get(key);
    if (value === undefined) return;
    pending.current.delete(key);
    setState('saving');
    try {
      await saveRef.current(key, value);
      setError(null);
      setState(pending.current.size > 0 ? 'pending' : 'saved');
    } catch (e) {
      if (!pending.current.has(key)) pending.current.set(key, value);
      setError(e instanceof Error ? e.message : String(e));
      setState('failed');
      throw e;
    }
  }, []);

  const change = useCallback(
    (key: string, value: T) => {
      pending.current.set(key, value);
      setState('pending');
      clearTimeout(timers.current.get(key));
      timers.current.set(
        key,
        setTimeout(() => void run(key).catch(() => undefined), delayMs),
      );
    },
    [run, delayMs],
  );

  const flush = useCallback(async () => {
    await Promise.all([...pending.current.keys()].map((key) => run(key)));
  }, [run]);

  useEffect(() => {
    const timersNow = timers.current;
    const pendingNow = pending.current;
    return () => {
      for (const timer of timersNow.values()) clearTimeout(timer);
      // Leaving the page: whatever is still pending goes now.
      for (const key of pendingNow.keys()) void run(key).catch(() => undefined);
    };
  }, [run]);

  return { change, flush, state, error };
}
