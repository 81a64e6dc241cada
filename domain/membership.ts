/**
 * A person's path through one group (PRODUCT.md §3.2): referred, then a clinician's decision
 * (admitted, waitlisted or declined); an admitted person becomes active by accepting the group
 * agreement and choosing a display name; later on leave, and in the end completed, left or removed.
 */
export const MEMBER_STATUSES = [
  'referred',
  'waitlisted',
  'declined',
  'admitted',
  'active',
  'on-leave',
  'completed',
  'left',
  'removed',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Statuses that take one of the group's places. */
export const HOLDS_PLACE: readonly MemberStatus[] = ['admitted', 'active', 'on-leave'];

/** Statuses that end a membership: each needs a reason. */
export const ENDINGS: readonly MemberStatus[] = ['declined', 'completed', 'left', 'removed'];

/**
 * Which changes staff may make from each status. Becoming active is the member's own step
 * (accepting the agreement), so it appears only from on-leave (a return).
 */
const STAFF_TRANSITIONS: Record<MemberStatus, readonly MemberStatus[]> = {
  referred: ['admitted', 'waitlisted', 'declined'],
  waitlisted: ['admitted', 'declined'],
  declined: [],
  admitted: ['left', 'removed'],
  active: ['on-leave', 'completed', 'left', 'removed'],
  'on-leave': ['active', 'completed', 'left', 'removed'],
  completed: [],
  left: [],
  removed: [],
};

/** The statuses staff may move a membership to from `from`. */
export function staffTransitions(from: MemberStatus): readonly MemberStatus[] {
  return STAFF_TRANSITIONS[from];
}

export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  referred: 'Referred',
  waitlisted: 'On the waitlist',
  declined: 'Not offered a place',
  admitted: 'Offered a place',
  active: 'Active',
  'on-leave': 'On leave',
  completed: 'Completed',
  left: 'Left',
  removed: 'Removed',
};

/**
 * What a person does in a group as its member, and from which statuses: every member action checks
 * the membership's status now, not only reads (server: membership.service actingMember). A removed
 * member answers nothing and raises no alert; someone who completed or left answers only the
 * end-of-group measures a discharge sent them.
 */
export const MEMBER_ACTIONS = {
  /** Answer the screening questions: until a decision is made. */
  screening: ['referred', 'waitlisted'],
  /** Accept the agreement and choose a display name: once offered a place, and again when it changes. */
  join: ['admitted', 'active', 'on-leave'],
  /** Answer the group's questionnaires and check-outs. */
  forms: ['active', 'on-leave'],
  /** Answer the measures sent at completion: also sent to someone who left at a discharge. */
  completionForms: ['completed', 'left'],
  /** Choose reminders of the group's sessions. */
  reminders: ['active', 'on-leave'],
  /** Practise skills between sessions, share practice and give peers feedback. */
  practice: ['active', 'on-leave'],
  /** Read and write in the group's space between sessions: while they belong, and not a moment after. */
  space: ['active', 'on-leave'],
} as const satisfies Record<string, readonly MemberStatus[]>;
export type MemberAction = keyof typeof MEMBER_ACTIONS;

/** Whether a membership in `status` may take `action`. */
export function mayAct(status: MemberStatus, action: MemberAction): boolean {
  return (MEMBER_ACTIONS[action] as readonly MemberStatus[]).includes(status);
}

/** Statuses still open at the end of a cycle: each needs a decision or a discharge first. */
export const STILL_OPEN: readonly MemberStatus[] = ['referred', 'waitlisted', 'admitted', 'active', 'on-leave'];

/** How a discharge at the end of a cycle ends a membership. */
export const DISCHARGE_OUTCOMES = ['completed', 'left'] as const;
export type DischargeOutcome = (typeof DISCHARGE_OUTCOMES)[number];

/** Why a member was discharged: a short list, so reasons can be counted; the summary says more. */
export const DISCHARGE_REASONS = [
  'finished',
  'goals-met',
  'referred-on',
  'chose-to-leave',
  'stopped-attending',
  'could-not-continue',
  'other',
] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];

export const DISCHARGE_REASON_LABELS: Record<DischargeReason, string> = {
  finished: 'Finished the group as planned',
  'goals-met': 'Met their goals',
  'referred-on': 'Referred on to other care',
  'chose-to-leave': 'Chose to leave',
  'stopped-attending': 'Stopped coming',
  'could-not-continue': 'Could not continue (time, health, moving)',
  other: 'Another reason (in the summary)',
};

/** A discharge summary is short: a few sentences for the record. */
export const DischargeLimit = { summary: { max: 2000 } } as const;

/** How long someone offered a freed place from the waitlist has to accept it. */
export const WAITLIST_OFFER_HOURS = 72;

/** A display name is what peers see: a first name or a made-up one. */
export const DisplayNameLimit = { min: 1, max: 40 } as const;

/**
 * Characters that change how a name looks without being seen: controls, zero-width and format
 * characters (joiners, direction marks and overrides), and others Unicode says to ignore.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** A combining mark with no letter under it, or three stacked on one letter. */
const STACKED_MARKS = /^\p{M}|\p{M}{3}/u;

/**
 * Why a display name cannot be used, or null. The server checks it after NFKC normalisation,
 * and checks there that no other member's name looks the same.
 */
export function displayNameProblem(name: string): string | null {
  const reason = displayNameReason(name);
  return reason && DISPLAY_NAME_WORDS[reason];
}

/** Why a display name cannot be used, as a code (the server says it through its catalog); null when it can. */
export type DisplayNameReason = 'hidden' | 'stacked' | 'empty' | 'tooLong' | 'email' | 'phone';

const DISPLAY_NAME_WORDS: Record<DisplayNameReason, string> = {
  hidden: 'Use only characters people can see: this name has a hidden or direction-changing character.',
  stacked: 'Use letters with at most two accents each.',
  empty: 'Choose a name for the group to call you.',
  tooLong: `Use at most ${DisplayNameLimit.max} characters.`,
  email: 'Use a first name or a made-up name, not an e-mail address.',
  phone: 'Use a first name or a made-up name, not a phone number.',
};

export function displayNameReason(name: string): DisplayNameReason | null {
  const trimmed = name.trim();
  if (INVISIBLE.test(trimmed)) return 'hidden';
  if (STACKED_MARKS.test(trimmed)) return 'stacked';
  if (trimmed.length < DisplayNameLimit.min) return 'empty';
  if (trimmed.length > DisplayNameLimit.max) return 'tooLong';
  if (/@|\.(com|org|net)\b/i.test(trimmed)) return 'email';
  if (/\d{6,}/.test(trimmed.replace(/[\s()+-]/g, ''))) return 'phone';
  return null;
}

/** Display names compare without case or surrounding space: "Sam" and " sam" are the same name. */
export function displayNameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en').normalize('NFKC');
}
