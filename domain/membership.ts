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
  const trimmed = name.trim();
  if (INVISIBLE.test(trimmed))
    return 'Use only characters people can see: this name has a hidden or direction-changing character.';
  if (STACKED_MARKS.test(trimmed)) return 'Use letters with at most two accents each.';
  if (trimmed.length < DisplayNameLimit.min) return 'Choose a name for the group to call you.';
  if (trimmed.length > DisplayNameLimit.max) return `Use at most ${DisplayNameLimit.max} characters.`;
  if (/@|\.(com|org|net)\b/i.test(trimmed)) return 'Use a first name or a made-up name, not an e-mail address.';
  if (/\d{6,}/.test(trimmed.replace(/[\s()+-]/g, ''))) return 'Use a first name or a made-up name, not a phone number.';
  return null;
}

/** Display names compare without case or surrounding space: "Sam" and " sam" are the same name. */
export function displayNameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en').normalize('NFKC');
}
