import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
  it('treats case and surrounding space as the same name', () => {
    expect(displayNameKey('  Sam ')).toBe(displayNameKey('sAM'));
  });
});
