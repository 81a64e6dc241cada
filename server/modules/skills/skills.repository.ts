import type { Insertable, Kysely, Updateable } from 'kysely';
import type {
  DB,
  PracticeFeedbackTable,
  PracticeLogsTable,
  SkillAssignmentsTable,
  SkillCardsTable,
} from '../../db/schema.js';

type Db = Kysely<DB>;

const CARD_COLUMNS = [
  'id',
  'practiceId',
  'language',
  'basedOn',
  'title',
  'purpose',
  'steps',
  'example',
  'prompt',
] as const;

/** A practice's own cards, newest first. */
export function practiceCards(db: Db, practiceId: string) {
  return db
    .selectFrom('skillCards')
    .select(CARD_COLUMNS)
    .where('practiceId', '=', practiceId)
    .orderBy('title')
    .execute();
}

/** One of a practice's own cards. */
export function findPracticeCard(db: Db, practiceId: string, cardId: string) {
  return db
    .selectFrom('skillCards')
    .select(CARD_COLUMNS)
    .where('practiceId', '=', practiceId)
    .where('id', '=', cardId)
    .executeTakeFirst();
}

export async function insertCard(db: Db, row: Insertable<SkillCardsTable>): Promise<void> {
  await db.insertInto('skillCards').values(row).execute();
}

export async function updateCard(
  db: Db,
  practiceId: string,
  cardId: string,
  change: Updateable<SkillCardsTable>,
): Promise<void> {
  await db
    .updateTable('skillCards')
    .set(change)
    .where('practiceId', '=', practiceId)
    .where('id', '=', cardId)
    .execute();
}

export async function insertAssignment(db: Db, row: Insertable<SkillAssignmentsTable>): Promise<void> {
  await db.insertInto('skillAssignments').values(row).execute();
}

/** A group's assignments, newest first, with the start of the session each is due by. */
export function groupAssignments(db: Db, groupIds: string[]) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('skillAssignments')
    .leftJoin('groupSessions', 'groupSessions.id', 'skillAssignments.dueSessionId')
    .leftJoin('groupMembers', 'groupMembers.id', 'skillAssignments.groupMemberId')
    .select([
      'skillAssignments.id',
      'skillAssignments.groupId',
      'skillAssignments.cardId',
      'skillAssignments.groupMemberId',
      'skillAssignments.note',
      'skillAssignments.createdAt',
      'groupSessions.startsAt as dueAt',
      'groupMembers.displayName as memberDisplayName',
      'groupMembers.name as memberName',
    ])
    .where('skillAssignments.groupId', 'in', groupIds)
    .orderBy('skillAssignments.createdAt', 'desc')
    .orderBy('skillAssignments.id')
    .execute();
}

/** The newest assignment of a card that reaches this member: given to them or to their whole group. */
export function assignmentFor(db: Db, groupId: string, groupMemberId: string, cardId: string) {
  return db
    .selectFrom('skillAssignments')
    .select(['id'])
    .where('groupId', '=', groupId)
    .where('cardId', '=', cardId)
    .where((eb) => eb.or([eb('groupMemberId', 'is', null), eb('groupMemberId', '=', groupMemberId)]))
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
}

const LOG_COLUMNS = [
  'practiceLogs.id',
  'practiceLogs.groupId',
  'practiceLogs.groupMemberId',
  'practiceLogs.cardId',
  'practiceLogs.situation',
  'practiceLogs.learned',
  'practiceLogs.rating',
  'practiceLogs.visibility',
  'practiceLogs.createdAt',
  'practiceLogs.updatedAt',
] as const;

export async function insertLog(db: Db, row: Insertable<PracticeLogsTable>): Promise<void> {
  await db.insertInto('practiceLogs').values(row).execute();
}

/** A log, if it is the practice's, with the user whose membership wrote it. */
export function findLog(db: Db, practiceId: string, logId: string) {
  return db
    .selectFrom('practiceLogs')
    .innerJoin('groupMembers', 'groupMembers.id', 'practiceLogs.groupMemberId')
    .select([...LOG_COLUMNS, 'groupMembers.userId'])
    .where('practiceLogs.practiceId', '=', practiceId)
    .where('practiceLogs.id', '=', logId)
    .executeTakeFirst();
}

export async function updateLog(db: Db, logId: string, change: Updateable<PracticeLogsTable>): Promise<void> {
  await db.updateTable('practiceLogs').set(change).where('id', '=', logId).execute();
}

/** A person's own logs in a practice, newest first. */
export function ownLogs(db: Db, practiceId: string, userId: string) {
  return db
    .selectFrom('practiceLogs')
    .innerJoin('groupMembers', 'groupMembers.id', 'practiceLogs.groupMemberId')
    .select(LOG_COLUMNS)
    .where('practiceLogs.practiceId', '=', practiceId)
    .where('groupMembers.userId', '=', userId)
    .orderBy('practiceLogs.createdAt', 'desc')
    .execute();
}

/** A group's logs shared at least this widely (`group`, or `facilitators` and `group`), oldest first. */
export function sharedLogs(db: Db, groupId: string, visibilities: string[]) {
  return db
    .selectFrom('practiceLogs')
    .innerJoin('groupMembers', 'groupMembers.id', 'practiceLogs.groupMemberId')
    .select([...LOG_COLUMNS, 'groupMembers.userId', 'groupMembers.displayName', 'groupMembers.name'])
    .where('practiceLogs.groupId', '=', groupId)
    .where('practiceLogs.visibility', 'in', visibilities)
    .orderBy('practiceLogs.createdAt')
    .orderBy('practiceLogs.id')
    .execute();
}

export async function insertFeedback(db: Db, row: Insertable<PracticeFeedbackTable>): Promise<void> {
  await db.insertInto('practiceFeedback').values(row).execute();
}

/** Feedback on some logs, oldest first, with who gave it. */
export function feedbackOn(db: Db, logIds: string[]) {
  if (logIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('practiceFeedback')
    .innerJoin('groupMembers', 'groupMembers.id', 'practiceFeedback.groupMemberId')
    .select([
      'practiceFeedback.id',
      'practiceFeedback.logId',
      'practiceFeedback.worked',
      'practiceFeedback.tryNext',
      'practiceFeedback.status',
      'practiceFeedback.createdAt',
      'groupMembers.userId',
      'groupMembers.displayName',
      'groupMembers.name',
    ])
    .where('practiceFeedback.logId', 'in', logIds)
    .orderBy('practiceFeedback.createdAt')
    .orderBy('practiceFeedback.id')
    .execute();
}

/** A person's memberships in a practice, with their groups' names. */
export function ownMemberships(db: Db, practiceId: string, userId: string) {
  return db
    .selectFrom('groupMembers')
    .innerJoin('groups', 'groups.id', 'groupMembers.groupId')
    .select(['groupMembers.id', 'groupMembers.groupId', 'groupMembers.status', 'groups.name as groupName'])
    .where('groupMembers.practiceId', '=', practiceId)
    .where('groupMembers.userId', '=', userId)
    .orderBy('groups.name')
    .execute();
}

/** A group's memberships, for names and for checking whom an assignment is for. */
export function groupMemberships(db: Db, groupId: string) {
  return db
    .selectFrom('groupMembers')
    .select(['id', 'userId', 'name', 'displayName', 'status'])
    .where('groupId', '=', groupId)
    .execute();
}

/** A session of this group, if there is one. */
export function findGroupSession(db: Db, groupId: string, sessionId: string) {
  return db
    .selectFrom('groupSessions')
    .select(['id', 'status', 'startsAt'])
    .where('groupId', '=', groupId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
}
