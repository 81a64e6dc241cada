import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, GroupNotesTable, NoteAddendaTable, ProgressNotesTable } from '../../db/schema.js';

type Db = Kysely<DB>;

/** A signature as stored on a note or an addendum. */
export interface Signature {
  signedBy: string;
  signedName: string;
  signedCredential: string;
  signedAt: string;
  contentHash: string;
}

// ---- Practice settings and signers ----

export function findNoteSettings(db: Db, practiceId: string) {
  return db.selectFrom('practiceNoteSettings').selectAll().where('practiceId', '=', practiceId).executeTakeFirst();
}

export async function saveNoteSettings(
  trx: Db,
  row: { practiceId: string; template: string; signWithinDays: number; updatedBy: string; updatedAt: string },
): Promise<void> {
  const { template, signWithinDays, updatedBy, updatedAt } = row;
  await trx
    .insertInto('practiceNoteSettings')
    .values(row)
    .onConflict((oc) => oc.column('practiceId').doUpdateSet({ template, signWithinDays, updatedBy, updatedAt }))
    .execute();
}

/** The practice's active staff who sign notes, with their credential and supervisor when set. */
export function listSigners(db: Db, practiceId: string) {
  return db
    .selectFrom('practiceMembers')
    .innerJoin('users', 'users.id', 'practiceMembers.userId')
    .leftJoin('noteSigners', (join) =>
      join
        .onRef('noteSigners.userId', '=', 'practiceMembers.userId')
        .onRef('noteSigners.practiceId', '=', 'practiceMembers.practiceId'),
    )
    .select([
      'users.id as userId',
      'users.name',
      'practiceMembers.role',
      'noteSigners.credential',
      'noteSigners.supervisorId',
    ])
    .where('practiceMembers.practiceId', '=', practiceId)
    .where('practiceMembers.role', '!=', 'member')
    .where('practiceMembers.disabledAt', 'is', null)
    .orderBy('users.name')
    .execute();
}

export function findSigner(db: Db, practiceId: string, userId: string) {
  return db
    .selectFrom('noteSigners')
    .selectAll()
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId)
    .executeTakeFirst();
}

export async function saveSigner(
  trx: Db,
  row: {
    practiceId: string;
    userId: string;
    credential: string;
    supervisorId: string | null;
    updatedBy: string;
    updatedAt: string;
  },
): Promise<void> {
  const { credential, supervisorId, updatedBy, updatedAt } = row;
  await trx
    .insertInto('noteSigners')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['practiceId', 'userId']).doUpdateSet({ credential, supervisorId, updatedBy, updatedAt }),
    )
    .execute();
}

// ---- Clinical records ----

export function findClinicalRecord(db: Db, practiceId: string, userId: string) {
  return db
    .selectFrom('clinicalRecords')
    .selectAll()
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId)
    .executeTakeFirst();
}

export async function insertClinicalRecord(trx: Db, row: Insertable<DB['clinicalRecords']>): Promise<void> {
  await trx.insertInto('clinicalRecords').values(row).execute();
}

export async function updateClinicalRecord(
  trx: Db,
  id: string,
  row: { details: string; updatedBy: string; updatedAt: string },
): Promise<void> {
  await trx.updateTable('clinicalRecords').set(row).where('id', '=', id).execute();
}

/** The groups (and their facilitators) a person has a membership in, any status: whose clinicians read their record. */
export function groupsOfPerson(db: Db, practiceId: string, userId: string) {
  return db
    .selectFrom('groupMembers')
    .leftJoin('groupFacilitators', 'groupFacilitators.groupId', 'groupMembers.groupId')
    .select(['groupMembers.groupId', 'groupFacilitators.userId as facilitatorId'])
    .where('groupMembers.practiceId', '=', practiceId)
    .where('groupMembers.userId', '=', userId)
    .execute();
}

// ---- Group notes ----

