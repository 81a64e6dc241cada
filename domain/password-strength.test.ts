import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-strength.js';

describe('passwordProblem', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblem('river lantern quietly')).toBeNull();
  });
  it('rejects passwords shorter than 12 characters', () => {
    expect(passwordProblem('short pass1')).toBe('too-short');
  });
  it('rejects overlong passwords', () => {
    expect(passwordProblem('a'.repeat(60) + 'b'.repeat(69))).toBe('too-long');
  });
  it('rejects common long passwords whatever their case', () => {
    expect(passwordProblem('Password1234')).toBe('too-common');
    expect(passwordProblem('abababababab')).toBe('too-common');
  });
  it('rejects a password that only repeats the e-mail address', () => {
    expect(passwordProblem('robin.hale@example.org', ['robin.hale@example.org'])).toBe('repeats-personal-details');
  });
});
