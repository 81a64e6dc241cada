import type {
  CrisisCategory,
  CrisisLanguage,
  CrisisRuleLevel,
  ScreeningLevel,
} from '../../../domain/crisis-screening.js';
import type { MessageKey } from '../../i18n/i18n.js';

export const CATEGORY_KEYS: Record<CrisisCategory, MessageKey> = {
  suicide: 'lexicon.category.suicide',
  self_harm: 'lexicon.category.selfHarm',
  plan_or_means: 'lexicon.category.planOrMeans',
  harm_to_others: 'lexicon.category.harmToOthers',
  hopelessness: 'lexicon.category.hopelessness',
  unsafe: 'lexicon.category.unsafe',
};

export const LANGUAGE_KEYS: Record<CrisisLanguage, MessageKey> = {
  en: 'lexicon.language.en',
  es: 'lexicon.language.es',
};

export const LEVEL_KEYS: Record<CrisisRuleLevel, MessageKey> = {
  urgent: 'lexicon.level.urgent',
  flag: 'lexicon.level.flag',
};

export const RESULT_KEYS: Record<ScreeningLevel, MessageKey> = {
  urgent: 'lexicon.test.resultUrgent',
  flag: 'lexicon.test.resultFlag',
  none: 'lexicon.test.resultNone',
};
