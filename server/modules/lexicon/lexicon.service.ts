import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { HEARTH_CRISIS_RULES } from '../../../domain/crisis-lexicon.js';
import {
  CRISIS_PHRASE_MAX,
  lexiconFor,
  phraseKey,
  phraseProblem,
  screenText,
  type CrisisLexicon,
  type CrisisRuleLevel,
  type PhraseProblem,
  type ScreeningResult,
} from '../../../domain/crisis-screening.js';
import { ADMIN_ROLES } from '../../../domain/roles.js';
import type { Database } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { DB } from '../../db/schema.js';
import { boolValue } from '../../db/values.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { HttpProblem } from '../../platform/problem.js';
import { presentLexicon, presentRule, presentScreening } from './lexicon.presenter.js';
import { findRule, insertRule, ruleWithKey, rulesOf, updateRule, type RuleRow } from './lexicon.repository.js';

export interface LexiconContext {
  database: Database;
  audit: AuditLog;
}

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

/**
 * How long a practice's merged lexicon is kept in memory. An edit on this instance forgets it at
 * once; another instance (several serving one database) picks the edit up within this time.
 */
export const LEXICON_CACHE_MS = 60_000;

interface Cached {
  lexicon: Promise<CrisisLexicon>;
  loadedAt: number;
}

/** Per database, per practice: the lexicon compiled once, not for every message. */
const cache = new WeakMap<object, Map<string, Cached>>();

function practiceCache(db: Kysely<DB>): Map<string, Cached> {
  let byPractice = cache.get(db);
  if (!byPractice) {
    byPractice = new Map();
    cache.set(db, byPractice);
  }
  return byPractice;
}

/** Hearth's lexicon with the practice's own enabled rules, compiled (cached per practice). */
export function lexiconForPractice(db: Kysely<DB>, practiceId: string, now = Date.now()): Promise<CrisisLexicon> {
  const byPractice = practiceCache(db);
  const hit = byPractice.get(practiceId);
  if (hit && now - hit.loadedAt < LEXICON_CACHE_MS) return hit.lexicon;
  const lexicon = rulesOf(db, practiceId).then((rules) => lexiconFor(rules));
  byPractice.set(practiceId, { lexicon, loadedAt: now });
  // A failed load is not kept: the next message tries again.
  lexicon.catch(() => {
    if (byPractice.get(practiceId)?.lexicon === lexicon) byPractice.delete(practiceId);
  });
  return lexicon;
}

/** Forgets a practice's compiled lexicon, so the next screening reads its rules again. */
export function forgetPracticeLexicon(db: Kysely<DB>, practiceId: string): void {
  practiceCache(db).delete(practiceId);
}

/**
 * Screens a post, a reply or a chat message against Hearth's lexicon and the practice's own rules
 * (docs/crisis-screening.md). `urgent`: hold it, show the author crisis resources and alert the
 * facilitators; `flag`: show it to the facilitators as lower priority; `none`: nothing matched.
 * Pass the application's database handle (not a transaction) so the compiled lexicon is reused.
 */
export async function screenForPractice(db: Kysely<DB>, practiceId: string, text: string): Promise<ScreeningResult> {
  return screenText(text, await lexiconForPractice(db, practiceId));
}

/** Hearth's shipped rules (read-only) and the practice's own, for its owners, admins and clinicians. */
export async function lexiconView(context: LexiconContext, viewer: Viewer) {
  const own = await rulesOf(context.database.db, viewer.practiceId);
  return presentLexicon(own, canEditLexicon(viewer));
}

/** Owners and admins edit the practice's rules; clinicians read them and use the test box. */
export function canEditLexicon(viewer: Viewer): boolean {
  return viewer.role !== null && ADMIN_ROLES.includes(viewer.role);
}

/** Normalised keys of Hearth's own rules, to say when a practice's phrase is one of them. */
let shippedKeys: Map<string, string> | undefined;
function shippedRuleWithKey(key: string): string | undefined {
  shippedKeys ??= new Map(HEARTH_CRISIS_RULES.map((r) => [phraseKey(r.phrase), r.id]));
  return shippedKeys.get(key);
}

const PHRASE_PROBLEMS = {
  empty: 'problem.lexicon.phraseEmpty',
  too_long: 'problem.lexicon.phraseTooLong',
  unbalanced: 'problem.lexicon.phraseUnbalanced',
  short_prefix: 'problem.lexicon.phraseShortPrefix',
  gap_at_edge: 'problem.lexicon.phraseGapAtEdge',
  too_many_gaps: 'problem.lexicon.phraseTooManyGaps',
  too_many_forms: 'problem.lexicon.phraseTooManyForms',
} as const satisfies Record<PhraseProblem, string>;

