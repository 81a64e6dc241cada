import type { Database } from '../../db/connect.js';

/** The person's memberships that are not disabled, oldest first. */
export function findActiveMemberships(database: Database, userId: string) {
  return database.db
    .selectFrom('practiceMembers')
    .innerJoin('practices', 'practices.id', 'practiceMembers.practiceId')
    .select(['practiceMembers.practiceId', 'practiceMembers.role', 'practices.name as practiceName'])
    .where('practiceMembers.userId', '=', userId)
    .where('practiceMembers.disabledAt', 'is', null)
    .orderBy('practiceMembers.createdAt')
    .execute();
}
