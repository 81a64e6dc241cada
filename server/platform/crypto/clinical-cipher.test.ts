import { describe, expect, it } from 'vitest';
import { ClinicalCipher } from './clinical-cipher.js';

const key = Buffer.alloc(32, 3);

describe('ClinicalCipher', () => {
  it('reads back what it wrote, and never stores the text itself', () => {
    const cipher = new ClinicalCipher(key);
    const stored = cipher.encrypt('I have been feeling low since the spring.');
    expect(stored).not.toContain('feeling');
    expect(stored.startsWith('v1.')).toBe(true);
    expect(cipher.decrypt(stored)).toBe('I have been feeling low since the spring.');
  });
  it('uses a fresh nonce each time', () => {
    const cipher = new ClinicalCipher(key);
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });
  it('refuses a changed value and the wrong key', () => {
    const stored = new ClinicalCipher(key).encrypt('answer');
    const parts = stored.split('.');
    const altered = [...parts.slice(0, 3), Buffer.from('ANSWER').toString('base64url')].join('.');
    expect(() => new ClinicalCipher(key).decrypt(altered)).toThrow();
    expect(() => new ClinicalCipher(Buffer.alloc(32, 4)).decrypt(stored)).toThrow();
    expect(() => new ClinicalCipher(key).decrypt('plain text')).toThrow(/not an encrypted value/);
  });
});
