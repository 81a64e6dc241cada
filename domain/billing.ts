/**
 * Billing for group psychotherapy (issue 14, docs/billing.md, docs/decisions/0039): the codes a
 * group session is billed under, where it took place, the statuses of a billing line, and the
 * check digit of a National Provider Identifier. Pure: no I/O.
 */

/** Group psychotherapy; multiple-family group psychotherapy; the interactive-complexity add-on. */
export const CPT_CODES = ['90853', '90849', '90785'] as const;
export type CptCode = (typeof CPT_CODES)[number];
/** The codes a session itself is billed under; 90785 only ever rides on one of them. */
export const SESSION_CODES = ['90853', '90849'] as const satisfies readonly CptCode[];
export type SessionCode = (typeof SESSION_CODES)[number];
export const DEFAULT_SESSION_CODE: SessionCode = '90853';
export const INTERACTIVE_COMPLEXITY_CODE = '90785' satisfies CptCode;

/**
 * Whether 90785 may ride on a session code. CPT lists its primary codes (diagnostic evaluation,
 * individual psychotherapy and group psychotherapy 90853); family psychotherapy, 90849 among it,
 * is not one of them, so a multiple-family group is never billed with 90785.
 */
export function takesInteractiveComplexity(code: SessionCode): boolean {
  return code === '90853';
}

/**
 * Place of service: 11 office; 02 telehealth somewhere other than the patient's home; 10
 * telehealth in the patient's home. A telehealth line also carries modifier 95.
 */
export const PLACES_OF_SERVICE = ['11', '02', '10'] as const;
export type PlaceOfService = (typeof PLACES_OF_SERVICE)[number];
export const TELEHEALTH_PLACES = ['02', '10'] as const satisfies readonly PlaceOfService[];
export type TelehealthPlace = (typeof TELEHEALTH_PLACES)[number];
export const TELEHEALTH_MODIFIER = '95';

/** How one member took part in one session, for billing. */
export type AttendedAs = 'in-person' | 'online';

/** Place of service and modifier of a line: an online session is telehealth (the practice's chosen place, modifier 95). */
export function placeOfService(
  attendedAs: AttendedAs,
  telehealthPlace: TelehealthPlace,
): { placeOfService: PlaceOfService; modifier: string | null } {
  return attendedAs === 'online'
    ? { placeOfService: telehealthPlace, modifier: TELEHEALTH_MODIFIER }
    : { placeOfService: '11', modifier: null };
}

/**
 * A billing line's statuses. `awaiting-note`, `needs-diagnosis` and `ready` are not stored: an
 * open line is ready exactly when its note is signed and, where a claim needs one, the member's
 * record has a diagnosis code (decision 0039). Exported lines are then paid, denied or written
 * off; a denied line may still be paid or written off.
 */
export const BILLING_STATUSES = [
  'awaiting-note',
  'needs-diagnosis',
  'ready',
  'exported',
  'paid',
  'denied',
  'written-off',
] as const;
export type BillingStatus = (typeof BILLING_STATUSES)[number];
/** The outcomes someone records on an exported line. */
export const BILLING_OUTCOMES = ['paid', 'denied', 'written-off'] as const;
export type BillingOutcome = (typeof BILLING_OUTCOMES)[number];

/** The outcomes a line in `from` may move to. */
export function outcomesFrom(from: BillingStatus): readonly BillingOutcome[] {
  if (from === 'exported') return BILLING_OUTCOMES;
  if (from === 'denied') return ['paid', 'written-off'];
  return [];
}

/**
 * Whether a member's line cannot be claimed for want of a diagnosis code: an insurer rejects a
 * claim without one, so an insured member's record needs at least one; a self-pay member's line
 * is a charge the practice collects itself and needs none (decision 0039). Without a record at
 * all nothing says who pays, so the line waits for the record.
 */
export function lacksDiagnosis(
  record: { diagnosisCodes: readonly string[]; payer: { kind: string } } | null | undefined,
): boolean {
  if (!record) return true;
  return record.payer.kind !== 'self-pay' && record.diagnosisCodes.length === 0;
}

/**
 * The status a line shows: a stored `open` line is ready once its note is signed and, when its
 * claim needs a diagnosis (`lacksDiagnosis`), once the member's record has one.
 */
export function effectiveStatus(stored: string, noteSigned: boolean, diagnosisMissing: boolean): BillingStatus {
  if (stored === 'open') {
    if (!noteSigned) return 'awaiting-note';
    return diagnosisMissing ? 'needs-diagnosis' : 'ready';
  }
  return stored as BillingStatus;
}

export const BillingLimits = {
  /**
   * 90853 and 90849 are not timed codes: each is reported once per session, whatever its length,
   * so a line is always one unit (and 90785 rides on it once).
   */
  units: { min: 1, max: 1 },
  /** A fee in cents: up to 100 000.00 in the practice's currency. */
  feeCents: { min: 0, max: 10_000_000 },
  statusNote: { max: 1000 },
  practiceName: { min: 2, max: 200 },
  address: { min: 5, max: 500 },
  licence: { max: 60 },
  /** A superbill, an export or a list covers at most a year (366 days, for a leap year). */
  rangeDays: { max: 366 },
} as const;

/**
 * Whether a string is a well-formed National Provider Identifier: ten digits starting with 1 or
 * 2, whose last digit is the Luhn check digit of the first nine prefixed with 80840 (the US
 * health-industry issuer prefix), as CMS specifies.
 */
export function isValidNpi(npi: string): boolean {
  if (!/^[12]\d{9}$/.test(npi)) return false;
  return luhnValid(`80840${npi}`);
}

/** The Luhn check over a string of digits, its last digit being the check digit. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A US Employer Identification Number (12-3456789) or a Social Security Number's shape, as a tax ID. */
export const TAX_ID_PATTERN = /^(\d{2}-\d{7}|\d{3}-\d{2}-\d{4})$/;
/** A Health Care Provider Taxonomy code: ten characters, the last an X (e.g. 101YP2500X). */
export const TAXONOMY_PATTERN = /^[0-9]{3}[0-9A-Z]{6}X$/;

/** A line's charge in cents: its code's fee times its units, and its add-on's fee. */
export function chargeCents(line: { feeCents: number; units: number; addOnFeeCents: number }): number {
  return line.feeCents * line.units + line.addOnFeeCents;
}

/** A money amount in cents as text with two decimals ("150.00"). */
export function money(cents: number): string {
  return (cents / 100).toFixed(2);
}
