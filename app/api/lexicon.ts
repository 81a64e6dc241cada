import type { CrisisCategory, CrisisLanguage, CrisisRuleLevel, ScreeningLevel } from '../../domain/crisis-screening.js';

/** One of Hearth's shipped rules: read-only, with the texts it is tested against. */
export interface ShippedRule {
  id: string;
  phrase: string;
  category: CrisisCategory;
  language: CrisisLanguage;
  level: CrisisRuleLevel;
  examples: string[];
}

export interface Idiom {
  id: string;
  phrase: string;
  language: CrisisLanguage;
  examples: string[];
}

/** One of the practice's own rules. */
export interface PracticeRule {
  id: string;
  phrase: string;
  category: CrisisCategory;
  language: CrisisLanguage;
  level: CrisisRuleLevel;
  enabled: boolean;
  updatedAt: string;
}

export interface Lexicon {
  canEdit: boolean;
  shipped: ShippedRule[];
  idioms: Idiom[];
  negations: string[];
  own: PracticeRule[];
}

export interface SampleMatch {
  ruleId: string;
  category: CrisisCategory;
  phrase: string;
  language: CrisisLanguage;
  source: 'hearth' | 'practice';
  ruleLevel: CrisisRuleLevel;
  level: CrisisRuleLevel;
  negatedBy: string | null;
  span: { start: number; end: number; text: string };
}

export interface SampleScreening {
  level: ScreeningLevel;
  normalised: string;
  matches: SampleMatch[];
}

/** Under `practice`: a practice change (changes.ts) refreshes it. */
export const lexiconKeys = { lexicon: ['practice', 'lexicon'] as const };
