import type { Role } from '../../../domain/roles.js';

export interface Person {
  userId: string;
  name: string;
  email: string;
  role: Role;
  status: 'active' | 'disabled';
  twoFactorEnabled: boolean;
  joinedAt: string;
}

/** The orders the list of people can be shown in (their words are in the catalogs). */
export const PEOPLE_SORTS = ['name', 'newest', 'role'] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

export interface PeopleFilter {
  /** Part of a name or an e-mail address, in any case. */
  query: string;
  role: Role | 'all';
  status: Person['status'] | 'all';
  sort: PeopleSort;
}

export const NO_FILTER: PeopleFilter = { query: '', role: 'all', status: 'all', sort: 'name' };

/** Owners first, members last: the order of responsibility. */
const ROLE_ORDER: Role[] = ['owner', 'admin', 'clinician', 'supervisor', 'member'];

const byName = (a: Person, b: Person) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/** The people a filter keeps, in its order. */
export function filterPeople(people: readonly Person[], filter: PeopleFilter): Person[] {
  const query = filter.query.trim().toLocaleLowerCase();
  const kept = people.filter(
    (p) =>
      (filter.role === 'all' || p.role === filter.role) &&
      (filter.status === 'all' || p.status === filter.status) &&
      (!query || p.name.toLocaleLowerCase().includes(query) || p.email.toLocaleLowerCase().includes(query)),
  );
  const order = {
    name: byName,
    newest: (a: Person, b: Person) => b.joinedAt.localeCompare(a.joinedAt) || byName(a, b),
    role: (a: Person, b: Person) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || byName(a, b),
  }[filter.sort];
  return kept.sort(order);
}
