import { PasswordLimit } from '../../domain/limits.js';
import type { PasswordProblem } from '../../domain/password-strength.js';
import type { ServerMessageKey } from './i18n.js';

/** Words a person can act on, for each password problem (server/i18n/catalogs). */
export const PASSWORD_PROBLEM: Record<PasswordProblem, ServerMessageKey> = {
  'too-short': 'problem.password.tooShort',
  'too-long': 'problem.password.tooLong',
  'too-common': 'problem.password.tooCommon',
  'repeats-personal-details': 'problem.password.personal',
};

/** The numbers those words name. */
export const PASSWORD_VALUES = { min: PasswordLimit.min, max: PasswordLimit.max };
