import { localInZone, viewerTimeZone } from '../../ui/format.js';

/** A range of days as the billing forms send it, both days included, YYYY-MM-DD. */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * Today, as a date in the viewer's zone: the server reads billing ranges in that zone, so a UTC
 * date would leave out this morning's sessions east of Greenwich and put "to" before "from" there
 * on New Year's morning.
 */
const today = (now: Date, zone: string) => localInZone(now.toISOString(), zone).date;

/** From the first of this month to today: the billing page's first range. */
export function thisMonth(now: Date = new Date(), zone: string = viewerTimeZone()): DayRange {
  const to = today(now, zone);
  return { from: `${to.slice(0, 8)}01`, to };
}

/** From the first of January to today: a superbill's first range. */
export function thisYear(now: Date = new Date(), zone: string = viewerTimeZone()): DayRange {
  const to = today(now, zone);
  return { from: `${to.slice(0, 5)}01-01`, to };
}
