import { DateTime } from 'luxon';
import type { Locale } from '../../domain/locale.js';
import type { Translator } from './i18n.js';

/** "Tuesday 6 October at 18:00 (London time)", in the reader's language, in the group's zone. */
export function whenInWords(t: Translator, startsAt: string, zone: string): string {
  const at = DateTime.fromISO(startsAt, { zone }).setLocale(t.locale satisfies Locale);
  return t.t('time.when', {
    date: at.toFormat(t.t('time.dateFormat')),
    time: at.toFormat('HH:mm'),
    zone: zoneInWords(t, zone),
  });
}

/** A zone as people say it: "Europe/London" is "London time" / "hora de London". */
export function zoneInWords(t: Translator, zone: string): string {
  if (zone === 'UTC') return 'UTC';
  return t.t('time.zone', { city: (zone.split('/').pop() ?? zone).replace(/_/g, ' ') });
}

/**
 * The calendar day (yyyy-mm-dd) an instant falls on for someone: in their zone, else UTC. What a
 * date printed for them says (a superbill's issue date, a download's name) and how the days of
 * their ranges are read; a UTC date is tomorrow's in an American evening.
 */
export function dayFor(timeZone: string | null, at: Date = new Date()): string {
  return DateTime.fromJSDate(at, { zone: timeZone ?? 'UTC' }).toISODate()!;
}
