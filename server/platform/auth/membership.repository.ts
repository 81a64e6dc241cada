import type { Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';

/** The person's memberships that are not disabled, oldest first. */
export function findActiveMemberships(database: Database | { db: Kysely<DB> }, userId: string) {
  return database.db
    .selectFrom('practiceMembers')
    .innerJoin('practices', 'practices.id', 'practiceMembers.practiceId')
    .select([
      'practiceMembers.practiceId',
      'practiceMembers.role',
      'practices.name as practiceName',
      'practices.defaultLocale as practiceDefaultLocale',
      'practices.country as practiceCountry',
    ])
    .where('practiceMembers.userId', '=', userId)
    .where('practiceMembers.disabledAt', 'is', null)
    .orderBy('practiceMembers.createdAt')
    .execute();
}

/**
 * The membership a session acts in: the practice it chose, while the person may still use it,
 * else their first. The one rule for reading a session and for ending those of one practice.
 */
export function actingMembership<M extends { practiceId: string }>(
  activeMemberships: M[],
  chosenPracticeId: string | null | undefined,
): M | undefined {
  return activeMemberships.find((m) => m.practiceId === chosenPracticeId) ?? activeMemberships[0];
}
