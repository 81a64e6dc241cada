/** What kind of work a group does (PRODUCT.md §3.2). */
export const MODALITIES = [
  'process',
  'skills',
  'cbt',
  'dbt-informed',
  'ifs-informed',
  'support',
  'psychoeducation',
  'other',
] as const;
export type Modality = (typeof MODALITIES)[number];

export const MODALITY_LABELS: Record<Modality, string> = {
  process: 'Process group',
  skills: 'Skills group',
  cbt: 'CBT group',
  'dbt-informed': 'DBT-informed group',
  'ifs-informed': 'IFS-informed group',
  support: 'Support group',
  psychoeducation: 'Psychoeducation group',
  other: 'Other',
};

/** Closed: one cohort from start to end. Open (rolling): people join and leave along the way. */
export const FORMATS = ['closed', 'open'] as const;
export type Format = (typeof FORMATS)[number];
export const FORMAT_LABELS: Record<Format, string> = { closed: 'Closed (one cohort)', open: 'Open (rolling)' };

/**
 * A group's lifecycle: active while it runs; closed when its cycle has ended (every member
 * discharged); archived when put away from the lists. Only an active group changes; a closed or
 * archived one stays readable (docs/decisions/0024).
 */
export const GROUP_STATUSES = ['active', 'closed', 'archived'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

export const MEETING_MODES = ['in-person', 'online', 'hybrid'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];
export const MEETING_MODE_LABELS: Record<MeetingMode, string> = {
  'in-person': 'In person',
  online: 'Online',
  hybrid: 'Hybrid',
};

/** Limits of a group's fields, shared by the server's checks and the web app's forms. */
export const GroupLimits = {
  name: { min: 2, max: 120 },
  /** What members read before joining: a few paragraphs. */
  description: { max: 2000 },
  /** A group agreement: a page or two of plain text. */
  agreement: { min: 20, max: 10_000 },
  place: { max: 300 },
  /**
   * Seats. Group therapy works best with roughly 6 to 12 people; 2 is the smallest group, 30 the
   * largest psychoeducation class Hearth expects.
   */
  capacity: { min: 2, max: 30, default: 10 },
  /** Co-facilitation rarely goes beyond three. */
  facilitators: { min: 1, max: 4 },
} as const;

/** Whether a string names an IANA time zone this runtime knows (UTC included). */
export function isTimeZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/');
  } catch {
    return false;
  }
}
