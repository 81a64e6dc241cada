import type { Kysely } from 'kysely';
import { screenText } from '../../../domain/crisis-screening.js';
import type { DB } from '../../db/schema.js';

/**
 * What the space does with a post's screening (docs/crisis-screening.md, docs/decisions/0040):
 * - urgent: held; the author sees crisis lines and "waiting for your facilitator" at once; an urgent
 *   alert to the facilitators that escalates if nobody acknowledges it;
 * - flag (a negated or weaker match): published, with a routine alert so a facilitator reads it;
 * - none: published.
 */
export async function screenForSpace(
  _db: Kysely<DB>,
  _practiceId: string,
  text: string,
): Promise<{ level: 'none' | 'flag' | 'urgent'; hold: boolean; urgency: 'urgent' | 'routine' | null }> {
  const { level } = screenText(text);
  if (level === 'urgent') return { level, hold: true, urgency: 'urgent' };
  if (level === 'flag') return { level, hold: false, urgency: 'routine' };
  return { level, hold: false, urgency: null };
}
