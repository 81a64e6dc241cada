import { DateTime } from 'luxon';
import rrule from 'rrule';
import { isTimeZone } from './groups.js';
import { choiceFromRule, ScheduleLimit, type Repeat } from './schedule.js';

// The named ESM import fails in Node: rrule ships CommonJS with a default export.
const { RRule } = rrule;

/**
 * A group's recurring sessions (PRODUCT.md §3.3): an RFC 5545 RRULE, the first session's local
 * wall-clock start in the group's IANA time zone, and a length.
 *
 * Recurrence is expanded in "floating" local time and each occurrence is then placed in the zone,
 * so a weekly 18:00 group stays at 18:00 on both sides of a daylight-saving change. A start that
 * falls in a spring-forward gap (02:30 on the night clocks skip 02:00–03:00) moves forward by the
 * gap; one in a fall-back overlap takes the earlier of the two instants.
 */
export interface ScheduleRule {
  /** The RRULE body, without "RRULE:" — for example "FREQ=WEEKLY;BYDAY=TU". */
  rrule: string;
  /** The first session's local start, "YYYY-MM-DDTHH:mm", in `timeZone`. */
  firstStart: string;
  durationMinutes: number;
  timeZone: string;
}

/** Session frequencies a group can have; hourly and finer rules would not be group sessions. */
export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const WEEKDAY = /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/;
const LOCAL_START = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const UNTIL = /^\d{8}(T\d{6}Z?)?$/;
const ALLOWED_PARTS = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYSETPOS', 'WKST']);

/** Why a rule cannot be used, naming the part that is wrong; null when it is fine. */
export interface RuleProblem {
  field: 'rrule' | 'firstStart' | 'durationMinutes' | 'timeZone';
  message: string;
}

/** Checks a rule's syntax and limits without expanding it beyond what the limits need. */
export function ruleProblem(rule: ScheduleRule): RuleProblem | null {
  if (!isTimeZone(rule.timeZone))
    return { field: 'timeZone', message: `"${rule.timeZone}" is not a time zone we know.` };
  if (!LOCAL_START.test(rule.firstStart) || !DateTime.fromISO(rule.firstStart).isValid)
    return { field: 'firstStart', message: 'Give the first session’s date and time, like 2027-01-05T18:00.' };
  const { min, max } = ScheduleLimit.durationMinutes;
  if (!Number.isInteger(rule.durationMinutes) || rule.durationMinutes < min || rule.durationMinutes > max)
    return { field: 'durationMinutes', message: `A session lasts between ${min} and ${max} minutes.` };
  const parts = new Map<string, string>();
  for (const part of rule.rrule.replace(/^RRULE:/i, '').split(';')) {
    const [key, value, extra] = part.split('=');
    if (!key || !value || extra !== undefined || !ALLOWED_PARTS.has(key.toUpperCase()))
      return { field: 'rrule', message: `"${part}" is not a part of a repeat rule Hearth understands.` };
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (!freq || !(FREQUENCIES as readonly string[]).includes(freq))
    return { field: 'rrule', message: 'Sessions repeat daily, weekly or monthly (FREQ=DAILY, WEEKLY or MONTHLY).' };
  const interval = parts.has('INTERVAL') ? Number(parts.get('INTERVAL')) : 1;
  if (!Number.isInteger(interval) || interval < ScheduleLimit.interval.min || interval > ScheduleLimit.interval.max)
    return { field: 'rrule', message: `The interval is a whole number from 1 to ${ScheduleLimit.interval.max}.` };
  if (parts.has('COUNT') && parts.has('UNTIL'))
    return { field: 'rrule', message: 'End a rule by a number of sessions or by a date, not both.' };
  const count = parts.has('COUNT') ? Number(parts.get('COUNT')) : undefined;
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > ScheduleLimit.maxSessions))
    return { field: 'rrule', message: `A schedule has from 1 to ${ScheduleLimit.maxSessions} sessions.` };
  if (parts.has('UNTIL') && !UNTIL.test(parts.get('UNTIL')!))
    return { field: 'rrule', message: 'Write the end date as YYYYMMDD.' };
  const days = parts.get('BYDAY')?.split(',') ?? [];
  if (days.some((d) => !WEEKDAY.test(d)))
    return { field: 'rrule', message: 'Days are written MO, TU, WE, TH, FR, SA or SU.' };
  for (const key of ['BYMONTHDAY', 'BYSETPOS'] as const) {
    const values = parts.get(key)?.split(',') ?? [];
    if (values.some((v) => !/^-?\d{1,3}$/.test(v) || Number(v) === 0 || Math.abs(Number(v)) > 366))
      return { field: 'rrule', message: `${key} must list whole numbers.` };
  }
  const recurrence = recurrenceOf(rule);
  const first = recurrence.after(new Date(0), true);
  if (!first) return { field: 'rrule', message: 'This rule gives no session dates. Check its days and end.' };
  if (count === undefined && parts.has('UNTIL')) {
    // Stop counting one past the limit: a long rule is refused without expanding all of it.
    const yielded = recurrence.all((_, i) => i <= ScheduleLimit.maxSessions).length;
    if (yielded > ScheduleLimit.maxSessions)
      return {
        field: 'rrule',
        message: `This rule gives more than ${ScheduleLimit.maxSessions} sessions. End it sooner.`,
      };
  }
  return null;
}

