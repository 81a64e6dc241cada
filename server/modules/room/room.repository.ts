import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB, RoomEventsTable } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

const ROOM_COLUMNS = [
  'rooms.id',
  'rooms.practiceId',
  'rooms.groupId',
  'rooms.sessionId',
  'rooms.status',
  'rooms.lastSeq',
  'rooms.openedAt',
  'rooms.endedAt',
  'groupSessions.startsAt',
  'groupSessions.endsAt',
  'groups.name as groupName',
  'groups.meetingMode',
  'groups.meetingLink',
  'groups.timeZone',
] as const;

function roomsWithSession(db: Db) {
  return db
    .selectFrom('rooms')
    .innerJoin('groupSessions', 'groupSessions.id', 'rooms.sessionId')
    .innerJoin('groups', 'groups.id', 'rooms.groupId')
    .select(ROOM_COLUMNS);
}

/** A room with its session and group, in a practice. */
export function findRoom(db: Db, practiceId: string, roomId: string) {
  return roomsWithSession(db)
    .where('rooms.id', '=', roomId)
    .where('rooms.practiceId', '=', practiceId)
    .executeTakeFirst();
}
export type RoomRow = NonNullable<Awaited<ReturnType<typeof findRoom>>>;

export function roomOfSession(db: Db, sessionId: string) {
  return roomsWithSession(db).where('rooms.sessionId', '=', sessionId).executeTakeFirst();
}

/** Rooms still open whose session ended before `before` (left open: the sweep ends them). */
export function staleRooms(db: Db, before: string) {
  return roomsWithSession(db).where('rooms.status', '=', 'open').where('groupSessions.endsAt', '<', before).execute();
}

/** Open rooms of some groups. */
export function openRoomsOf(db: Db, groupIds: readonly string[]) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return roomsWithSession(db).where('rooms.groupId', 'in', groupIds).where('rooms.status', '=', 'open').execute();
}

export async function insertRoom(trx: Db, row: Insertable<DB['rooms']>): Promise<void> {
  await trx.insertInto('rooms').values(row).execute();
}

/**
 * Locks the room's row until the transaction ends and answers its last seq and status: every
 * append goes through this, so one room's events are numbered in one order on every instance.
 */
export async function lockRoom(trx: Db, roomId: string) {
  return trx
    .updateTable('rooms')
    .set((eb) => ({ lastSeq: eb.ref('lastSeq') }))
    .where('id', '=', roomId)
    .returning(['lastSeq', 'status'])
    .executeTakeFirst();
}

export async function advanceRoom(trx: Db, roomId: string, lastSeq: number, ended: string | null): Promise<void> {
  await trx
    .updateTable('rooms')
    .set({ lastSeq, ...(ended && { status: 'ended', endedAt: ended }) })
    .where('id', '=', roomId)
    .execute();
}

export async function insertEvents(trx: Db, rows: Insertable<RoomEventsTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('roomEvents').values(rows).execute();
}

export function eventsAfter(db: Db, roomId: string, after: number) {
  return db
    .selectFrom('roomEvents')
    .select(['seq', 'body'])
    .where('roomId', '=', roomId)
    .where('seq', '>', after)
    .orderBy('seq')
    .execute();
}

export function findCommand(db: Db, roomId: string, actor: string, commandId: string) {
  return db
    .selectFrom('roomCommands')
    .select('seq')
    .where('roomId', '=', roomId)
    .where('actor', '=', actor)
    .where('commandId', '=', commandId)
    .executeTakeFirst();
}

export async function insertCommand(trx: Db, row: Insertable<DB['roomCommands']>): Promise<void> {
  await trx.insertInto('roomCommands').values(row).execute();
}

export async function saveCheckIn(trx: Db, row: Insertable<DB['roomCheckIns']>): Promise<void> {
  await trx
    .insertInto('roomCheckIns')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['sessionId', 'groupMemberId']).doUpdateSet({
        mood: row.mood,
        word: row.word,
        part: row.part ?? null,
        share: row.share,
        enteredBy: row.enteredBy ?? null,
        at: row.at,
      }),
    )
    .execute();
}

export async function insertChat(trx: Db, row: Insertable<DB['roomChat']>): Promise<void> {
  await trx.insertInto('roomChat').values(row).execute();
}

export async function hideChat(trx: Db, id: string, by: string, hidden: boolean | number): Promise<void> {
  await trx.updateTable('roomChat').set({ hidden, hiddenBy: by }).where('id', '=', id).execute();
}

export async function insertBackChannel(trx: Db, row: Insertable<DB['roomBackChannel']>): Promise<void> {
  await trx.insertInto('roomBackChannel').values(row).execute();
}

export function backChannelOf(db: Db, roomId: string) {
  return db
    .selectFrom('roomBackChannel')
    .leftJoin('users', 'users.id', 'roomBackChannel.authorId')
    .select([
      'roomBackChannel.id',
      'roomBackChannel.authorId',
      'users.name as authorName',
      'roomBackChannel.text',
      'roomBackChannel.at',
    ])
    .where('roomBackChannel.roomId', '=', roomId)
    .orderBy('roomBackChannel.at')
    .orderBy('roomBackChannel.id')
    .execute();
}

