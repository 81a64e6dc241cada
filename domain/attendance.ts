import type { MemberStatus } from './membership.js';

/** How someone took part in one session (PRODUCT.md §3.3). */
export const ATTENDANCE_STATUSES = ['present', 'late', 'left-early', 'absent-excused', 'absent-unexcused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: 'Present',
  late: 'Late',
  'left-early': 'Left early',
  'absent-excused': 'Absent, excused',
  'absent-unexcused': 'Absent, unexcused',
};

/** Statuses that count as having attended: late and leaving early still count. */
export const ATTENDED: readonly AttendanceStatus[] = ['present', 'late', 'left-early'];

/** A facilitator is alerted after this many unexcused absences in a row. */
export const UNEXCUSED_ABSENCES_ALERT = 2;

/** An attendance note is short; it is clinical text and is encrypted at rest. */
export const AttendanceNoteLimit = { max: 500 } as const;

/** A dated change of a membership's status, as recorded in its history. */
export interface StatusChange {
  toStatus: MemberStatus;
  at: string;
}

/**
 * A membership's status at an instant, from its dated history; null before it existed. Changes
 * at exactly the instant count, so someone who joins at 18:00 is expected at an 18:00 session.
 */
export function statusAt(history: readonly StatusChange[], instant: string): MemberStatus | null {
  let status: MemberStatus | null = null;
  const at = Date.parse(instant);
  for (const change of [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    if (Date.parse(change.at) > at) break;
    status = change.toStatus;
  }
  return status;
}

/** Who a session expects: members who were active when it started. */
export function isExpectedAt(history: readonly StatusChange[], startsAt: string): boolean {
  return statusAt(history, startsAt) === 'active';
}

/** Attendance counts for one person or one group. */
export interface AttendanceRate {
  /** Sessions with a recorded mark. */
  recorded: number;
  attended: number;
  excused: number;
  unexcused: number;
  /** attended / recorded, or null when nothing is recorded yet. */
  rate: number | null;
}

/** Counts marks into a rate; excused absences count as sessions, not as attended. */
export function attendanceRate(marks: readonly AttendanceStatus[]): AttendanceRate {
  const attended = marks.filter((m) => ATTENDED.includes(m)).length;
  const excused = marks.filter((m) => m === 'absent-excused').length;
  const unexcused = marks.filter((m) => m === 'absent-unexcused').length;
  return {
    recorded: marks.length,
    attended,
    excused,
    unexcused,
    rate: marks.length === 0 ? null : attended / marks.length,
  };
}

/**
 * True when the newest mark completes a run of exactly `UNEXCUSED_ABSENCES_ALERT` unexcused
 * absences: the alert is raised once per run, not again at the third. Marks are oldest first.
 */
export function completesUnexcusedRun(marks: readonly AttendanceStatus[]): boolean {
  const n = UNEXCUSED_ABSENCES_ALERT;
  if (marks.length < n) return false;
  const tail = marks.slice(-n);
  const before = marks[marks.length - n - 1];
  return tail.every((m) => m === 'absent-unexcused') && before !== 'absent-unexcused';
}

/**
 * How a member reads their own attendance: warm, never a tally against them (PRODUCT.md §7).
 * Staff see ATTENDANCE_LABELS.
 */
export const MEMBER_ATTENDANCE_WORDS: Record<AttendanceStatus, string> = {
  present: 'You were there',
  late: 'You were there',
  'left-early': 'You were there',
  'absent-excused': 'You let the group know you could not come',
  'absent-unexcused': 'We missed you',
};
