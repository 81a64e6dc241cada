import { DateTime } from 'luxon';
import type { Locale } from '../../domain/locale.js';
import type { Translator } from './i18n.js';

/**
 * "Tuesday, October 6 at 6:00 PM (United Kingdom Time)" / "martes 6 de octubre a las 18:00 (hora de
 * Reino Unido)": in the reader's language and clock, in the given zone. The time and the zone's name
 * come from Intl, as on every page, so an e-mail never shows a different clock from the app.
 */
export function whenInWords(t: Translator, startsAt: string, zone: string): string {
  const at = DateTime.fromISO(startsAt, { zone }).setLocale(t.locale satisfies Locale);
  return t.t('time.when', {
    date: at.toFormat(t.t('time.dateFormat')),
    time: timeOfDay(t, at.hour, at.minute),
    zone: zoneInWords(t, zone, at.toJSDate()),
  });
}

/** A wall-clock time as the reader's language writes it: "6:00 PM" / "18:00". */
export function timeOfDay(t: Translator, hour: number, minute: number): string {
  return new Intl.DateTimeFormat(t.locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    Date.UTC(2000, 0, 1, hour, minute),
  );
}

/**
 * A zone by the name people use for it, in their language, whatever the season: "Pacific Time" /
 * "hora del Pacífico" (Intl's generic name), so a schedule's words stay true across summer time.
 */
export function zoneInWords(t: Translator, zone: string, at: Date = new Date()): string {
  if (zone === 'UTC') return 'UTC';
  return (
    new Intl.DateTimeFormat(t.locale, { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? zone
  );
}

/**
 * The calendar day (yyyy-mm-dd) an instant falls on for someone: in their zone, else UTC. What a
 * date printed for them says (a superbill's issue date, a download's name) and how the days of
 * their ranges are read; a UTC date is tomorrow's in an American evening.
 */
export function dayFor(timeZone: string | null, at: Date = new Date()): string {
  return DateTime.fromJSDate(at, { zone: timeZone ?? 'UTC' }).toISODate()!;
}
