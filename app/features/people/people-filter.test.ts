import { describe, expect, it } from 'vitest';
import { filterPeople, NO_FILTER, type Person } from './people-filter.js';

const person = (name: string, role: Person['role'], joinedAt: string, status: Person['status'] = 'active'): Person => ({
  userId: name,
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}@harbour.test`,
  role,
  status,
  twoFactorEnabled: role !== 'member',
  joinedAt,
});

const people = [
  person('robin Hale', 'member', '2026-03-01T10:00:00Z'),
  person('Maya Okafor', 'clinician', '2026-01-05T10:00:00Z'),
  person('Alex Morgan', 'owner', '2025-12-01T10:00:00Z'),
  person('Sam Legal', 'member', '2026-02-01T10:00:00Z', 'disabled'),
  person('Daniel Reyes', 'supervisor', '2026-01-20T10:00:00Z'),
];
const names = (list: Person[]) => list.map((p) => p.name);

describe("the owner's list of people", () => {
  it('sorts by name without regard to case, by newest, and by role', () => {
    expect(names(filterPeople(people, NO_FILTER))).toEqual([
      'Alex Morgan',
      'Daniel Reyes',
      'Maya Okafor',
      'robin Hale',
      'Sam Legal',
    ]);
    expect(names(filterPeople(people, { ...NO_FILTER, sort: 'newest' }))[0]).toBe('robin Hale');
    expect(names(filterPeople(people, { ...NO_FILTER, sort: 'role' }))).toEqual([
      'Alex Morgan',
      'Maya Okafor',
      'Daniel Reyes',
      'robin Hale',
      'Sam Legal',
    ]);
  });

  it('searches names and e-mail addresses, in any case', () => {
    expect(names(filterPeople(people, { ...NO_FILTER, query: '  OKA ' }))).toEqual(['Maya Okafor']);
    expect(names(filterPeople(people, { ...NO_FILTER, query: 'daniel@' }))).toEqual(['Daniel Reyes']);
    expect(filterPeople(people, { ...NO_FILTER, query: 'nobody' })).toEqual([]);
  });

  it('filters by role and by status, together', () => {
    expect(names(filterPeople(people, { ...NO_FILTER, role: 'member' }))).toEqual(['robin Hale', 'Sam Legal']);
    expect(names(filterPeople(people, { ...NO_FILTER, role: 'member', status: 'active' }))).toEqual(['robin Hale']);
    expect(names(filterPeople(people, { ...NO_FILTER, status: 'disabled' }))).toEqual(['Sam Legal']);
  });

  it('leaves the list it was given as it was', () => {
    const before = names(people);
    filterPeople(people, { ...NO_FILTER, sort: 'newest' });
    expect(names(people)).toEqual(before);
  });
});
