/**
 * A group's space between sessions (PRODUCT.md §3.7, docs/decisions/0040): the words both the
 * server and the web app need about posts, reactions and moderation. No I/O.
 */

/** The two channels of a space: talk (threads about anything) and wins (small good things). */
export const SPACE_CHANNELS = ['talk', 'wins'] as const;
export type SpaceChannel = (typeof SPACE_CHANNELS)[number];

/**
 * Reactions: kind words, not scores. Nobody sees a count; a post shows who reacted, by display
 * name, so a reaction is one person reaching another and never a tally to chase.
 */
export const SPACE_REACTIONS = ['me-too', 'thank-you', 'strength'] as const;
export type SpaceReaction = (typeof SPACE_REACTIONS)[number];

/**
 * published: everyone in the group sees it. held: waiting for a facilitator (screening or a new
 * member's first posts), seen by its author and the facilitators. hidden: taken down by a
 * facilitator, kept (encrypted) for the record. private: a held post the facilitator kept private.
 */
export const SPACE_POST_STATUSES = ['published', 'held', 'hidden', 'private'] as const;
export type SpacePostStatus = (typeof SPACE_POST_STATUSES)[number];

/** Why a post waits for a facilitator. */
export type SpaceHeldFor = 'screening' | 'premoderation';

/** What a facilitator may do to a post. */
export const SPACE_MODERATIONS = [
  'publish',
  'publish-edited',
  'keep-private',
  'hide',
  'unhide',
  'pin',
  'unpin',
  'lock',
  'unlock',
  'move',
] as const;
export type SpaceModeration = (typeof SPACE_MODERATIONS)[number];

/** How often a member hears of new posts by e-mail: never, once a day, once a week. */
export const SPACE_DIGESTS = ['off', 'daily', 'weekly'] as const;
export type SpaceDigest = (typeof SPACE_DIGESTS)[number];

/** A thread's title. */
export const SpaceTitleLimit = { min: 1, max: 150 } as const;
/** A post or reply: room for a long, careful message; far less than 100 KB. */
export const SpaceBodyLimit = { min: 1, max: 5000 } as const;
/** A report's reason, a facilitator's note, a report's outcome. */
export const SpaceNoteLimit = { min: 1, max: 1000 } as const;
/** A new member's first posts that can wait for a facilitator. */
export const SpacePremoderationLimit = { min: 0, max: 20 } as const;
/** The facilitators' reading hours, in their words. */
export const SpaceReadingHoursLimit = { max: 200 } as const;

/** Minutes after midnight of "HH:MM", or null for anything else. */
export function minutesOf(time: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/**
 * Whether a local time of day (minutes after midnight) falls in quiet hours from `from` until
 * `until` ("22:00" to "08:00" wraps past midnight). No quiet hours when either is missing.
 */
export function inQuietHours(minutes: number, from: string | null, until: string | null): boolean {
  const start = from === null ? null : minutesOf(from);
  const end = until === null ? null : minutesOf(until);
  if (start === null || end === null || start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** Whether a digest is due: a day (or a week) since the last one, never more often. */
export function digestDue(digest: SpaceDigest, last: Date | null, now: Date): boolean {
  if (digest === 'off') return false;
  if (!last) return true;
  const days = digest === 'daily' ? 1 : 7;
  // An hour's grace, so a daily digest sent a little later one day is not pushed a day on.
  return now.getTime() - last.getTime() >= days * 86_400_000 - 3_600_000;
}
