import { PasswordLimit } from './limits.js';

/**
 * Passwords that meet the length rule yet appear in public breach lists, lowered.
 * Short on purpose: the length rule already rules out the bulk of such lists, which are mostly
 * shorter than 12 characters. What is left are keyboard walks and padded words.
 */
const COMMON_LONG_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789123',
  '111111111111',
  '000000000000',
  '123123123123',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwertyuiopasdf',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'zaq12wsxcde3',
  'qazwsxedcrfv',
  'asdfghjkl123',
  'password1234',
  'password12345',
  'password123!',
  'passwordpassword',
  'p@ssw0rd1234',
  'letmein12345',
  'welcome12345',
  'iloveyou1234',
  'abcdefghijkl',
  'abc123abc123',
  'changeme1234',
  'administrator',
  'trustno1trustno1',
  'football1234',
  'baseball1234',
  'superman1234',
  'sunshine1234',
  'princess1234',
  'monkey123456',
  'dragon123456',
  'qwerty123456',
  'qwertyqwerty',
  'aaaaaaaaaaaa',
  'correcthorsebatterystaple',
]);

export const PASSWORD_PROBLEMS = ['too-short', 'too-long', 'too-common', 'repeats-personal-details'] as const;
export type PasswordProblem = (typeof PASSWORD_PROBLEMS)[number];

/**
 * Why a password is not acceptable, or null when it is.
 * @param personal words the password must not simply repeat (the e-mail address, the person's name)
 */
export function passwordProblem(password: string, personal: readonly string[] = []): PasswordProblem | null {
  if (password.length < PasswordLimit.min) return 'too-short';
  if (password.length > PasswordLimit.max) return 'too-long';
  const lowered = password.toLowerCase();
  if (COMMON_LONG_PASSWORDS.has(lowered) || new Set(lowered).size <= 2) return 'too-common';
  for (const word of personal) {
    const w = word.trim().toLowerCase();
    if (w.length >= 4 && lowered.replace(/[^a-z0-9]/g, '') === w.replace(/[^a-z0-9]/g, '')) {
      return 'repeats-personal-details';
    }
  }
  return null;
}

/** Words a person can act on, for each problem. */
export const passwordProblemMessage: Record<PasswordProblem, string> = {
  'too-short': `Use at least ${PasswordLimit.min} characters. A few unrelated words work well.`,
  'too-long': `Use at most ${PasswordLimit.max} characters.`,
  'too-common': 'This password is too easy to guess. Try a few unrelated words.',
  'repeats-personal-details': 'This password repeats your name or e-mail. Choose something else.',
};