export async function insertBreakouts(trx: Db, rows: Insertable<DB['roomBreakouts']>[]): Promise<void> {
  if (rows.length) await trx.insertInto('roomBreakouts').values(rows).execute();
}

export async function updateBreakout(trx: Db, id: string, members: string): Promise<void> {
  await trx.updateTable('roomBreakouts').set({ members }).where('id', '=', id).execute();
}

export async function endBreakouts(trx: Db, roomId: string, at: string): Promise<void> {
  await trx
    .updateTable('roomBreakouts')
    .set({ endedAt: at })
    .where('roomId', '=', roomId)
    .where('endedAt', 'is', null)
    .execute();
}

export async function saveVoice(trx: Db, rows: Insertable<DB['roomVoice']>[]): Promise<void> {
  for (const row of rows)
    await trx
      .insertInto('roomVoice')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['sessionId', 'groupMemberId']).doUpdateSet({ seconds: row.seconds, turns: row.turns }),
      )
      .execute();
}

/** Share of voice saved for a group's sessions before this one (by start), newest first. */
export function earlierVoice(db: Db, groupId: string, beforeSessionId: string, startsAt: Date | string) {
  return db
    .selectFrom('roomVoice')
    .innerJoin('groupSessions', 'groupSessions.id', 'roomVoice.sessionId')
    .select([
      'roomVoice.sessionId',
      'roomVoice.groupMemberId',
      'roomVoice.seconds',
      'roomVoice.turns',
      'groupSessions.startsAt',
    ])
    .where('roomVoice.groupId', '=', groupId)
    .where('roomVoice.sessionId', '<>', beforeSessionId)
    .where('groupSessions.startsAt', '<', startsAt)
    .orderBy('groupSessions.startsAt', 'desc')
    .execute();
}

/** Members (of a group) and facilitators, by id, for names in a room. */
export function membersOf(db: Db, groupId: string) {
  return db
    .selectFrom('groupMembers')
    .select(['id', 'userId', 'displayName', 'status', 'erasedAt'])
    .where('groupId', '=', groupId)
    .execute();
}

export function facilitatorsOf(db: Db, groupId: string) {
  return db
    .selectFrom('groupFacilitators')
    .innerJoin('users', 'users.id', 'groupFacilitators.userId')
    .select(['users.id', 'users.name'])
    .where('groupFacilitators.groupId', '=', groupId)
    .execute();
}

/** Of these memberships, those whose person is no longer in the group or whose account is disabled. */
export async function noLongerIn(db: Db, practiceId: string, memberIds: readonly string[]): Promise<string[]> {
  if (memberIds.length === 0) return [];
  const rows = await db
    .selectFrom('groupMembers')
    .leftJoin('practiceMembers', (join) =>
      join
        .onRef('practiceMembers.userId', '=', 'groupMembers.userId')
        .on('practiceMembers.practiceId', '=', practiceId),
    )
    .select([
      'groupMembers.id',
      'groupMembers.status',
      'groupMembers.erasedAt',
      'practiceMembers.disabledAt',
      'practiceMembers.id as practiceMemberId',
    ])
    .where('groupMembers.id', 'in', memberIds)
    .execute();
  const found = new Set(rows.map((r) => r.id));
  return [
    ...memberIds.filter((id) => !found.has(id)),
    ...rows
      .filter((r) => ['removed', 'left'].includes(r.status) || r.erasedAt || r.disabledAt || !r.practiceMemberId)
      .map((r) => r.id),
  ];
}

export function checkInsOf(db: Db, sessionId: string) {
  return db.selectFrom('roomCheckIns').selectAll().where('sessionId', '=', sessionId).execute();
}

export function chatOf(db: Db, roomId: string) {
  return db.selectFrom('roomChat').selectAll().where('roomId', '=', roomId).orderBy('at').orderBy('id').execute();
}

/** The check-out form of a member for a session, if made. */
export function checkOutForm(db: Db, memberId: string, sessionId: string) {
  return db
    .selectFrom('measureForms')
    .select(['id', 'status', 'total', 'band', 'groupMemberId'])
    .where('groupMemberId', '=', memberId)
    .where('instrumentId', '=', 'hearth-checkout')
    .where('occasion', '=', `session:${sessionId}`)
    .executeTakeFirst();
}

export function checkOutFormsOf(db: Db, sessionId: string) {
  return db
    .selectFrom('measureForms')
    .select(['id', 'status', 'total', 'band', 'groupMemberId'])
    .where('instrumentId', '=', 'hearth-checkout')
    .where('occasion', '=', `session:${sessionId}`)
    .execute();
}

export async function insertCheckOutForm(trx: Db, row: Insertable<DB['measureForms']>): Promise<void> {
  await trx
    .insertInto('measureForms')
    .values(row)
    .onConflict((oc) => oc.columns(['groupMemberId', 'instrumentId', 'occasion']).doNothing())
    .execute();
}
