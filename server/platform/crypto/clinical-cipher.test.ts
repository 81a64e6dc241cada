import { describe, expect, it } from 'vitest';
import { CipherError, ClinicalCipher } from './clinical-cipher.js';
import { sealedIn } from './encrypted-columns.js';
import { sealV1 } from '../../testing/sealed-fixtures.js';

const key = Buffer.alloc(32, 3);
const here = sealedIn('alerts.outcome', 'alert-1');

describe('ClinicalCipher', () => {
  it('reads back what it wrote, and never stores the text itself', () => {
    const cipher = new ClinicalCipher(key);
    const stored = cipher.encrypt('I have been feeling low since the spring.', here);
    expect(stored).not.toContain('feeling');
    expect(stored.startsWith(cipher.currentPrefix)).toBe(true);
    expect(cipher.currentPrefix).toMatch(/^v2\.[A-Za-z0-9_-]{8}\.$/);
    expect(cipher.decrypt(stored, here)).toBe('I have been feeling low since the spring.');
  });
  it('uses a fresh nonce each time', () => {
    const cipher = new ClinicalCipher(key);
    expect(cipher.encrypt('same', here)).not.toBe(cipher.encrypt('same', here));
  });
  it('refuses a changed value, a cut-down tag and the wrong key', () => {
    const stored = new ClinicalCipher(key).encrypt('answer', here);
    const parts = stored.split('.');
    const altered = [...parts.slice(0, 4), Buffer.from('ANSWER').toString('base64url')].join('.');
    expect(() => new ClinicalCipher(key).decrypt(altered, here)).toThrow(CipherError);
    const shortTag = [...parts.slice(0, 3), parts[3]!.slice(0, 6), parts[4]].join('.');
    expect(() => new ClinicalCipher(key).decrypt(shortTag, here)).toThrow(CipherError);
    expect(() => new ClinicalCipher(Buffer.alloc(32, 4)).decrypt(stored, here)).toThrow(
      /key this Hearth does not have/,
    );
    expect(() => new ClinicalCipher(key).decrypt('plain text', here)).toThrow(/not an encrypted value/);
  });
  it('refuses a value copied into another row or another column, with a clear error', () => {
    const cipher = new ClinicalCipher(key);
    const stored = cipher.encrypt('Called the crisis team', here);
    expect(() => cipher.decrypt(stored, sealedIn('alerts.outcome', 'alert-2'))).toThrow(
      'Cannot decrypt alerts.outcome of alert-2: it was changed, or copied from another record.',
    );
    expect(() => cipher.decrypt(stored, sealedIn('measureForms.answers', 'alert-1'))).toThrow(CipherError);
    const note = cipher.encrypt('late', sealedIn('sessionAttendance.note', 'session-1', 'member-1'));
    expect(() => cipher.decrypt(note, sealedIn('sessionAttendance.note', 'session-1', 'member-2'))).toThrow(
      CipherError,
    );
  });
  it('still reads values written before the binding, under any key of its ring', () => {
    const previous = Buffer.alloc(32, 5);
    expect(new ClinicalCipher(key).decrypt(sealV1('old answer', key), here)).toBe('old answer');
    const rotating = new ClinicalCipher(key, [previous]);
    expect(rotating.decrypt(sealV1('older answer', previous), here)).toBe('older answer');
    expect(() => new ClinicalCipher(key).decrypt(sealV1('older answer', previous), here)).toThrow(CipherError);
  });
  it('during a rotation seals with the new key and opens what the previous key sealed', () => {
    const oldKey = Buffer.alloc(32, 6);
    const sealedBefore = new ClinicalCipher(oldKey).encrypt('before', here);
    const rotating = new ClinicalCipher(key, [oldKey]);
    expect(rotating.decrypt(sealedBefore, here)).toBe('before');
    const sealedNow = rotating.encrypt('now', here);
    expect(sealedNow.startsWith(new ClinicalCipher(key).currentPrefix)).toBe(true);
    expect(sealedBefore.startsWith(rotating.currentPrefix)).toBe(false);
  });
});
