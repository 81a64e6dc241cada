import { HEARTH_CRISIS_IDIOMS, HEARTH_CRISIS_RULES, NEGATION_CUES } from '../../../domain/crisis-lexicon.js';
import { normaliseText, type ScreeningResult } from '../../../domain/crisis-screening.js';
import { toInstant } from '../../db/instant.js';
import type { RuleRow } from './lexicon.repository.js';

/** One of the practice's rules, as its admins and clinicians see it. */
export function presentRule(row: RuleRow) {
  return {
    id: row.id,
    phrase: row.phrase,
    category: row.category,
    language: row.language,
    level: row.level,
    enabled: row.enabled,
    updatedAt: toInstant(row.updatedAt),
  };
}

/** Hearth's lexicon, whole and read-only, beside the practice's own rules. */
export function presentLexicon(own: RuleRow[], canEdit: boolean) {
  return {
    canEdit,
    shipped: HEARTH_CRISIS_RULES.map((r) => ({
      id: r.id,
      phrase: r.phrase,
      category: r.category,
      language: r.language,
      level: r.level,
      examples: [...(r.examples ?? [])],
    })),
    idioms: HEARTH_CRISIS_IDIOMS.map((i) => ({
      id: i.id,
      phrase: i.phrase,
      language: i.language,
      examples: [...i.examples],
    })),
    negations: [...NEGATION_CUES],
    own: own.map(presentRule),
  };
}

/** What the test box shows: the level, each match and the sample as the matcher read it. */
export function presentScreening(text: string, result: ScreeningResult) {
  return {
    level: result.level,
    normalised: normaliseText(text),
    matches: result.matches.map((m) => ({
      ruleId: m.ruleId,
      category: m.category,
      phrase: m.phrase,
      language: m.language,
      source: m.source,
      ruleLevel: m.ruleLevel,
      level: m.level,
      negatedBy: m.negatedBy ?? null,
      span: m.span,
    })),
  };
}
