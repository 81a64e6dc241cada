import type { Insertable, Kysely, Updateable } from 'kysely';
import { OPEN_EXPORT_STATUSES } from '../../../domain/data-export.js';
import type { DataExportsTable, DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/** What a person sees of their requests: never the archive itself. */
const LISTED = [
  'id',
  'userId',
  'practiceId',
  'status',
  'step',
  'steps',
  'archiveBytes',
  'requestedAt',
  'readyAt',
  'expiresAt',
  'finishedAt',
] as const;

export async function insertExport(trx: Db, row: Insertable<DataExportsTable>): Promise<void> {
  await trx.insertInto('dataExports').values(row).execute();
}

/** The person's request still being worked on, if any (there is at most one). */
export function openExportOf(db: Db, userId: string) {
  return db
    .selectFrom('dataExports')
    .select(LISTED)
    .where('userId', '=', userId)
    .where('status', 'in', OPEN_EXPORT_STATUSES)
    .executeTakeFirst();
}

/** The person's requests, newest first. */
export function exportsOf(db: Db, userId: string, limit = 10) {
  return db
    .selectFrom('dataExports')
    .select(LISTED)
    .where('userId', '=', userId)
    .orderBy('requestedAt', 'desc')
    .limit(limit)
    .execute();
}

/** One request with its sealed archive, only when it is the person's own. */
export function ownExport(db: Db, userId: string, exportId: string) {
  return db
    .selectFrom('dataExports')
    .select([...LISTED, 'archive'])
    .where('id', '=', exportId)
    .where('userId', '=', userId)
    .executeTakeFirst();
}

/** One request, for the job that prepares it. */
export function exportById(db: Db, exportId: string) {
  return db.selectFrom('dataExports').select(LISTED).where('id', '=', exportId).executeTakeFirst();
}

export async function updateExport(db: Db, exportId: string, change: Updateable<DataExportsTable>): Promise<void> {
  await db.updateTable('dataExports').set(change).where('id', '=', exportId).execute();
}

/**
 * Empties every archive whose week is over: the content goes, the row stays and says it expired.
 * Returns how many were emptied.
 */
export async function expireArchives(db: Db, now: string): Promise<number> {
  const result = await db
    .updateTable('dataExports')
    .set({ status: 'expired', archive: null, finishedAt: now })
    .where('status', '=', 'ready')
    .where('expiresAt', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// What the archive reads: everything held about one person, and nothing about anyone else.

export function accountOf(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'createdAt', 'locale'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** Their place in each practice: the membership id is their FHIR Patient id there (decision 0022). */
export function practicesOf(db: Db, userId: string) {
  return db
    .selectFrom('practiceMembers')
    .innerJoin('practices', 'practices.id', 'practiceMembers.practiceId')
    .select([
      'practiceMembers.id as personId',
      'practiceMembers.practiceId',
      'practices.name as practiceName',
      'practices.defaultLocale',
      'practiceMembers.role',
      'practiceMembers.createdAt',
      'practiceMembers.disabledAt',
    ])
    .where('practiceMembers.userId', '=', userId)
    .orderBy('practiceMembers.createdAt')
    .execute();
}

/** Their places in groups, with the sealed screening answers they gave. */
export function groupPlacesOf(db: Db, userId: string) {
  return db
    .selectFrom('groupMembers')
    .innerJoin('groups', 'groups.id', 'groupMembers.groupId')
    .select([
      'groupMembers.id',
      'groupMembers.groupId',
      'groupMembers.practiceId',
      'groups.name as groupName',
      'groupMembers.status',
      'groupMembers.displayName',
      'groupMembers.referredBy',
      'groupMembers.agreementVersion',
      'groupMembers.agreementAcceptedAt',
      'groupMembers.screeningAnswers',
      'groupMembers.screeningSubmittedAt',
      'groupMembers.createdAt',
    ])
    .where('groupMembers.userId', '=', userId)
    .orderBy('groupMembers.createdAt')
    .execute();
}

/** The dated steps of some memberships (without the reasons staff wrote). */
export function placeHistory(db: Db, groupMemberIds: readonly string[]) {
  if (groupMemberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('groupMemberEvents')
    .select(['groupMemberId', 'toStatus', 'at'])
    .where('groupMemberId', 'in', groupMemberIds)
    .orderBy('at')
    .execute();
}

export function agreementsOf(db: Db, groupIds: readonly string[]) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('groupAgreements')
    .select(['groupId', 'version', 'text'])
    .where('groupId', 'in', groupIds)
    .execute();
}

/** Their attendance: date and status only (notes are the facilitators' clinical text). */
export function attendanceOf(db: Db, groupMemberIds: readonly string[]) {
  if (groupMemberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sessionAttendance')
    .innerJoin('groupSessions', 'groupSessions.id', 'sessionAttendance.sessionId')
    .select(['sessionAttendance.groupMemberId', 'groupSessions.startsAt', 'sessionAttendance.status'])
    .where('sessionAttendance.groupMemberId', 'in', groupMemberIds)
    .orderBy('groupSessions.startsAt')
    .execute();
}

/** Their questionnaires that hold answers or a score, with the sealed answers. */
export function answeredFormsOf(db: Db, groupMemberIds: readonly string[]) {
  if (groupMemberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('measureForms')
    .select([
      'id',
      'groupMemberId',
      'practiceId',
      'instrumentId',
      'occasion',
      'status',
      'answers',
      'total',
      'band',
      'submittedAt',
      'dueAt',
      'language',
    ])
    .where('groupMemberId', 'in', groupMemberIds)
    .where((eb) => eb.or([eb('answers', 'is not', null), eb('status', '=', 'completed')]))
    .orderBy('dueAt')
    .execute();
}

export function reminderOptOutsOf(db: Db, userId: string) {
  return db.selectFrom('reminderOptOuts').select(['groupId', 'createdAt']).where('userId', '=', userId).execute();
}

export function calendarFeedsOf(db: Db, userId: string) {
  return db
    .selectFrom('calendarFeeds')
    .select(['practiceId', 'createdAt', 'revokedAt', 'lastReadAt'])
    .where('userId', '=', userId)
    .orderBy('createdAt')
    .execute();
}

/** Their practice logs (docs/decisions/0042), oldest first, with the words still sealed, and the titles of practice cards. */
export async function practiceLogsOf(db: Db, groupMemberIds: readonly string[]) {
  if (groupMemberIds.length === 0) return { logs: [], cards: [] };
  const logs = await db
    .selectFrom('practiceLogs')
    .select(['id', 'groupMemberId', 'cardId', 'situation', 'learned', 'rating', 'visibility', 'createdAt'])
    .where('groupMemberId', 'in', groupMemberIds)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  const cardIds = [...new Set(logs.map((l) => l.cardId))];
  const cards =
    cardIds.length === 0
      ? []
      : await db.selectFrom('skillCards').select(['id', 'title']).where('id', 'in', cardIds).execute();
  return { logs, cards };
}

/** Their check-ins in the live room (the words still sealed), with the session each was in. */
export function roomCheckInsOf(db: Db, groupMemberIds: readonly string[]) {
  if (groupMemberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('roomCheckIns')
    .innerJoin('groupSessions', 'groupSessions.id', 'roomCheckIns.sessionId')
    .select([
      'roomCheckIns.sessionId',
      'roomCheckIns.groupMemberId',
      'roomCheckIns.mood',
      'roomCheckIns.word',
      'roomCheckIns.part',
      'roomCheckIns.share',
      'roomCheckIns.at',
      'groupSessions.startsAt',
    ])
    .where('roomCheckIns.groupMemberId', 'in', groupMemberIds)
    .orderBy('roomCheckIns.at')
    .execute();
}

/** What they wrote in the live room's chat (a member is in the room as their place in the group); sealed. */
export function roomChatOf(db: Db, groupMemberIds: readonly string[]) {
  if (groupMemberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('roomChat')
    .innerJoin('rooms', 'rooms.id', 'roomChat.roomId')
    .innerJoin('groupSessions', 'groupSessions.id', 'rooms.sessionId')
    .select([
      'roomChat.id',
      'roomChat.personId',
      'roomChat.text',
      'roomChat.hidden',
      'roomChat.at',
      'groupSessions.startsAt',
    ])
    .where('roomChat.personId', 'in', groupMemberIds)
    .orderBy('roomChat.at')
    .orderBy('roomChat.id')
    .execute();
}

/** How long and how often they spoke in each session's room. */
export function roomVoiceOf(db: Db, groupMemberIds: readonly string[]) {
  if (groupMemberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('roomVoice')
    .innerJoin('groupSessions', 'groupSessions.id', 'roomVoice.sessionId')
    .select(['roomVoice.groupMemberId', 'roomVoice.seconds', 'roomVoice.turns', 'groupSessions.startsAt'])
    .where('roomVoice.groupMemberId', 'in', groupMemberIds)
    .orderBy('groupSessions.startsAt')
    .execute();
}

/** The feedback they gave on peers' practice (their words; whose entry it was is left out); sealed. */
export function feedbackGivenOf(db: Db, groupMemberIds: readonly string[]) {
  if (groupMemberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('practiceFeedback')
    .select(['id', 'groupMemberId', 'worked', 'tryNext', 'status', 'createdAt'])
    .where('groupMemberId', 'in', groupMemberIds)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** Their posts and replies in group spaces, sealed (the moderators' edit notes are theirs, not the member's). */
export function spacePostsOf(db: Db, userId: string) {
  return db
    .selectFrom('spacePosts')
    .select([
      'id',
      'groupId',
      'groupMemberId',
      'threadId',
      'channel',
      'anonymous',
      'title',
      'body',
      'status',
      'createdAt',
      'publishedAt',
    ])
    .where('authorUserId', '=', userId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** Their reactions, and whether the post was their own (a peer's post is named only as a group member's). */
export function spaceReactionsOf(db: Db, userId: string) {
  return db
    .selectFrom('spaceReactions')
    .innerJoin('spacePosts', 'spacePosts.id', 'spaceReactions.postId')
    .select(['spacePosts.groupId', 'spacePosts.authorUserId', 'spaceReactions.kind', 'spaceReactions.createdAt'])
    .where('spaceReactions.userId', '=', userId)
    .orderBy('spaceReactions.createdAt')
    .execute();
}

/** The reports they made, with their own reason, sealed (the moderators' outcome is their writing). */
export function spaceReportsOf(db: Db, userId: string) {
  return db
    .selectFrom('spaceReports')
    .select(['id', 'groupId', 'reason', 'createdAt', 'resolvedAt'])
    .where('reporterUserId', '=', userId)
    .orderBy('createdAt')
    .execute();
}

/** Where they are in each group's space, and their digest choice. */
export function spaceReadersOf(db: Db, userId: string) {
  return db
    .selectFrom('spaceReaders')
    .select(['groupId', 'lastReadAt', 'digest'])
    .where('userId', '=', userId)
    .execute();
}

/** Every version of their safety plan in each practice, sealed, with who wrote each one. */
export function safetyPlansOf(db: Db, userId: string) {
  return db
    .selectFrom('safetyPlans')
    .innerJoin('users', 'users.id', 'safetyPlans.writtenBy')
    .select([
      'safetyPlans.id',
      'safetyPlans.practiceId',
      'safetyPlans.version',
      'safetyPlans.content',
      'safetyPlans.writtenBy',
      'users.name as writerName',
      'safetyPlans.createdAt',
    ])
    .where('safetyPlans.userId', '=', userId)
    .orderBy('safetyPlans.practiceId')
    .orderBy('safetyPlans.version')
    .execute();
}

/** Their parts maps, 6 Fs reflections and Self-energy check-ins, sealed. */
export function reflectionsOf(db: Db, userId: string) {
  return db
    .selectFrom('ifsItems')
    .select(['id', 'practiceId', 'kind', 'content', 'sharedAt', 'createdAt', 'updatedAt'])
    .where('userId', '=', userId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}
