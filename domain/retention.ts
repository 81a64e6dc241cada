/**
 * How long a practice keeps each kind of record, and erasure's fixed facts (docs/decisions/0030,
 * 0031). Shared by the server (the retention job, the erasure e-mail) and the web app (the
 * settings form, the member's "how long we keep your information").
 */
export interface RetentionSettings {
  /** Clinical records of an erased person: years after their last session or clinical record. */
  clinicalYears: number;
  /** The law the clinical period follows, in the practice's words. */
  jurisdictionNote: string;
  /** Audit records: years after they were written. */
  auditYears: number;
  /** Outbox mail files: days after they were written. */
  outboxDays: number;
  /** Ended sign-in sessions and expired links and tokens: days after they ended. */
  signInDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  clinicalYears: 7,
  jurisdictionNote: '',
  auditYears: 7,
  outboxDays: 30,
  signInDays: 30,
};

/** What peers see where an erased person's display name was (and anyone where their account's name was). */
export const FORMER_MEMBER = 'a former member';

/** What staff see where an erased person's name was in a group: the mark on their retained records. */
export const ERASED_NAME = 'Erased at their request';

/** An erasure request is answered within this many days of being made. */
export const ERASURE_DUE_DAYS = 30;

export const ERASURE_STATUSES = ['pending', 'approved', 'declined', 'withdrawn'] as const;
export type ErasureStatus = (typeof ERASURE_STATUSES)[number];

/** `years` whole years after an instant (ISO text), as ISO text; 29 February lands on 28 February. */
export function addYears(iso: string, years: number): string {
  const date = new Date(iso);
  const month = date.getUTCMonth();
  date.setUTCFullYear(date.getUTCFullYear() + years);
  if (date.getUTCMonth() !== month) date.setUTCDate(0);
  return date.toISOString();
}

/** `days` days after an instant (ISO text), as ISO text. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}
