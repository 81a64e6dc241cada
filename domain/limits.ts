/**
 * Limits written once and shared by the server's validation and the web app's forms.
 * Each has a reason; change them here and both sides follow.
 */

/** A practice name must be short enough to sit in a page heading on a phone. */
export const PracticeNameLimit = { min: 2, max: 120 } as const;

/** A person's name as they want it shown to colleagues; long enough for any real name. */
export const PersonNameLimit = { min: 1, max: 120 } as const;

/** RFC 5321 caps a forward path at 254 characters. */
export const EmailLimit = { max: 254 } as const;

/**
 * Passwords: at least 12 characters (NIST SP 800-63B favours length over composition rules);
 * the upper bound only stops denial-of-service through very long inputs to the hasher.
 */
export const PasswordLimit = { min: 12, max: 128 } as const;

/** Largest JSON body any route accepts. Nothing in Hearth needs more; uploads will use their own limit. */
export const BodyLimitBytes = 1024 * 1024;

/**
 * What was done about an alert: room to write up a risk call (who was reached, what they said, the
 * risk judged, the plan agreed, who else was told), a page or two, not a short note.
 */
export const AlertOutcomeLimit = { min: 1, max: 5000 } as const;

/**
 * The range of an integer column on both engines (PostgreSQL's `integer`; SQLite stores more).
 * Every whole number a route accepts stays inside it, so a query never fails in the database.
 */
export const Int4Limit = { min: -2_147_483_648, max: 2_147_483_647 } as const;

/**
 * Years a date or time may name. PostgreSQL refuses year 0 and moves 9999-12-31 with an offset
 * past year 9999, where SQLite stores anything; nothing in a group practice is before 1900 or
 * after 2200, so both engines store every date that passes.
 */
export const YearLimit = { min: 1900, max: 2200 } as const;

/** Whether an ISO date or date-time (`2026-11-26…`) names a year inside YearLimit. */
export function isYearInRange(isoDate: string): boolean {
  const year = Number(isoDate.slice(0, 4));
  return year >= YearLimit.min && year <= YearLimit.max;
}

/** Control characters (line breaks, tabs, NUL) and the bidirectional controls that reorder text on screen. */
const NAME_CONTROLS = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Why a person's, group's or practice's name cannot be used, or null. A name is one line that
 * reads as it is stored: it lands in e-mail greetings and subjects, rosters and headings, where a
 * line break or a reordering control could pass off other text as ours.
 */
export function nameProblem(name: string): string | null {
  if (NAME_CONTROLS.test(name)) return 'Use letters, spaces and punctuation only: no line breaks or hidden characters.';
  return null;
}

/**
 * Retention periods a practice may choose (docs/decisions/0031). Clinical records: laws ask for
 * between about 3 and 25 years after the last contact (longer for children); the audit log at
 * least a year (HIPAA asks six for its documentation); outbox files and ended sign-ins at least a
 * day, so a message can still be read and a sign-in problem looked into, and at most a year.
 */
export const ClinicalRetentionYearsLimit = { min: 1, max: 30 } as const;
export const AuditRetentionYearsLimit = { min: 1, max: 30 } as const;
export const OutboxRetentionDaysLimit = { min: 1, max: 365 } as const;
export const SignInRetentionDaysLimit = { min: 1, max: 365 } as const;
/** A line or two naming the law the clinical period follows. */
export const JurisdictionNoteLimit = { min: 0, max: 300 } as const;
/** A member's reason for asking to be erased: optional, a few sentences at most. */
export const ErasureReasonLimit = { min: 0, max: 1000 } as const;
/** Why an erasure request was declined, written for the member: required. */
export const ErasureDeclineReasonLimit = { min: 1, max: 2000 } as const;
