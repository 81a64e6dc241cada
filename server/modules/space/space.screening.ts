import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { screenForPractice } from '../lexicon/lexicon.service.js';

/**
 * What the space does with a post's screening (docs/crisis-screening.md, docs/decisions/0040):
 * - urgent: held; the author sees crisis lines and "waiting for your facilitator" at once; an urgent
 *   alert to the facilitators that escalates if nobody acknowledges it;
 * - flag (a negated or weaker match): published, with a routine alert so a facilitator reads it;
 * - none: published.
 */
export async function screenForSpace(
  db: Kysely<DB>,
  practiceId: string,
  text: string,
): Promise<{ level: 'none' | 'flag' | 'urgent'; hold: boolean; urgency: 'urgent' | 'routine' | null }> {
  // The practice's own rules merged with Hearth's (docs/crisis-screening.md).
  const { level } = await screenForPractice(db, practiceId, text);
  if (level === 'urgent') return { level, hold: true, urgency: 'urgent' };
  if (level === 'flag') return { level, hold: false, urgency: 'routine' };
  return { level, hold: false, urgency: null };
}
