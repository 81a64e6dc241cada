import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export interface Recipient {
  userId: string;
  email: string;
  name: string;
  role: 'member' | 'facilitator';
  /** The language to write to them in: their own choice, else the practice's default. */
  locale: string;
  /** A member's own time zone, when saved: their sessions are told in it (staff read the group's). */
  timeZone: string | null;
}

/**
 * Who hears about a group's sessions: its active members and its facilitators whose access to
 * the practice is on. With `forReminders`, people who turned the group's reminders off are left out.
 */
export async function recipientsOf(db: Db, groupId: string, forReminders: boolean): Promise<Recipient[]> {
  const members = await db
    .selectFrom('groupMembers')
    .innerJoin('users', 'users.id', 'groupMembers.userId')
    .innerJoin('practiceMembers', (join) =>
      join
        .onRef('practiceMembers.userId', '=', 'users.id')
        .onRef('practiceMembers.practiceId', '=', 'groupMembers.practiceId'),
    )
    .innerJoin('practices', 'practices.id', 'groupMembers.practiceId')
    .select((eb) => [
      'users.id as userId',
      'users.email',
      'users.name',
      'users.timeZone',
      eb.fn.coalesce('users.locale', 'practices.defaultLocale').as('locale'),
    ])
    .where('groupMembers.groupId', '=', groupId)
    .where('groupMembers.status', '=', 'active')
    .where('practiceMembers.disabledAt', 'is', null)
    .execute();
  const facilitators = await db
    .selectFrom('groupFacilitators')
    .innerJoin('users', 'users.id', 'groupFacilitators.userId')
    .innerJoin('groups', 'groups.id', 'groupFacilitators.groupId')
    .innerJoin('practiceMembers', (join) =>
      join
        .onRef('practiceMembers.userId', '=', 'users.id')
        .onRef('practiceMembers.practiceId', '=', 'groups.practiceId'),
    )
    .innerJoin('practices', 'practices.id', 'groups.practiceId')
    .select((eb) => [
      'users.id as userId',
      'users.email',
      'users.name',
      eb.fn.coalesce('users.locale', 'practices.defaultLocale').as('locale'),
    ])
    .where('groupFacilitators.groupId', '=', groupId)
    .where('practiceMembers.disabledAt', 'is', null)
    .execute();
  const optedOut = forReminders
    ? new Set(
        (await db.selectFrom('reminderOptOuts').select('userId').where('groupId', '=', groupId).execute()).map(
          (r) => r.userId,
        ),
      )
    : new Set<string>();
  return [
    ...members.map((m) => ({ ...m, role: 'member' as const })),
    ...facilitators.map((f) => ({ ...f, role: 'facilitator' as const, timeZone: null })),
  ].filter((r) => !optedOut.has(r.userId));
}

/** Scheduled sessions starting in (from, to], with their group's reminder times. */
export function sessionsStartingBetween(db: Db, from: string, to: string) {
  return db
    .selectFrom('groupSessions')
    .leftJoin('groupSchedules', 'groupSchedules.groupId', 'groupSessions.groupId')
    .select(['groupSessions.id', 'groupSessions.groupId', 'groupSessions.startsAt', 'groupSchedules.reminderMinutes'])
    .where('groupSessions.status', '=', 'scheduled')
    .where('groupSessions.startsAt', '>', from)
    .where('groupSessions.startsAt', '<=', to)
    .execute();
}

export async function setReminderOptOut(db: Db, userId: string, groupId: string, off: boolean): Promise<void> {
  if (off) {
    await db
      .insertInto('reminderOptOuts')
      .values({ userId, groupId, createdAt: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['userId', 'groupId']).doNothing())
      .execute();
  } else {
    await db.deleteFrom('reminderOptOuts').where('userId', '=', userId).where('groupId', '=', groupId).execute();
  }
}
