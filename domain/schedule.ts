/**
 * Schedule facts shared by the server and the web app: limits, reminder times, and the repeat
 * patterns the schedule form offers as RFC 5545 rules. No dependencies, so the web app stays
 * small; expanding rules into sessions lives in recurrence.ts.
 */

/** Limits on schedules, written once. */
export const ScheduleLimit = {
  /** A rule may yield at most this many sessions in all (ten years of weekly sessions). */
  maxSessions: 520,
  /** Sessions of a rule without an end are kept this far ahead, and extended day by day. */
  horizonDays: 366,
  durationMinutes: { min: 15, max: 480 },
  interval: { min: 1, max: 52 },
  /** A session that has already happened can be recorded (for its attendance) this far back. */
  pastRecordDays: 90,
} as const;

/** Reminder times a group can choose, in minutes before a session. */
export const REMINDER_CHOICES = [10_080, 2_880, 1_440, 180, 60, 30] as const;
/** What a new group starts with (PRODUCT.md §3.3): a day before and an hour before. */
export const DEFAULT_REMINDER_MINUTES: readonly number[] = [1_440, 60];

/** Members see an online session's link from this long before it starts until it ends. */
export const VIDEO_LINK_OPENS_MINUTES = 15;

/** Attendance can be taken from this long before a session starts. */
export const ATTENDANCE_OPENS_MINUTES = 15;

/** The repeat patterns the schedule form offers; anything else is edited as a custom rule. */
export type Repeat = 'weekly' | 'fortnightly' | 'monthly' | 'custom';

/** What the schedule form holds, in words a clinician chooses. */
export interface RuleChoice {
  repeat: Repeat;
  /** The first session's date, "YYYY-MM-DD"; its weekday is the group's day. */
  firstDate: string;
  /** "HH:mm" */
  time: string;
  ends: 'never' | 'after' | 'on';
  /** With ends = after. */
  count: number;
  /** With ends = on: "YYYY-MM-DD". */
  until: string;
  /** With repeat = custom: the RRULE as typed. */
  custom: string;
}

const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** The RRULE body for a form choice. Monthly means "the same weekday of the month": 2nd Tuesday. */
export function ruleFromChoice(choice: RuleChoice): string {
  if (choice.repeat === 'custom') return choice.custom.trim();
  // Noon UTC names the same calendar day everywhere, so the weekday does not depend on the zone.
  const date = new Date(`${choice.firstDate}T12:00:00Z`);
  const valid = !Number.isNaN(date.getTime());
  const day = DAY_CODES[valid ? (date.getUTCDay() + 6) % 7 : 0]!;
  const nth = valid ? Math.ceil(date.getUTCDate() / 7) : 1;
  const base =
    choice.repeat === 'weekly'
      ? `FREQ=WEEKLY;BYDAY=${day}`
      : choice.repeat === 'fortnightly'
        ? `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`
        : `FREQ=MONTHLY;BYDAY=${nth === 5 ? -1 : nth}${day}`;
  if (choice.ends === 'after') return `${base};COUNT=${choice.count}`;
  if (choice.ends === 'on') return `${base};UNTIL=${choice.until.replace(/-/g, '')}`;
  return base;
}

/** The form's choice for a stored rule; a rule the form cannot express comes back as custom. */
export function choiceFromRule(rrule: string, firstStart: string): RuleChoice {
  const [firstDate = '', time = '18:00'] = firstStart.split('T');
  const parts = new Map(rrule.split(';').map((p) => p.split('=') as [string, string]));
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL')?.slice(0, 8);
  const choice: RuleChoice = {
    repeat: 'custom',
    firstDate,
    time,
    ends: count ? 'after' : until ? 'on' : 'never',
    count: count ? Number(count) : 12,
    until: until ? `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}` : '',
    custom: rrule,
  };
  for (const repeat of ['weekly', 'fortnightly', 'monthly'] as const) {
    if (ruleFromChoice({ ...choice, repeat }) === rrule) return { ...choice, repeat };
  }
  return choice;
}
