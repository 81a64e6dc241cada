/**
 * Session notes and clinical records as data (issue 14, docs/notes.md, docs/decisions/0038).
 * Templates, interventions, therapeutic factors and the short list of diagnosis codes are lists
 * here, not code paths: the server validates against them, the web app draws its forms from them,
 * and a practice's choice of template is one word in its settings.
 */

/** A progress note's own part follows one of these; each lists its sections in order. */
export const NOTE_TEMPLATES = {
  DAP: ['data', 'assessment', 'plan'],
  SOAP: ['subjective', 'objective', 'assessment', 'plan'],
  BIRP: ['behavior', 'intervention', 'response', 'plan'],
} as const satisfies Record<string, readonly string[]>;
export type NoteTemplate = keyof typeof NOTE_TEMPLATES;
export const NOTE_TEMPLATE_NAMES = Object.keys(NOTE_TEMPLATES) as NoteTemplate[];
export type NoteSection = (typeof NOTE_TEMPLATES)[NoteTemplate][number];
export const NOTE_SECTIONS = [...new Set(Object.values(NOTE_TEMPLATES).flat())] as NoteSection[];

export function isNoteTemplate(value: string): value is NoteTemplate {
  return (NOTE_TEMPLATE_NAMES as string[]).includes(value);
}

/** What the facilitators did in the session; anything else goes in the free text beside it. */
export const INTERVENTIONS = [
  'psychoeducation',
  'skills-practice',
  'role-play',
  'process',
  'cognitive',
  'ifs-parts-work',
  'mindfulness',
  'behavioral-activation',
  'validation-support',
  'homework-review',
] as const;
export type Intervention = (typeof INTERVENTIONS)[number];

/** Yalom's therapeutic factors, as a facilitator observes them in a session. */
export const THERAPEUTIC_FACTORS = [
  'instillation-of-hope',
  'universality',
  'imparting-information',
  'altruism',
  'corrective-recapitulation',
  'socializing-techniques',
  'imitative-behavior',
  'interpersonal-learning',
  'group-cohesiveness',
  'catharsis',
  'existential-factors',
] as const;
export type TherapeuticFactor = (typeof THERAPEUTIC_FACTORS)[number];

/** Each free-text part of a note or record is at most this long. */
export const NoteTextLimit = { max: 4000 } as const;

/** The group note: one per session, shared by every attending member's progress note. */
export interface GroupNoteContent {
  themes: string;
  interventions: Intervention[];
  interventionsOther: string;
  groupProcess: string;
  factors: TherapeuticFactor[];
  risk: string;
}

/** A member's own part: the template's sections plus participation, progress towards goals and risk. */
export interface MemberNoteContent {
  sections: Partial<Record<NoteSection, string>>;
  participation: string;
  goalProgress: string;
  risk: string;
}

export const EMPTY_GROUP_NOTE: GroupNoteContent = {
  themes: '',
  interventions: [],
  interventionsOther: '',
  groupProcess: '',
  factors: [],
  risk: '',
};

export function emptyMemberNote(template: NoteTemplate): MemberNoteContent {
  return {
    sections: Object.fromEntries(NOTE_TEMPLATES[template].map((s) => [s, ''])),
    participation: '',
    goalProgress: '',
    risk: '',
  };
}

/** Whether anything was written in a member's own part (a blank part is not signed). */
export function memberPartWritten(content: MemberNoteContent): boolean {
  return [...Object.values(content.sections), content.participation, content.goalProgress].some(
    (text) => (text ?? '').trim() !== '',
  );
}

/** Whether the group note says what happened (its themes) — a note without them is not signed. */
export function groupNoteWritten(content: GroupNoteContent): boolean {
  return content.themes.trim() !== '';
}

/** Practice defaults until an admin chooses otherwise. */
export const NOTE_SETTINGS_DEFAULTS = { template: 'DAP' as NoteTemplate, signWithinDays: 3 };
export const SignWithinDaysLimit = { min: 1, max: 30 } as const;

/**
 * The text a signature covers, the same on every machine: keys sorted at every depth, so the hash
 * of a note read back from the database equals the hash taken when it was signed.
 */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** How many whole days a session's notes have waited, and whether that is past the practice's limit. */
export function noteAge(endsAt: string, now: Date, signWithinDays: number): { days: number; overdue: boolean } {
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(endsAt)) / 86_400_000));
  return { days, overdue: days >= signWithinDays };
}

// ---- Clinical record ----

/**
 * ICD-10-CM's shape: a letter, a digit, a digit or letter, then optionally a dot and one to four
 * digits or letters (F41.1, F43.10, F32.A). The shape is checked, not the code's existence.
 */
export const ICD10CM_PATTERN = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

export function isIcd10Cm(code: string): boolean {
  return ICD10CM_PATTERN.test(code);
}

/** Codes a group practice uses most; offered first. Their names are in the web app's catalogs. */
export const COMMON_DIAGNOSES = [
  'F32.0',
  'F32.1',
  'F32.9',
  'F32.A',
  'F33.1',
  'F34.1',
  'F41.0',
  'F41.1',
  'F41.9',
  'F40.10',
  'F42.2',
  'F43.10',
  'F43.12',
  'F43.20',
  'F43.21',
  'F43.22',
  'F43.23',
  'F43.25',
  'F31.9',
  'F60.3',
  'F10.20',
  'F90.0',
] as const;

export const PAYER_KINDS = ['self-pay', 'insurance'] as const;
export type PayerKind = (typeof PAYER_KINDS)[number];

/** One goal in the member's own words, with what would show it moving. */
export interface TreatmentGoal {
  words: string;
  measure: string;
}

export const GoalsLimit = { min: 1, max: 3 } as const;

export interface ClinicalRecordDetails {
  legalName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  pronouns: string;
  address: string;
  diagnosisCodes: string[];
  payer: { kind: PayerKind; name: string; memberNumber: string };
  goals: TreatmentGoal[];
}
