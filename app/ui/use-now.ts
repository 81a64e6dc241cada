import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs`, so pages that say "starts soon" or show a
 * meeting link at the right moment update on their own without reading the clock while rendering.
 */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
