/** A date and time in the viewer's own time zone and locale, with the zone named. */
export function formatInstant(iso: string): string {
  // dateStyle and timeStyle cannot be combined with timeZoneName, hence the separate fields.
  return new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A date, short ("12 Nov 2026"), in the viewer's own locale: for chart axes. */
export function formatShortDate(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
}

/** A device description from a user agent, in words a person recognises. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
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
    ? 'iPhone or iPad'
    : /Android/.test(userAgent)
      ? 'Android'
      : /Mac OS X/.test(userAgent)
        ? 'Mac'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.slice(0, 60);
}

/** A session's time in the viewer's zone, named: "Tue 6 Oct, 18:00–19:30 GMT". */
export function formatSessionTime(startsAt: string, endsAt?: string): string {
  const start = new Date(startsAt);
  const day = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' }).format(start);
  const time = (d: Date, named: boolean) =>
    new Intl.DateTimeFormat(undefined, {
      hour: 'numeric',
      minute: '2-digit',
      ...(named && { timeZoneName: 'short' }),
    }).format(d);
  return endsAt ? `${day}, ${time(start, false)}–${time(new Date(endsAt), true)}` : `${day}, ${time(start, true)}`;
}

/** The same instant in the group's own zone, when it differs from the viewer's: "18:00 London time". */
export function groupLocalTime(startsAt: string, groupZone: string): string | null {
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const at = new Date(startsAt);
  const inZone = (zone: string) =>
    new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(
      at,
    );
  if (inZone(viewerZone) === inZone(groupZone)) return null;
  const place = (groupZone.split('/').pop() ?? groupZone).replace(/_/g, ' ');
  return `${inZone(groupZone)} ${place} time`;
}

/** A whole day as a heading: "Tuesday 6 October". */
export function formatDay(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(iso));
}
