import { z } from 'zod';
import { CRISIS_CATEGORIES, CRISIS_LANGUAGES, CRISIS_PHRASE_MAX } from '../../../domain/crisis-screening.js';

/** The longest sample text the test box screens: a long post. */
export const SAMPLE_TEXT_MAX = 10_000;

const Category = z.enum(CRISIS_CATEGORIES, { error: 'problem.lexicon.category' });
const Language = z.enum(CRISIS_LANGUAGES, { error: 'problem.lexicon.language' });
const Level = z.enum(['urgent', 'flag'], { error: 'problem.lexicon.level' });

const Phrase = z
  .string({ error: 'problem.lexicon.phraseEmpty' })
  .trim()
  .min(1, 'problem.lexicon.phraseEmpty')
  .max(CRISIS_PHRASE_MAX, 'problem.lexicon.phraseTooLong');

export const RuleIdParamsSchema = z.object({ ruleId: z.string().min(1).max(80) });

/** A practice's new rule. */
export const NewRuleBodySchema = z.object({ phrase: Phrase, category: Category, language: Language, level: Level });

/** A rule as edited: every field, and whether it is on. */
export const RuleBodySchema = NewRuleBodySchema.extend({
  enabled: z.boolean({ error: 'problem.lexicon.enabled' }),
});

export const SampleBodySchema = z.object({
  text: z
    .string({ error: 'problem.lexicon.sampleEmpty' })
    .min(1, 'problem.lexicon.sampleEmpty')
    .max(SAMPLE_TEXT_MAX, 'problem.lexicon.sampleTooLong'),
});

const RuleFields = {
  id: z.string(),
  phrase: z.string(),
  category: Category,
  language: Language,
  level: Level,
};

export const ShippedRuleSchema = z.object({ ...RuleFields, examples: z.array(z.string()) });
export const IdiomSchema = z.object({
  id: z.string(),
  phrase: z.string(),
  language: Language,
  examples: z.array(z.string()),
});
export const PracticeRuleSchema = z.object({ ...RuleFields, enabled: z.boolean(), updatedAt: z.string() });

export const LexiconSchema = z.object({
  /** Whether the viewer may add and edit the practice's own rules. */
  canEdit: z.boolean(),
  shipped: z.array(ShippedRuleSchema),
  idioms: z.array(IdiomSchema),
  negations: z.array(z.string()),
  own: z.array(PracticeRuleSchema),
});

export const ScreeningSchema = z.object({
  level: z.enum(['none', 'flag', 'urgent']),
  /** The sample as the matcher reads it. */
  normalised: z.string(),
  matches: z.array(
    z.object({
      ruleId: z.string(),
      category: Category,
      phrase: z.string(),
      language: Language,
      source: z.enum(['hearth', 'practice']),
      ruleLevel: Level,
      level: Level,
      negatedBy: z.string().nullable(),
      span: z.object({ start: z.number(), end: z.number(), text: z.string() }),
    }),
  ),
});