/** The rule over floating local time: its dates are wall-clock times written as if in UTC. */
function recurrenceOf(rule: ScheduleRule) {
  const local = DateTime.fromISO(rule.firstStart, { zone: 'utc' });
  // An end date alone means "through that day", so the day's own session is included.
  const body = rule.rrule
    .replace(/^RRULE:/i, '')
    .toUpperCase()
    .replace(/UNTIL=(\d{8})(?=;|$)/, 'UNTIL=$1T235959Z');
  return new RRule({
    ...RRule.parseString(body),
    dtstart: local.toJSDate(),
  });
}

/** A wall-clock time written as if in UTC, placed in the zone as a real instant. */
function placeInZone(floating: Date, zone: string): Date {
  const wall = DateTime.fromJSDate(floating, { zone: 'utc' });
  return DateTime.fromObject(
    { year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute },
    { zone },
  ).toJSDate();
}

/** An instant's local wall-clock time in the zone, written as if in UTC. */
function floatingOf(instant: Date, zone: string): Date {
  const local = DateTime.fromJSDate(instant, { zone });
  return DateTime.fromObject(
    { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute },
    { zone: 'utc' },
  ).toJSDate();
}

/** One session the rule yields: `occurrence` identifies it even if it is later moved. */
export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
}

/**
 * The sessions of a valid rule that start in [from, to), in order. The window bounds the work, so
 * a rule without an end is safe to expand. Call `ruleProblem` first.
 */
export function expandRule(rule: ScheduleRule, from: Date, to: Date): Occurrence[] {
  const recurrence = recurrenceOf(rule);
  // A day of margin either side covers every zone offset; exact bounds are applied after placing.
  const day = 86_400_000;
  const floatingFrom = new Date(floatingOf(from, rule.timeZone).getTime() - day);
  const floatingTo = new Date(floatingOf(to, rule.timeZone).getTime() + day);
  return recurrence
    .between(floatingFrom, floatingTo, true)
    .map((floating) => placeInZone(floating, rule.timeZone))
    .filter((start) => start >= from && start < to)
    .map((startsAt) => ({ startsAt, endsAt: new Date(startsAt.getTime() + rule.durationMinutes * 60_000) }));
}

/** True when the rule has no COUNT or UNTIL: its sessions are kept a horizon ahead. */
export function isOpenEnded(rule: Pick<ScheduleRule, 'rrule'>): boolean {
  return !/(^|;)(COUNT|UNTIL)=/i.test(rule.rrule);
}

/** A schedule as facts a sentence is made from, in any language (server: schedule-words.ts). */
export interface ScheduleSummary {
  repeat: Repeat;
  /** The group's weekday, 1 (Monday) to 7 (Sunday), in the group's zone. */
  weekday: number;
  /** For monthly rules: which weekday of the month, 1–4, or -1 for the last. */
  nth: number;
  /** "HH:mm" in the group's zone. */
  time: string;
  timeZone: string;
  /** Sessions in all, for a rule with a COUNT. */
  count: number | null;
  /** The rule in English words, for a custom rule (rrule's own wording, English only). */
  customText: string | null;
}

/** The facts of a valid rule: how it repeats, on which day, at what time, how many times. */
export function scheduleSummary(rule: ScheduleRule): ScheduleSummary {
  const choice = choiceFromRule(rule.rrule, rule.firstStart);
  const first = DateTime.fromISO(rule.firstStart, { zone: rule.timeZone });
  const text = choice.repeat === 'custom' ? recurrenceOf(rule).toText() : null;
  return {
    repeat: choice.repeat,
    weekday: first.weekday,
    nth: Math.ceil(first.day / 7) === 5 ? -1 : Math.ceil(first.day / 7),
    time: rule.firstStart.split('T')[1] ?? '',
    timeZone: rule.timeZone,
    count: choice.ends === 'after' ? choice.count : null,
    customText: text ? text.replace(/\s+for \d+ times?$/, '') : null,
  };
}

/** A local "YYYY-MM-DDTHH:mm" in a zone as an instant; null if it is not a valid time. */
export function localToInstant(local: string, zone: string): Date | null {
  if (!LOCAL_START.test(local)) return null;
  const time = DateTime.fromISO(local, { zone });
  return time.isValid ? time.toJSDate() : null;
}
