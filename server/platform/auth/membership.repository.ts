import type { Database } from '../../db/connect.js';

/** The person's membership in their active practice, or in the first practice they joined. */
export function findMembership(database: Database, userId: string, activePracticeId: string | null) {
  return database.db
    .selectFrom('practiceMembers')
    .select(['practiceId', 'role'])
    .where('userId', '=', userId)
    .$if(activePracticeId !== null, (q) => q.where('practiceId', '=', activePracticeId as string))
    .orderBy('createdAt')
    .limit(1)
    .executeTakeFirst();
}
