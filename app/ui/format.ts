import { useMemo } from 'react';
import { useT, type Translate } from '../i18n/use-t.js';

/** The viewer's own time zone, as the browser reports it. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** An instant's local date and time in a zone, as forms edit them: the group's for sessions, the viewer's for ranges of days. */
export function localInZone(iso: string, zone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

/**
 * The instant a calendar day (yyyy-mm-dd) begins in a zone: what a filter "from this day" means to
 * someone there, where the date alone would be read as UTC's day. Found from the zone's offset at
 * that midnight, checked once more for a day that changes the clocks.
 */
export function dayStartsAt(date: string, zone: string): string {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const offsetAt = (at: number) => {
    const local = localInZone(new Date(at).toISOString(), zone);
    return Date.parse(`${local.date}T${local.time}:00Z`) - Math.floor(at / 60_000) * 60_000;
  };
  const guess = utcMidnight - offsetAt(utcMidnight);
  return new Date(utcMidnight - offsetAt(guess)).toISOString();
}

/** Where a session's time is shown: in the group's zone (staff) or the viewer's own (members). */
export interface SessionZones {
  /** The group's IANA zone. */
  groupZone: string;
  /** Show the time in the group's zone (staff planning the group) or the viewer's (a member). */
  shownIn: 'group' | 'viewer';
}

/**
 * Dates, times, numbers and lists in one language, through Intl. Every page formats through the
 * `useFormat()` of its viewer, so a Spanish reader gets Spanish dates and Spanish lists.
 */
export function createFormat(locale: string, viewerZone: string = viewerTimeZone()) {
  const zoneName = (zone: string, at: Date) =>
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? zone;

  /** Which day an instant falls on in the viewer's zone, counted in whole days since 1970. */
  const dayNumber = (at: number) =>
    Date.parse(`${localInZone(new Date(at).toISOString(), viewerZone).date}T00:00:00Z`) / 86_400_000;

  return {
    locale,
    viewerZone,

    /** A date and time in the viewer's zone, with the zone named: "12 Nov 2026, 18:00 GMT". */
    instant(iso: string): string {
      // dateStyle and timeStyle cannot be combined with timeZoneName, hence the separate fields.
      return new Intl.DateTimeFormat(locale, {
        timeZone: viewerZone,
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
      }).format(new Date(iso));
    },

    /** A time of day in the viewer's zone ("18:05"): for what happened within one sitting, like a chat. */
    time(iso: string): string {
      return new Intl.DateTimeFormat(locale, { timeZone: viewerZone, hour: 'numeric', minute: '2-digit' }).format(
        new Date(iso),
      );
    },

    /** A date, short ("12 Nov 2026"): for chart axes and lists; in the given zone (the viewer's by default). */
    shortDate(iso: string, zone: string = viewerZone): string {
      return new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'medium' }).format(new Date(iso));
    },

    /** A whole day as a heading: "Tuesday 6 October", in the given zone (the viewer's by default). */
    day(iso: string, zone: string = viewerZone): string {
      return new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long' }).format(
        new Date(iso),
      );
    },

    /**
     * A session's time: "Tue 6 Oct, 18:00–19:30", in the group's zone or the viewer's, with the
     * zone named ("GMT+1") whenever the group and the viewer are in different zones, so nobody
     * mistakes one clock for the other.
     */
    sessionTime(startsAt: string, endsAt: string | undefined, zones: SessionZones): string {
      const zone = zones.shownIn === 'group' ? zones.groupZone : viewerZone;
      const start = new Date(startsAt);
      const named = zoneName(zones.groupZone, start) !== zoneName(viewerZone, start);
      const day = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' });
      const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: 'numeric', minute: '2-digit' });
      const range = endsAt ? time.formatRange(start, new Date(endsAt)) : time.format(start);
      return `${day.format(start)}, ${range}${named ? ` ${zoneName(zone, start)}` : ''}`;
    },

    /** How far away an instant is, in words: "in 2 hours", "yesterday", "in 5 minutes". */
    relative(iso: string, now: number): string {
      const seconds = (new Date(iso).getTime() - now) / 1000;
      const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
      const abs = Math.abs(seconds);
      if (abs < 60) return rtf.format(0, 'minute');
      if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
      // Days as the viewer's calendar counts them: at 04:00, 23:00 tomorrow is "tomorrow", not the
      // "in 2 days" that 43 hours rounds to.
      if (abs < 86_400 * 30) return rtf.format(dayNumber(Date.parse(iso)) - dayNumber(now), 'day');
      return rtf.format(Math.round(seconds / (86_400 * 30)), 'month');
    },

    /** A number in the viewer's locale ("1,234.5" / "1234,5"). */
    number(value: number, options?: Intl.NumberFormatOptions): string {
      return new Intl.NumberFormat(locale, options).format(value);
    },

    /** A list joined the way the language joins one: "Ana, Bo and Cy" / "Ana, Bo y Cy". */
    list(items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
      return new Intl.ListFormat(locale, { type }).format(items);
    },
  };
}

export type Format = ReturnType<typeof createFormat>;

/** The viewer's formatters, following the language they read. */
export function useFormat(): Format {
  const { locale } = useT();
  return useMemo(() => createFormat(locale), [locale]);
}

/**
 * A device from its user agent, in words a person recognises ("Firefox on Android"). Browser and
 * system names are proper names; the words around them come from the reader's catalog.
 */
export function describeDevice(userAgent: string | null, t: Translate): string {
  if (!userAgent) return t('format.device.unknown');
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const system = /iPhone|iPad/.test(userAgent)
    ? t('format.device.iPhoneOrIPad')
    : /Android/.test(userAgent)
      ? 'Android'
      : /Mac OS X/.test(userAgent)
        ? 'Mac'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (browser && system) return t('format.device.browserOnSystem', { browser, system });
  return browser ?? system ?? userAgent.slice(0, 60);
}
