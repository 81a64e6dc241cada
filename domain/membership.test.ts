import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksAlike } from './confusables.js';
import {
  displayNameKey,
  displayNameProblem,
  ENDINGS,
  HOLDS_PLACE,
  MEMBER_STATUSES,
  staffTransitions,
} from './membership.js';

describe('membership statuses', () => {
  it('never lets staff move anyone out of an ending', () => {
    for (const ending of ENDINGS) expect(staffTransitions(ending)).toEqual([]);
  });
  it('only lets the member make themselves active the first time', () => {
    for (const from of MEMBER_STATUSES.filter((s) => s !== 'on-leave'))
      expect(staffTransitions(from)).not.toContain('active');
  });
  it('keeps every transition inside the known statuses', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MEMBER_STATUSES), (from) =>
        staffTransitions(from).every((to) => MEMBER_STATUSES.includes(to) && to !== from),
      ),
    );
  });
  it('counts a place for admitted, active and on-leave members only', () => {
    expect([...HOLDS_PLACE].sort()).toEqual(['active', 'admitted', 'on-leave']);
  });
});

describe('display names', () => {
  it.each(['Sam', 'River', 'Ana María', 'J.'])('accepts %s', (name) => expect(displayNameProblem(name)).toBeNull());
  it.each([
    ['', /Choose a name/],
    ['   ', /Choose a name/],
    ['x'.repeat(41), /at most 40/],
    ['sam@example.org', /not an e-mail/],
    ['555 123 4567', /not a phone/],
  ])('refuses %j', (name, message) => expect(displayNameProblem(name)).toMatch(message));
  it.each([
    ['Sa\u200Bm', /hidden/],
    ['\u202Emas', /hidden/],
    ['Sam\u2066', /hidden/],
    ['S\u0301\u0302\u0303am', /two accents/],
    ['\u0301Sam', /two accents/],
  ])('refuses the invisible or stacked %j', (name, message) => expect(displayNameProblem(name)).toMatch(message));
  it('tells look-alike names apart from different ones (Unicode TS #39 skeletons)', () => {
    expect(looksAlike('Sam', 'Ѕаm')).toBe(true); // Cyrillic Ѕ and а
    expect(looksAlike('Sam', 'Sarn')).toBe(true);
    expect(looksAlike('Ian', 'lan')).toBe(true);
    expect(looksAlike('Zoë', 'Zoe\u0308')).toBe(true);
    expect(looksAlike('Sam', 'ＳＡＭ')).toBe(true);
    expect(looksAlike('Sam', 'Pam')).toBe(false);
    expect(looksAlike('Ana', 'Anna')).toBe(false);
  });
  it('treats case and surrounding space as the same name', () => {
    expect(displayNameKey('  Sam ')).toBe(displayNameKey('sAM'));
  });
});
