import type { Insertable, Kysely } from 'kysely';
import type { DB, SafetyPlansTable } from '../../db/schema.js';

type Db = Kysely<DB>;

/**
 * The facilitators of the groups a member is active in, in one practice: who may read their
 * safety plan and what they share of their reflections, and who is told when the plan changes.
 */
export function facilitatorsOf(db: Db, practiceId: string, memberUserId: string) {
  return db
    .selectFrom('groupMembers')
    .innerJoin('groupFacilitators', 'groupFacilitators.groupId', 'groupMembers.groupId')
    .innerJoin('users', 'users.id', 'groupFacilitators.userId')
    .select(['users.id as userId', 'users.name', 'users.email'])
    .distinct()
    .where('groupMembers.practiceId', '=', practiceId)
    .where('groupMembers.userId', '=', memberUserId)
    .where('groupMembers.status', '=', 'active')
    .execute();
}

/** Whether a member is active in any group of the practice (a supervisor oversees every group). */
export async function isActiveMember(db: Db, practiceId: string, memberUserId: string): Promise<boolean> {
  const row = await db
    .selectFrom('groupMembers')
    .select('id')
    .where('practiceId', '=', practiceId)
    .where('userId', '=', memberUserId)
    .where('status', '=', 'active')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The member's name as staff know it. */
export function personName(db: Db, userId: string) {
  return db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirst();
}

/** Every version of a member's plan, newest first, without their words. */
export function planVersions(db: Db, practiceId: string, userId: string) {
  return db
    .selectFrom('safetyPlans')
    .leftJoin('users', 'users.id', 'safetyPlans.writtenBy')
    .select([
      'safetyPlans.id',
      'safetyPlans.version',
      'safetyPlans.writtenBy',
      'users.name as writer',
      'safetyPlans.createdAt',
    ])
    .where('safetyPlans.practiceId', '=', practiceId)
    .where('safetyPlans.userId', '=', userId)
    .orderBy('safetyPlans.version', 'desc')
    .execute();
}

/** One version of a member's plan with its sealed words: the newest when no version is named. */
export function planVersion(db: Db, practiceId: string, userId: string, version?: number) {
  let query = db
    .selectFrom('safetyPlans')
    .select(['id', 'version', 'content', 'writtenBy', 'createdAt'])
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  return query.executeTakeFirst();
}

/** Saves a new version; the unique index refuses a second save of the same version. */
export function insertPlanVersion(db: Db, row: Insertable<SafetyPlansTable>) {
  return db.insertInto('safetyPlans').values(row).execute();
}
