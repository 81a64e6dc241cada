import { useEffect, useState } from 'react';
import { useT } from '../../i18n/use-t.js';

/**
 * The time left until a deadline the server set, read on the server's clock: `offsetMs` is how far
 * the server's clock is ahead of this device's (from the `now` the server stamps on what it sends).
 * The page re-reads the clock every quarter second only to redraw; the deadline itself never moves,
 * so a slow or sleeping device shows the right time the moment it wakes, and nothing drifts.
 */
export function useTimeLeft(deadline: string | null, offsetMs: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!deadline) return;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [deadline]);
  if (!deadline) return null;
  return Math.max(0, Date.parse(deadline) - (now + offsetMs));
}

/** "4:05" for 245 000 ms: minutes and seconds, rounded up so 0:00 means the time is really up. */
export function clock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * A countdown to a server deadline. At the end it changes colour softly and says so in words; it
 * never flashes or sounds. The digits are not a live region (a screen reader would hear every
 * second); the end is announced through the room's polite announcer by the page.
 */
export function Countdown({ deadline, offsetMs, label }: { deadline: string | null; offsetMs: number; label: string }) {
  const t = useT();
  const left = useTimeLeft(deadline, offsetMs);
  if (left === null) return null;
  const over = left === 0;
  return (
    <p className={over ? 'countdown countdown--over' : 'countdown'}>
      <span className="countdown__label">{label}</span>{' '}
      <span className="countdown__time">{over ? t('room.timer.over') : clock(left)}</span>
    </p>
  );
}