/** The phrase's normalised key, or the 4xx that says what is wrong with it. */
async function checkedKey(db: Kysely<DB>, practiceId: string, phrase: string, exceptRuleId?: string): Promise<string> {
  const problem = phraseProblem(phrase);
  if (problem)
    throw new HttpProblem(400, PHRASE_PROBLEMS[problem], {
      field: 'body.phrase',
      values: { maximum: CRISIS_PHRASE_MAX },
    });
  const key = phraseKey(phrase);
  const shipped = shippedRuleWithKey(key);
  if (shipped)
    throw new HttpProblem(409, 'problem.lexicon.shipped', { field: 'body.phrase', values: { rule: shipped } });
  const existing = await ruleWithKey(db, practiceId, key);
  if (existing && existing.id !== exceptRuleId)
    throw new HttpProblem(409, 'problem.lexicon.duplicate', { field: 'body.phrase' });
  return key;
}

interface RuleInput {
  phrase: string;
  category: RuleRow['category'];
  language: RuleRow['language'];
  level: CrisisRuleLevel;
}

/** Adds a rule of the practice's own; audited with its words (configuration, not clinical text). */
export async function addRule(context: LexiconContext, viewer: Viewer, input: RuleInput, origin: Origin) {
  const { db } = context.database;
  const phrase = input.phrase.trim();
  const key = await checkedKey(db, viewer.practiceId, phrase);
  const id = crypto.randomUUID();
  try {
    await db.transaction().execute(async (trx) => {
      await insertRule(trx, {
        id,
        practiceId: viewer.practiceId,
        phrase,
        phraseKey: key,
        category: input.category,
        language: input.language,
        level: input.level,
        enabled: boolValue(context.database.engine, true),
        by: viewer.userId,
        at: new Date().toISOString(),
      });
      await context.audit.record(trx, {
        action: 'lexicon.rule_added',
        ...actorOf(viewer),
        ...origin,
        subject: { type: 'crisis_rule', id },
        detail: { phrase, category: input.category, language: input.language, level: input.level },
      });
    });
  } catch (error) {
    // Two admins adding the same phrase at once: the index keeps one.
    if (isUniqueViolation(error)) throw new HttpProblem(409, 'problem.lexicon.duplicate', { field: 'body.phrase' });
    throw error;
  }
  forgetPracticeLexicon(db, viewer.practiceId);
  return presentRule((await findRule(db, viewer.practiceId, id))!);
}

/** Changes one of the practice's rules, or switches it off or on; 404 for a rule not of this practice. */
export async function changeRule(
  context: LexiconContext,
  viewer: Viewer,
  ruleId: string,
  input: RuleInput & { enabled: boolean },
  origin: Origin,
) {
  const { db } = context.database;
  const before = await findRule(db, viewer.practiceId, ruleId);
  if (!before) throw new HttpProblem(404, 'problem.lexicon.notFound');
  const phrase = input.phrase.trim();
  const key = await checkedKey(db, viewer.practiceId, phrase, ruleId);
  try {
    await db.transaction().execute(async (trx) => {
      await updateRule(trx, viewer.practiceId, ruleId, {
        phrase,
        phraseKey: key,
        category: input.category,
        language: input.language,
        level: input.level,
        enabled: boolValue(context.database.engine, input.enabled),
        by: viewer.userId,
        at: new Date().toISOString(),
      });
      await context.audit.record(trx, {
        action: 'lexicon.rule_changed',
        ...actorOf(viewer),
        ...origin,
        subject: { type: 'crisis_rule', id: ruleId },
        detail: {
          phrase,
          category: input.category,
          language: input.language,
          level: input.level,
          enabled: input.enabled,
          ...(before.phrase !== phrase ? { previousPhrase: before.phrase } : {}),
          ...(before.enabled !== input.enabled ? { previouslyEnabled: before.enabled } : {}),
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new HttpProblem(409, 'problem.lexicon.duplicate', { field: 'body.phrase' });
    throw error;
  }
  forgetPracticeLexicon(db, viewer.practiceId);
  return presentRule((await findRule(db, viewer.practiceId, ruleId))!);
}

/**
 * Screens a sample text the way the practice's posts are screened, for the settings page's test
 * box. Audited with the outcome only: the sample may be a real post, so its words are not kept.
 */
export async function testSample(context: LexiconContext, viewer: Viewer, text: string, origin: Origin) {
  const { db } = context.database;
  const result = await screenForPractice(db, viewer.practiceId, text);
  // Its own transaction: the chain head is locked while the record is appended.
  await db.transaction().execute((trx) =>
    context.audit.record(trx, {
      action: 'lexicon.tested',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'practice', id: viewer.practiceId },
      detail: { level: result.level, matches: result.matches.length },
    }),
  );
  return presentScreening(text, result);
}