export function findGroupNote(db: Db, sessionId: string) {
  return db.selectFrom('groupNotes').selectAll().where('sessionId', '=', sessionId).executeTakeFirst();
}

export async function insertGroupNote(trx: Db, row: Insertable<GroupNotesTable>): Promise<void> {
  await trx.insertInto('groupNotes').values(row).execute();
}

/** Changes a draft's content; 0 when the note is signed (a signed note never changes). */
export async function updateGroupNoteDraft(trx: Db, id: string, content: string, at: string): Promise<number> {
  const result = await trx
    .updateTable('groupNotes')
    .set({ content, updatedAt: at })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function signGroupNote(trx: Db, id: string, signature: Signature): Promise<number> {
  const result = await trx
    .updateTable('groupNotes')
    .set({ ...signature, status: 'signed', updatedAt: signature.signedAt })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The last signed group note of a group before a session: pre-fill gathers what came since. */
export function previousSignedNote(db: Db, groupId: string, before: string) {
  return db
    .selectFrom('groupNotes')
    .innerJoin('groupSessions', 'groupSessions.id', 'groupNotes.sessionId')
    .select(['groupNotes.sessionId', 'groupSessions.endsAt'])
    .where('groupNotes.groupId', '=', groupId)
    .where('groupNotes.status', '=', 'signed')
    .where('groupSessions.startsAt', '<', before)
    .orderBy('groupSessions.startsAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// ---- Progress notes ----

export function progressNotesOfSession(db: Db, sessionId: string) {
  return db.selectFrom('progressNotes').selectAll().where('sessionId', '=', sessionId).execute();
}

export function findProgressNote(db: Db, practiceId: string, noteId: string) {
  return db
    .selectFrom('progressNotes')
    .selectAll()
    .where('practiceId', '=', practiceId)
    .where('id', '=', noteId)
    .executeTakeFirst();
}

export async function insertProgressNote(trx: Db, row: Insertable<ProgressNotesTable>): Promise<void> {
  await trx.insertInto('progressNotes').values(row).execute();
}

/** Removes the drafts of members no longer marked as attending: absent members get no note. */
export async function deleteDrafts(trx: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx.deleteFrom('progressNotes').where('id', 'in', ids).where('status', '=', 'draft').execute();
}

export async function updateProgressNoteDraft(
  trx: Db,
  id: string,
  row: { content: string; attendance?: string; updatedAt: string },
): Promise<number> {
  const result = await trx
    .updateTable('progressNotes')
    .set(row)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function signProgressNote(
  trx: Db,
  id: string,
  row: Signature & { groupPart: string; cosignerId: string | null },
): Promise<number> {
  const result = await trx
    .updateTable('progressNotes')
    .set({ ...row, status: 'signed', updatedAt: row.signedAt })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function cosignProgressNote(
  trx: Db,
  id: string,
  row: Pick<Updateable<ProgressNotesTable>, 'cosignedBy' | 'cosignedName' | 'cosignedCredential'> & {
    cosignedAt: string;
    cosignHash: string;
  },
): Promise<number> {
  const result = await trx
    .updateTable('progressNotes')
    .set(row)
    .where('id', '=', id)
    .where('status', '=', 'signed')
    .where('cosignedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function releaseProgressNote(trx: Db, id: string, by: string, at: string): Promise<number> {
  const result = await trx
    .updateTable('progressNotes')
    .set({ releasedAt: at, releasedBy: by })
    .where('id', '=', id)
    .where('status', '=', 'signed')
    .where('releasedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- Addenda ----

export async function insertAddendum(trx: Db, row: Insertable<NoteAddendaTable>): Promise<void> {
  await trx.insertInto('noteAddenda').values(row).execute();
}

export function addendaOf(db: Db, noteIds: readonly string[]) {
  if (noteIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('noteAddenda').selectAll().where('noteId', 'in', noteIds).orderBy('signedAt').execute();
}

// ---- To-do ----

/**
 * Sessions of these groups that ended before `now`, were not cancelled, and have no signed group
 * note: recorded attendance, or ended since `since`, makes them count (older unmarked sessions
 * were before notes were kept).
 */
export function sessionsAwaitingNotes(db: Db, groupIds: readonly string[], since: string, now: string) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('groupSessions')
    .innerJoin('groups', 'groups.id', 'groupSessions.groupId')
    .leftJoin('groupNotes', 'groupNotes.sessionId', 'groupSessions.id')
    .select([
      'groupSessions.id as sessionId',
      'groupSessions.groupId',
      'groups.name as groupName',
      'groups.timeZone',
      'groupSessions.startsAt',
      'groupSessions.endsAt',
      'groupNotes.status as noteStatus',
    ])
    .where('groupSessions.groupId', 'in', groupIds)
    .where('groupSessions.status', '=', 'scheduled')
    .where('groupSessions.endsAt', '<=', now)
    .where((eb) => eb.or([eb('groupNotes.status', 'is', null), eb('groupNotes.status', '!=', 'signed')]))
    .where((eb) =>
      eb.or([
        eb('groupSessions.endsAt', '>=', since),
        eb.exists(
          eb
            .selectFrom('sessionAttendance')
            .select('sessionAttendance.sessionId')
            .whereRef('sessionAttendance.sessionId', '=', 'groupSessions.id'),
        ),
      ]),
    )
    .orderBy('groupSessions.endsAt')
    .execute();
}

/** Signed notes waiting for this supervisor's co-signature, oldest first, without their content. */
export function cosignQueue(db: Db, practiceId: string, supervisorId: string) {
  return db
    .selectFrom('progressNotes')
    .innerJoin('groups', 'groups.id', 'progressNotes.groupId')
    .innerJoin('groupSessions', 'groupSessions.id', 'progressNotes.sessionId')
    .innerJoin('groupMembers', 'groupMembers.id', 'progressNotes.groupMemberId')
    .select([
      'progressNotes.id as noteId',
      'progressNotes.groupId',
      'progressNotes.sessionId',
      'progressNotes.signedName',
      'progressNotes.signedAt',
      'groups.name as groupName',
      'groups.timeZone',
      'groupSessions.startsAt',
      'groupMembers.name as memberName',
      'groupMembers.userId as memberUserId',
    ])
    .where('progressNotes.practiceId', '=', practiceId)
    .where('progressNotes.cosignerId', '=', supervisorId)
    .where('progressNotes.status', '=', 'signed')
    .where('progressNotes.cosignedAt', 'is', null)
    .orderBy('progressNotes.signedAt')
    .execute();
}

/** Signed progress notes released to this person, with their sessions. */
export function releasedNotesOf(db: Db, userId: string) {
  return db
    .selectFrom('progressNotes')
    .innerJoin('groups', 'groups.id', 'progressNotes.groupId')
    .innerJoin('groupSessions', 'groupSessions.id', 'progressNotes.sessionId')
    .innerJoin('practices', 'practices.id', 'progressNotes.practiceId')
    .select([
      'progressNotes.id',
      'progressNotes.template',
      'progressNotes.attendance',
      'progressNotes.content',
      'progressNotes.groupPart',
      'progressNotes.signedName',
      'progressNotes.signedCredential',
      'progressNotes.signedAt',
      'progressNotes.cosignedName',
      'progressNotes.cosignedCredential',
      'progressNotes.cosignedAt',
      'progressNotes.releasedAt',
      'groups.name as groupName',
      'groups.timeZone',
      'groupSessions.startsAt',
      'practices.name as practiceName',
    ])
    .where('progressNotes.userId', '=', userId)
    .where('progressNotes.status', '=', 'signed')
    .where('progressNotes.releasedAt', 'is not', null)
    .orderBy('groupSessions.startsAt')
    .execute();
}
