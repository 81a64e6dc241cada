import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { ATTENDED, type AttendanceStatus } from '../../../domain/attendance.js';
import {
  canonical,
  COMMON_DIAGNOSES,
  emptyMemberNote,
  EMPTY_GROUP_NOTE,
  groupNoteWritten,
  isNoteTemplate,
  memberPartWritten,
  NOTE_SETTINGS_DEFAULTS,
  NOTE_TEMPLATES,
  noteAge,
  type ClinicalRecordDetails,
  type GroupNoteContent,
  type MemberNoteContent,
  type NoteTemplate,
} from '../../../domain/notes.js';
import { ADMIN_ROLES } from '../../../domain/roles.js';
import { toInstant } from '../../db/instant.js';
import type { DB } from '../../db/schema.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import { HttpProblem } from '../../platform/problem.js';
import { sessionMarks, memberNames } from '../attendance/attendance.repository.js';
import { canReadClinical } from '../groups/groups.policy.js';
import { facilitatorsOf } from '../groups/groups.repository.js';
import { groupFor, groupsFor } from '../groups/groups.service.js';
import type { Group } from '../groups/groups.schema.js';
import { roomOfSession } from '../room/room.repository.js';
import { summarizeRoom, type RoomReader } from '../room/room.service.js';
import { expectedAt, historiesOf, sessionFor, type ScheduleContext } from '../schedule/schedule.service.js';
import {
  addendaOf,
  cosignProgressNote,
  cosignQueue,
  deleteDrafts,
  findClinicalRecord,
  findGroupNote,
  findNoteSettings,
  findProgressNote,
  findSigner,
  groupsOfPerson,
  insertAddendum,
  insertClinicalRecord,
  insertGroupNote,
  insertProgressNote,
  listSigners,
  previousSignedNote,
  progressNotesOfSession,
  releasedNotesOf,
  releaseProgressNote,
  saveNoteSettings,
  saveSigner,
  sessionsAwaitingNotes,
  signGroupNote,
  signProgressNote,
  updateClinicalRecord,
  updateGroupNoteDraft,
  updateProgressNoteDraft,
} from './notes.repository.js';
import type { ClinicalRecordBody, SessionNotes } from './notes.schema.js';

export type NotesContext = ScheduleContext & { cipher: ClinicalCipher } & RoomReader;
type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;
type Db = Kysely<DB>;
type Prefill = SessionNotes['prefill'];
type Session = Awaited<ReturnType<typeof sessionFor>>;

/** Sessions unmarked and older than this do not ask for notes: they were before notes were kept. */
const UNMARKED_LOOKBACK_DAYS = 14;

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

// ---- Who reads and writes ----

function facilitates(viewer: Viewer, group: Group): boolean {
  return group.facilitators.some((f) => f.userId === viewer.userId);
}

/**
 * A session whose notes the viewer reads (its group's facilitators and the practice's supervisors;
 * decision 0019: an owner or admin who does not facilitate it reads none: 403) or, with `write`,
 * writes and signs (its facilitators only).
 */
async function notesSessionFor(
  context: NotesContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  mode: 'read' | 'write',
): Promise<{ session: Session; group: Group }> {
  const session = await sessionFor(context, viewer, groupId, sessionId);
  const group = await groupFor(context, viewer, groupId);
  if (
    !canReadClinical(
      viewer,
      group.facilitators.map((f) => f.userId),
    )
  )
    throw new HttpProblem(403, 'problem.group.clinicalOnly');
  if (mode === 'write' && !facilitates(viewer, group)) throw new HttpProblem(403, 'problem.notes.facilitatorsOnly');
  return { session, group };
}

/** A progress note the viewer may read, with its group: 404 as for one that does not exist. */
async function readableNote(context: NotesContext, viewer: Viewer, noteId: string) {
  const note = await findProgressNote(context.database.db, viewer.practiceId, noteId);
  if (!note) throw new HttpProblem(404, 'problem.notes.notFound');
  let group: Group;
  try {
    group = await groupFor(context, viewer, note.groupId);
  } catch {
    throw new HttpProblem(404, 'problem.notes.notFound');
  }
  if (
    !canReadClinical(
      viewer,
      group.facilitators.map((f) => f.userId),
    )
  )
    throw new HttpProblem(403, 'problem.group.clinicalOnly');
  return { note, group };
}

// ---- Settings and signers ----

export async function noteSettings(db: Db, practiceId: string) {
  const row = await findNoteSettings(db, practiceId);
  const template = row && isNoteTemplate(row.template) ? row.template : NOTE_SETTINGS_DEFAULTS.template;
  return { template, signWithinDays: row?.signWithinDays ?? NOTE_SETTINGS_DEFAULTS.signWithinDays };
}

export async function changeNoteSettings(
  context: NotesContext,
  viewer: Viewer,
  input: { template: NoteTemplate; signWithinDays: number },
  origin: Origin,
) {
  await context.database.db.transaction().execute(async (trx) => {
    await saveNoteSettings(trx, {
      practiceId: viewer.practiceId,
      ...input,
      updatedBy: viewer.userId,
      updatedAt: new Date().toISOString(),
    });
    await context.audit.record(trx, {
      action: 'notes.settings_changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'practice', id: viewer.practiceId },
      detail: { template: input.template, signWithinDays: input.signWithinDays },
    });
  });
  return noteSettings(context.database.db, viewer.practiceId);
}

export async function signers(context: NotesContext, viewer: Viewer) {
  const rows = await listSigners(context.database.db, viewer.practiceId);
  return {
    signers: rows.map((r) => ({
      userId: r.userId,
      name: r.name,
      role: r.role,
      credential: r.credential ?? '',
      supervisorId: r.supervisorId ?? null,
    })),
  };
}

/**
 * Sets how someone signs: their credential, and the supervisor whose co-signature their notes
 * need (null: none). The supervisor must be one of the practice's supervisors, and not themselves.
 */
export async function changeSigner(
  context: NotesContext,
  viewer: Viewer,
  userId: string,
  input: { credential: string; supervisorId: string | null },
  origin: Origin,
) {
  const staff = await listSigners(context.database.db, viewer.practiceId);
  if (!staff.some((s) => s.userId === userId)) throw new HttpProblem(404, 'problem.notes.signerNotFound');
  if (input.supervisorId === userId)
    throw new HttpProblem(400, 'problem.notes.ownSupervisor', { field: 'body.supervisorId' });
  if (input.supervisorId && !staff.some((s) => s.userId === input.supervisorId && s.role === 'supervisor'))
    throw new HttpProblem(400, 'problem.notes.supervisorRole', { field: 'body.supervisorId' });
  await context.database.db.transaction().execute(async (trx) => {
    await saveSigner(trx, {
      practiceId: viewer.practiceId,
      userId,
      ...input,
      updatedBy: viewer.userId,
      updatedAt: new Date().toISOString(),
    });
    await context.audit.record(trx, {
      action: 'notes.signer_changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'user', id: userId },
      detail: { cosignature: input.supervisorId !== null },
    });
  });
  return signers(context, viewer);
}

// ---- Pre-fill ----

interface PrefillSource {
  session: Session;
  groupId: string;
  names: Map<string, { name: string; userId: string | null }>;
  /** The end of the last signed session before this one, or null: gather everything before. */
  since: string | null;
}

/**
 * Everything Hearth already knows about a session that a note starts from, one source a line:
 * confirmed attendance, measures answered since the last signed note, alerts raised since then,
 * and what the session's live room recorded (check-ins, check-outs, share of voice) when it had one.
 */
export async function gatherNotePrefill(
  context: RoomReader,
  db: Db,
  session: Session,
  groupId: string,
): Promise<Prefill> {
  const rows = await memberNames(db, groupId);
  const names = new Map(rows.map((r) => [r.id, { name: r.displayName ?? r.name, userId: r.userId }]));
  const previous = await previousSignedNote(db, groupId, toInstant(session.startsAt));
  const source: PrefillSource = { session, groupId, names, since: previous ? toInstant(previous.endsAt) : null };
  const [attendance, measures, alerts, room] = await Promise.all([
    attendancePrefill(db, source),
    measuresPrefill(db, source),
    alertsPrefill(db, source),
    roomPrefill(context, db, source),
  ]);
  return { attendance, measures, alerts, room, since: source.since };
}

/** The session's room as its summary tells it (the same summary facilitators read), or null. */
async function roomPrefill(context: RoomReader, db: Db, source: PrefillSource): Promise<Prefill['room']> {
  const row = await roomOfSession(db, source.session.id);
  if (!row) return null;
  const summary = await summarizeRoom(context, db, row);
  const name = (memberId: string, displayName: string) => source.names.get(memberId)?.name ?? displayName;
  return {
    checkIns: summary.checkIns.map((c) => ({
      memberId: c.memberId,
      name: name(c.memberId, c.displayName),
      mood: c.mood,
      word: c.word,
      part: c.part,
      share: c.share,
    })),
    checkOuts: summary.checkOuts.map((c) => ({
      memberId: c.memberId,
      name: name(c.memberId, c.displayName),
      status: c.status,
      total: c.total,
      band: c.band,
    })),
    voice: summary.voice.map((v) => ({
      memberId: v.memberId,
      name: name(v.memberId, v.displayName),
      seconds: v.seconds,
      turns: v.turns,
      quiet: v.quiet,
    })),
  };
}

async function attendancePrefill(db: Db, source: PrefillSource): Promise<Prefill['attendance']> {
  const marks = await sessionMarks(db, source.session.id);
  return marks.map((m) => ({
    memberId: m.groupMemberId,
    name: source.names.get(m.groupMemberId)?.name ?? '',
    status: m.status,
  }));
}

async function measuresPrefill(db: Db, source: PrefillSource): Promise<Prefill['measures']> {
  const rows = await db
    .selectFrom('measureForms')
    .select(['groupMemberId', 'instrumentId', 'total', 'band', 'safetyFlag', 'submittedAt'])
    .where('groupId', '=', source.groupId)
    .where('status', '=', 'submitted')
    .where('submittedAt', '<=', toInstant(source.session.endsAt))
    .$if(source.since !== null, (q) => q.where('submittedAt', '>', source.since!))
    .orderBy('submittedAt')
    .execute();
  return rows.map((r) => ({
    memberId: r.groupMemberId,
    name: source.names.get(r.groupMemberId)?.name ?? '',
    instrument: r.instrumentId,
    total: r.total,
    band: r.band,
    safetyFlag: Boolean(r.safetyFlag),
    submittedAt: toInstant(r.submittedAt!),
  }));
}

async function alertsPrefill(db: Db, source: PrefillSource): Promise<Prefill['alerts']> {
  const rows = await db
    .selectFrom('alerts')
    .select(['groupMemberId', 'kind', 'urgency', 'createdAt', 'resolvedAt'])
    .where('groupId', '=', source.groupId)
    .where('createdAt', '<=', toInstant(source.session.endsAt))
    .$if(source.since !== null, (q) => q.where('createdAt', '>', source.since!))
    .orderBy('createdAt')
    .execute();
  return rows.map((r) => ({
    memberId: r.groupMemberId,
    name: r.groupMemberId ? (source.names.get(r.groupMemberId)?.name ?? null) : null,
    kind: r.kind,
    urgency: r.urgency,
    createdAt: toInstant(r.createdAt),
    resolved: r.resolvedAt !== null,
  }));
}

/** A signed note's pre-fill as kept; notes signed before the room joined the pre-fill kept none of it. */
function storedPrefill(json: string): Prefill {
  const stored = JSON.parse(json) as Partial<Prefill> & Omit<Prefill, 'room'>;
  return { ...stored, room: stored.room ?? null };
}

// ---- Reading a session's notes ----

function signedOf(row: {
  signedName: string | null;
  signedCredential: string | null;
  signedAt: Date | string | null;
  contentHash: string | null;
}) {
  return row.signedAt
    ? {
        name: row.signedName ?? '',
        credential: row.signedCredential ?? '',
        at: toInstant(row.signedAt),
        hash: row.contentHash ?? '',
      }
    : null;
}

type ProgressRow = Awaited<ReturnType<typeof progressNotesOfSession>>[number];

function openProgressNote(context: NotesContext, row: ProgressRow) {
  const content = JSON.parse(
    context.cipher.decrypt(row.content, sealedIn('progressNotes.content', row.id)),
  ) as MemberNoteContent;
  const groupPart = row.groupPart
    ? (JSON.parse(
        context.cipher.decrypt(row.groupPart, sealedIn('progressNotes.groupPart', row.id)),
      ) as GroupNoteContent)
    : null;
  return { content, groupPart };
}

async function presentProgressNotes(
  context: NotesContext,
  rows: ProgressRow[],
  names: Map<string, { name: string; displayName: string | null }>,
) {
  const addenda = await addendaOf(
    context.database.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const { content, groupPart } = openProgressNote(context, row);
    return {
      id: row.id,
      memberId: row.groupMemberId,
      userId: row.userId,
      name: names.get(row.groupMemberId)?.name ?? '',
      displayName: names.get(row.groupMemberId)?.displayName ?? null,
      attendance: row.attendance as 'present' | 'late' | 'left-early',
      template: row.template as NoteTemplate,
      status: row.status as 'draft' | 'signed',
      authorId: row.authorId,
      content,
      groupPart,
      signed: signedOf(row),
      cosignerId: row.cosignerId,
      cosigned: row.cosignedAt
        ? {
            name: row.cosignedName ?? '',
            credential: row.cosignedCredential ?? '',
            at: toInstant(row.cosignedAt),
            hash: row.cosignHash ?? '',
          }
        : null,
      releasedAt: row.releasedAt ? toInstant(row.releasedAt) : null,
      addenda: addenda
        .filter((a) => a.noteId === row.id)
        .map((a) => ({
          id: a.id,
          text: context.cipher.decrypt(a.text, sealedIn('noteAddenda.text', a.id)),
          signed: signedOf(a)!,
        })),
      updatedAt: toInstant(row.updatedAt),
    };
  });
}

/**
 * A session's notes for its clinicians: the group note, each attending member's progress note, who
 * was absent or is still unmarked, and the pre-fill. Every read is audited, naming whose notes it showed.
 */
export async function sessionNotes(
  context: NotesContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  origin: Origin,
): Promise<SessionNotes> {
  const db = context.database.db;
  const { session, group } = await notesSessionFor(context, viewer, groupId, sessionId, 'read');
  const [groupNote, rows, marks, members, settings, history] = await Promise.all([
    findGroupNote(db, sessionId),
    progressNotesOfSession(db, sessionId),
    sessionMarks(db, sessionId),
    memberNames(db, groupId),
    noteSettings(db, viewer.practiceId),
    historiesOf(db, [groupId]),
  ]);
  const names = new Map(members.map((m) => [m.id, { name: m.name, displayName: m.displayName, userId: m.userId }]));
  const label = (id: string) => names.get(id)?.displayName ?? names.get(id)?.name ?? '';
  const prefill =
    groupNote?.status === 'signed'
      ? storedPrefill(context.cipher.decrypt(groupNote.prefill, sealedIn('groupNotes.prefill', groupNote.id)))
      : await gatherNotePrefill(context, db, session, groupId);
  const notes = (await presentProgressNotes(context, rows, names)).sort((a, b) =>
    (a.displayName ?? a.name).localeCompare(b.displayName ?? b.name),
  );
  const marked = new Set(marks.map((m) => m.groupMemberId));
  // Audited even before the notes are started: the pre-fill alone shows measures, alerts and check-ins.
  const shown = new Set([
    ...rows.map((r) => r.groupMemberId),
    ...prefill.attendance.map((a) => a.memberId),
    ...prefill.measures.map((m) => m.memberId),
    ...prefill.alerts.flatMap((a) => (a.memberId ? [a.memberId] : [])),
    ...(prefill.room
      ? [...prefill.room.checkIns, ...prefill.room.checkOuts, ...prefill.room.voice].map((r) => r.memberId)
      : []),
  ]);
  await context.audit.record(db, {
    action: 'notes.viewed',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'session', id: sessionId },
    detail: { groupId, notes: rows.length },
    people: [...shown].flatMap((id) => {
      const userId = names.get(id)?.userId;
      return userId ? [userId] : [];
    }),
  });
  return {
    session: {
      id: session.id,
      groupId,
      groupName: session.groupName,
      timeZone: session.timeZone,
      startsAt: toInstant(session.startsAt),
      endsAt: toInstant(session.endsAt),
      status: session.status as 'scheduled' | 'cancelled',
    },
    template: settings.template,
    canWrite: facilitates(viewer, group),
    absent: marks
      .filter((m) => !ATTENDED.includes(m.status as AttendanceStatus))
      .map((m) => ({ memberId: m.groupMemberId, name: label(m.groupMemberId), status: m.status }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    unmarked: expectedAt(history, session)
      .filter((id) => !marked.has(id))
      .map((id) => ({ memberId: id, name: label(id) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    groupNote: groupNote
      ? {
          id: groupNote.id,
          status: groupNote.status as 'draft' | 'signed',
          authorId: groupNote.authorId,
          content: JSON.parse(
            context.cipher.decrypt(groupNote.content, sealedIn('groupNotes.content', groupNote.id)),
          ) as GroupNoteContent,
          signed: signedOf(groupNote),
          updatedAt: toInstant(groupNote.updatedAt),
        }
      : null,
    notes,
    prefill,
  };
}

// ---- Writing ----

/**
 * Fans the session out: the group note, and a progress note for each member marked present, late or
 * left early, in the practice's template. A draft whose member is now marked absent is removed
 * (absent members get no note); a draft's attendance follows the sheet. Signed notes never change.
 */
async function fanOut(
  context: NotesContext,
  trx: Db,
  viewer: Viewer,
  session: Session,
  groupId: string,
): Promise<{ created: number }> {
  const now = new Date().toISOString();
  const [marks, rows, existing, settings, members] = await Promise.all([
    sessionMarks(trx, session.id),
    progressNotesOfSession(trx, session.id),
    findGroupNote(trx, session.id),
    noteSettings(trx, viewer.practiceId),
    memberNames(trx, groupId),
  ]);
  if (!existing) {
    const id = crypto.randomUUID();
    const prefill = await gatherNotePrefill(context, trx, session, groupId);
    await insertGroupNote(trx, {
      id,
      practiceId: viewer.practiceId,
      groupId,
      sessionId: session.id,
      content: context.cipher.encrypt(JSON.stringify(EMPTY_GROUP_NOTE), sealedIn('groupNotes.content', id)),
      prefill: context.cipher.encrypt(JSON.stringify(prefill), sealedIn('groupNotes.prefill', id)),
      status: 'draft',
      authorId: viewer.userId,
      createdAt: now,
      updatedAt: now,
    });
  }
  const author = existing?.authorId ?? viewer.userId;
  const attending = new Map(
    marks.filter((m) => ATTENDED.includes(m.status as AttendanceStatus)).map((m) => [m.groupMemberId, m.status]),
  );
  await deleteDrafts(
    trx,
    rows.filter((r) => r.status === 'draft' && !attending.has(r.groupMemberId)).map((r) => r.id),
  );
  let created = 0;
  for (const [memberId, status] of attending) {
    const row = rows.find((r) => r.groupMemberId === memberId);
    if (row) {
      if (row.status === 'draft' && row.attendance !== status)
        await updateProgressNoteDraft(trx, row.id, { content: row.content, attendance: status, updatedAt: now });
      continue;
    }
    const id = crypto.randomUUID();
    await insertProgressNote(trx, {
      id,
      practiceId: viewer.practiceId,
      groupId,
      sessionId: session.id,
      groupMemberId: memberId,
      userId: members.find((m) => m.id === memberId)?.userId ?? null,
      attendance: status,
      template: settings.template,
      content: context.cipher.encrypt(
        JSON.stringify(emptyMemberNote(settings.template)),
        sealedIn('progressNotes.content', id),
      ),
      groupPart: null,
      status: 'draft',
      authorId: author,
      createdAt: now,
      updatedAt: now,
    });
    created += 1;
  }
  return { created };
}

/** Starts (or brings up to date with the attendance sheet) a session's notes; the viewer becomes their author. */
export async function startNotes(
  context: NotesContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  origin: Origin,
): Promise<SessionNotes> {
  const { session } = await notesSessionFor(context, viewer, groupId, sessionId, 'write');
  if (session.status === 'cancelled') throw new HttpProblem(409, 'problem.attendance.cancelled');
  if (Date.parse(toInstant(session.startsAt)) > Date.now()) throw new HttpProblem(409, 'problem.notes.notYet');
  await context.database.db.transaction().execute(async (trx) => {
    const { created } = await fanOut(context, trx, viewer, session, groupId);
    await context.audit.record(trx, {
      action: 'notes.started',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'session', id: sessionId },
      detail: { groupId, created },
    });
  });
  return sessionNotes(context, viewer, groupId, sessionId, origin);
}

/** A draft's author writes and signs it; anyone else is told whose it is. */
async function mustBeAuthor(db: Db, viewer: Viewer, authorId: string | null): Promise<void> {
  if (authorId === viewer.userId) return;
  const author = authorId
    ? await db.selectFrom('users').select('name').where('id', '=', authorId).executeTakeFirst()
    : undefined;
  throw new HttpProblem(403, 'problem.notes.notYourDraft', { values: { author: author?.name ?? '' } });
}

/** Saves the group note's draft (autosave). A signed note is locked: 409, nothing changed. */
export async function saveGroupNote(
  context: NotesContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  content: GroupNoteContent,
  origin: Origin,
): Promise<{ updatedAt: string }> {
  await notesSessionFor(context, viewer, groupId, sessionId, 'write');
  const db = context.database.db;
  const note = await findGroupNote(db, sessionId);
  if (!note) throw new HttpProblem(409, 'problem.notes.notStarted');
  if (note.status === 'signed') throw new HttpProblem(409, 'problem.notes.signed');
  await mustBeAuthor(db, viewer, note.authorId);
  const updatedAt = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const changed = await updateGroupNoteDraft(
      trx,
      note.id,
      context.cipher.encrypt(JSON.stringify(content), sealedIn('groupNotes.content', note.id)),
      updatedAt,
    );
    if (changed === 0) throw new HttpProblem(409, 'problem.notes.signed');
    await context.audit.record(trx, {
      action: 'notes.draft_saved',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group_note', id: note.id },
      detail: { groupId, sessionId },
    });
  });
  return { updatedAt };
}

/** Saves a member's own part (autosave). Sections must be the note's template's. */
export async function saveMemberNote(
  context: NotesContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  memberId: string,
  content: MemberNoteContent,
  origin: Origin,
): Promise<{ updatedAt: string }> {
  await notesSessionFor(context, viewer, groupId, sessionId, 'write');
  const db = context.database.db;
  const note = (await progressNotesOfSession(db, sessionId)).find((n) => n.groupMemberId === memberId);
  if (!note) throw new HttpProblem(404, 'problem.notes.noNoteForMember');
  if (note.status === 'signed') throw new HttpProblem(409, 'problem.notes.signed');
  await mustBeAuthor(db, viewer, note.authorId);
  const allowed: readonly string[] = NOTE_TEMPLATES[note.template as NoteTemplate];
  const stray = Object.keys(content.sections).filter((s) => !allowed.includes(s));
  if (stray.length > 0)
    throw new HttpProblem(400, 'problem.notes.sectionNotInTemplate', {
      fields: stray.map((s) => ({
        field: `body.content.sections.${s}`,
        key: 'problem.notes.sectionNotInTemplate' as const,
        values: { template: note.template },
      })),
      values: { template: note.template },
    });
  const updatedAt = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const changed = await updateProgressNoteDraft(trx, note.id, {
      content: context.cipher.encrypt(JSON.stringify(content), sealedIn('progressNotes.content', note.id)),
      updatedAt,
    });
    if (changed === 0) throw new HttpProblem(409, 'problem.notes.signed');
    await context.audit.record(trx, {
      action: 'notes.draft_saved',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'progress_note', id: note.id },
      detail: { groupId, sessionId },
      people: note.userId ? [note.userId] : [],
    });
  });
  return { updatedAt };
}

/** How the viewer signs: their name and the credential the practice recorded for them. */
async function signerOf(db: Db, viewer: Viewer) {
  const row = await findSigner(db, viewer.practiceId, viewer.userId);
  return { name: viewer.name, credential: row?.credential ?? '', supervisorId: row?.supervisorId ?? null };
}

/** The hash a progress note's signature covers: both parts, attendance, template, signer and time. */
export function progressNoteHash(note: {
  id: string;
  sessionId: string;
  groupMemberId: string;
  attendance: string;
  template: string;
  groupPart: GroupNoteContent;
  content: MemberNoteContent;
  signedBy: string;
  signedName: string;
  signedCredential: string;
  signedAt: string;
}): string {
  return sha256(canonical({ kind: 'progress-note', ...note }));
}

/**
 * Signs every draft of a session in one action: the group note (if still a draft) and each
 * attending member's progress note, which takes the group note's content as signed. All or
 * nothing: a draft that is someone else's, an empty group note or an empty member part refuses
 * the whole action and nothing is signed. A signer whose notes need co-signature puts them in
 * their supervisor's queue.
 */
export async function signSession(
  context: NotesContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  origin: Origin,
): Promise<{ signed: number; awaitingCosignature: number }> {
  const { session } = await notesSessionFor(context, viewer, groupId, sessionId, 'write');
  const db = context.database.db;
  const signer = await signerOf(db, viewer);
  return db.transaction().execute(async (trx) => {
    const groupNote = await findGroupNote(trx, sessionId);
    if (!groupNote) throw new HttpProblem(409, 'problem.notes.notStarted');
    await fanOut(context, trx, viewer, session, groupId);
    const rows = (await progressNotesOfSession(trx, sessionId)).filter((r) => r.status === 'draft');
    if (groupNote.status === 'draft') await mustBeAuthor(trx, viewer, groupNote.authorId);
    for (const row of rows) await mustBeAuthor(trx, viewer, row.authorId);
    const groupContent = JSON.parse(
      context.cipher.decrypt(groupNote.content, sealedIn('groupNotes.content', groupNote.id)),
    ) as GroupNoteContent;
    if (!groupNoteWritten(groupContent)) throw new HttpProblem(409, 'problem.notes.groupNoteEmpty');
    const members = await memberNames(trx, groupId);
    const opened = rows.map((row) => ({ row, ...openProgressNote(context, row) }));
    const blank = opened.filter((o) => !memberPartWritten(o.content));
    if (blank.length > 0) {
      const names = blank.map((o) => {
        const m = members.find((x) => x.id === o.row.groupMemberId);
        return m?.displayName ?? m?.name ?? '';
      });
      throw new HttpProblem(409, 'problem.notes.memberPartEmpty', {
        values: { names: names.join(', '), count: names.length },
      });
    }
    if (rows.length === 0 && groupNote.status === 'signed') throw new HttpProblem(409, 'problem.notes.nothingToSign');

    const signedAt = new Date().toISOString();
    const base = { signedBy: viewer.userId, signedName: signer.name, signedCredential: signer.credential, signedAt };
    if (groupNote.status === 'draft') {
      const prefill = await gatherNotePrefill(context, trx, session, groupId);
      const contentHash = sha256(
        canonical({ kind: 'group-note', id: groupNote.id, sessionId, content: groupContent, prefill, ...base }),
      );
      await signGroupNote(trx, groupNote.id, { ...base, contentHash });
      await trx
        .updateTable('groupNotes')
        .set({ prefill: context.cipher.encrypt(JSON.stringify(prefill), sealedIn('groupNotes.prefill', groupNote.id)) })
        .where('id', '=', groupNote.id)
        .execute();
    }
    const cosignerId = signer.supervisorId && signer.supervisorId !== viewer.userId ? signer.supervisorId : null;
    for (const { row, content } of opened) {
      const contentHash = progressNoteHash({
        id: row.id,
        sessionId,
        groupMemberId: row.groupMemberId,
        attendance: row.attendance,
        template: row.template,
        groupPart: groupContent,
        content,
        ...base,
      });
      const changed = await signProgressNote(trx, row.id, {
        ...base,
        contentHash,
        groupPart: context.cipher.encrypt(JSON.stringify(groupContent), sealedIn('progressNotes.groupPart', row.id)),
        cosignerId,
      });
      if (changed === 0) throw new HttpProblem(409, 'problem.notes.signed');
    }
    await context.audit.record(trx, {
      action: 'notes.signed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'session', id: sessionId },
      detail: { groupId, notes: rows.length, cosignature: cosignerId !== null },
      people: rows.map((r) => r.userId).filter((id): id is string => id !== null),
    });
    return { signed: rows.length, awaitingCosignature: cosignerId ? rows.length : 0 };
  });
}

// ---- One signed note: read, co-sign, addenda, release ----

export async function progressNote(context: NotesContext, viewer: Viewer, noteId: string, origin: Origin) {
  const { note, group } = await readableNote(context, viewer, noteId);
  const db = context.database.db;
  const members = await memberNames(db, note.groupId);
  const names = new Map(members.map((m) => [m.id, { name: m.name, displayName: m.displayName }]));
  const [presented] = await presentProgressNotes(context, [note], names);
  const session = await db
    .selectFrom('groupSessions')
    .select(['startsAt'])
    .where('id', '=', note.sessionId)
    .executeTakeFirstOrThrow();
  await context.audit.record(db, {
    action: 'notes.viewed',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'progress_note', id: note.id },
    detail: { groupId: note.groupId, sessionId: note.sessionId },
    people: note.userId ? [note.userId] : [],
  });
  return {
    ...presented!,
    groupId: note.groupId,
    groupName: group.name,
    sessionId: note.sessionId,
    startsAt: toInstant(session.startsAt),
    timeZone: group.timeZone,
  };
}

/**
 * Co-signs a supervisee's signed note: only the supervisor it waits for, never its own signer,
 * once. Recorded like a signature: name, credential, time and a hash over the note's own hash.
 */
export async function cosignNote(context: NotesContext, viewer: Viewer, noteId: string, origin: Origin) {
  const { note } = await readableNote(context, viewer, noteId);
  if (note.status !== 'signed') throw new HttpProblem(409, 'problem.notes.notSigned');
  if (note.signedBy === viewer.userId) throw new HttpProblem(403, 'problem.notes.cosignOwn');
  if (note.cosignerId !== viewer.userId) throw new HttpProblem(403, 'problem.notes.notYourCosign');
  if (note.cosignedAt) throw new HttpProblem(409, 'problem.notes.alreadyCosigned');
  const db = context.database.db;
  const signer = await signerOf(db, viewer);
  const cosignedAt = new Date().toISOString();
  const cosignHash = sha256(
    canonical({
      kind: 'cosignature',
      noteId,
      contentHash: note.contentHash,
      by: viewer.userId,
      name: signer.name,
      credential: signer.credential,
      at: cosignedAt,
    }),
  );
  await db.transaction().execute(async (trx) => {
    const changed = await cosignProgressNote(trx, noteId, {
      cosignedBy: viewer.userId,
      cosignedName: signer.name,
      cosignedCredential: signer.credential,
      cosignedAt,
      cosignHash,
    });
    if (changed === 0) throw new HttpProblem(409, 'problem.notes.alreadyCosigned');
    await context.audit.record(trx, {
      action: 'notes.cosigned',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'progress_note', id: noteId },
      detail: { groupId: note.groupId, sessionId: note.sessionId },
      people: note.userId ? [note.userId] : [],
    });
  });
  return progressNote(context, viewer, noteId, origin);
}

/** Adds a signed addendum to a signed note: the one way to change what a signed note says. */
export async function addAddendum(context: NotesContext, viewer: Viewer, noteId: string, text: string, origin: Origin) {
  const { note } = await readableNote(context, viewer, noteId);
  if (note.status !== 'signed') throw new HttpProblem(409, 'problem.notes.addendumToDraft');
  const db = context.database.db;
  const signer = await signerOf(db, viewer);
  const id = crypto.randomUUID();
  const signedAt = new Date().toISOString();
  const contentHash = sha256(
    canonical({
      kind: 'addendum',
      id,
      noteId,
      noteHash: note.contentHash,
      text,
      by: viewer.userId,
      name: signer.name,
      credential: signer.credential,
      at: signedAt,
    }),
  );
  await db.transaction().execute(async (trx) => {
    await insertAddendum(trx, {
      id,
      practiceId: viewer.practiceId,
      noteId,
      text: context.cipher.encrypt(text, sealedIn('noteAddenda.text', id)),
      signedBy: viewer.userId,
      signedName: signer.name,
      signedCredential: signer.credential,
      signedAt,
      contentHash,
    });
    await context.audit.record(trx, {
      action: 'notes.addendum',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'progress_note', id: noteId },
      detail: { groupId: note.groupId, addendumId: id },
      people: note.userId ? [note.userId] : [],
    });
  });
  return progressNote(context, viewer, noteId, origin);
}

/** Releases a signed note to its member (a facilitator's decision, recorded): it then appears in their data. */
export async function releaseNote(context: NotesContext, viewer: Viewer, noteId: string, origin: Origin) {
  const { note, group } = await readableNote(context, viewer, noteId);
  if (!facilitates(viewer, group)) throw new HttpProblem(403, 'problem.notes.facilitatorsOnly');
  if (note.status !== 'signed') throw new HttpProblem(409, 'problem.notes.notSigned');
  if (note.releasedAt) throw new HttpProblem(409, 'problem.notes.alreadyReleased');
  const db = context.database.db;
  await db.transaction().execute(async (trx) => {
    const changed = await releaseProgressNote(trx, noteId, viewer.userId, new Date().toISOString());
    if (changed === 0) throw new HttpProblem(409, 'problem.notes.alreadyReleased');
    await context.audit.record(trx, {
      action: 'notes.released',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'progress_note', id: noteId },
      detail: { groupId: note.groupId },
      people: note.userId ? [note.userId] : [],
    });
  });
  return progressNote(context, viewer, noteId, origin);
}

// ---- To-do ----

/**
 * What waits for the viewer: sessions of groups they facilitate without signed notes (with their
 * age, overdue past the practice's "sign within N days"), notes waiting for their co-signature
 * (each names its member, so reading them is audited, naming the members shown), and for owners
 * and admins every overdue session of the practice, named by group and facilitator and never by
 * content.
 */
export async function notesToDo(context: NotesContext, viewer: Viewer, origin: Origin, now = new Date()) {
  const db = context.database.db;
  const settings = await noteSettings(db, viewer.practiceId);
  const groups = await groupsFor(context, viewer);
  const mine = groups.filter((g) => facilitates(viewer, g));
  const since = new Date(now.getTime() - UNMARKED_LOOKBACK_DAYS * 86_400_000).toISOString();
  const session = (r: {
    sessionId: string;
    groupId: string;
    groupName: string;
    timeZone: string;
    startsAt: Date | string;
  }) => ({
    sessionId: r.sessionId,
    groupId: r.groupId,
    groupName: r.groupName,
    timeZone: r.timeZone,
    startsAt: toInstant(r.startsAt),
  });
  const unsigned = (
    await sessionsAwaitingNotes(
      db,
      mine.map((g) => g.id),
      since,
      now.toISOString(),
    )
  ).map((r) => ({
    ...session(r),
    ...noteAge(toInstant(r.endsAt), now, settings.signWithinDays),
    started: r.noteStatus !== null,
  }));
  const queue = await cosignQueue(db, viewer.practiceId, viewer.userId);
  if (queue.length > 0)
    await context.audit.record(db, {
      action: 'notes.viewed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'practice', id: viewer.practiceId },
      detail: { cosignQueue: queue.length },
      people: [...new Set(queue.flatMap((r) => (r.memberUserId ? [r.memberUserId] : [])))],
    });
  const cosign = queue.map((r) => ({
    ...session(r),
    noteId: r.noteId,
    memberName: r.memberName,
    signedName: r.signedName ?? '',
    signedAt: toInstant(r.signedAt!),
  }));
  let overdue: Array<ReturnType<typeof session> & { days: number; facilitators: string[] }> = [];
  if (ADMIN_ROLES.includes(viewer.role)) {
    const all = await sessionsAwaitingNotes(
      db,
      groups.map((g) => g.id),
      since,
      now.toISOString(),
    );
    const facilitators = await facilitatorsOf(
      db,
      groups.map((g) => g.id),
    );
    overdue = all
      .map((r) => ({ r, age: noteAge(toInstant(r.endsAt), now, settings.signWithinDays) }))
      .filter(({ age }) => age.overdue)
      .map(({ r, age }) => ({
        ...session(r),
        days: age.days,
        facilitators: facilitators.filter((f) => f.groupId === r.groupId).map((f) => f.name),
      }));
  }
  return { signWithinDays: settings.signWithinDays, unsigned, cosign, overdue };
}

// ---- Clinical record ----

/**
 * Whose clinical record the viewer reads: a member of the practice with a place in a group the
 * viewer facilitates, or any member for a supervisor. An owner or admin who facilitates none of
 * the person's groups reads none (decision 0019): 403. Anyone else: 404.
 */
async function recordPersonFor(context: NotesContext, viewer: Viewer, userId: string) {
  const db = context.database.db;
  const places = await groupsOfPerson(db, viewer.practiceId, userId);
  if (places.length === 0) throw new HttpProblem(404, 'problem.clinicalRecord.notFound');
  const byGroup = new Map<string, string[]>();
  for (const p of places) {
    const list = byGroup.get(p.groupId) ?? [];
    if (p.facilitatorId) list.push(p.facilitatorId);
    byGroup.set(p.groupId, list);
  }
  const reads = [...byGroup.values()].some((ids) => canReadClinical(viewer, ids));
  if (!reads) {
    if (ADMIN_ROLES.includes(viewer.role)) throw new HttpProblem(403, 'problem.group.clinicalOnly');
    throw new HttpProblem(404, 'problem.clinicalRecord.notFound');
  }
  const person = await db
    .selectFrom('users')
    .innerJoin('practiceMembers', 'practiceMembers.userId', 'users.id')
    .select(['users.id', 'users.name'])
    .where('users.id', '=', userId)
    .where('practiceMembers.practiceId', '=', viewer.practiceId)
    .executeTakeFirst();
  if (!person) throw new HttpProblem(404, 'problem.clinicalRecord.notFound');
  return person;
}

/** A member's record as stored, opened; for this module and the billing lines that print it. */
export async function openClinicalRecord(
  db: Db,
  cipher: ClinicalCipher,
  practiceId: string,
  userId: string,
): Promise<{ details: ClinicalRecordDetails; updatedAt: string } | null> {
  const row = await findClinicalRecord(db, practiceId, userId);
  if (!row) return null;
  return {
    details: JSON.parse(
      cipher.decrypt(row.details, sealedIn('clinicalRecords.details', row.id)),
    ) as ClinicalRecordDetails,
    updatedAt: toInstant(row.updatedAt),
  };
}

export async function clinicalRecord(context: NotesContext, viewer: Viewer, userId: string, origin: Origin) {
  const person = await recordPersonFor(context, viewer, userId);
  const db = context.database.db;
  const record = await openClinicalRecord(db, context.cipher, viewer.practiceId, userId);
  await context.audit.record(db, {
    action: 'clinical_record.viewed',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'user', id: userId },
    detail: { exists: record !== null },
    people: [userId],
  });
  return {
    userId,
    name: person.name,
    record: record?.details ?? null,
    updatedAt: record?.updatedAt ?? null,
    commonDiagnoses: [...COMMON_DIAGNOSES],
  };
}

export async function saveClinicalRecord(
  context: NotesContext,
  viewer: Viewer,
  userId: string,
  input: ClinicalRecordBody,
  origin: Origin,
) {
  await recordPersonFor(context, viewer, userId);
  const db = context.database.db;
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const existing = await findClinicalRecord(trx, viewer.practiceId, userId);
    const id = existing?.id ?? crypto.randomUUID();
    const details = context.cipher.encrypt(JSON.stringify(input), sealedIn('clinicalRecords.details', id));
    if (existing) await updateClinicalRecord(trx, id, { details, updatedBy: viewer.userId, updatedAt: now });
    else
      await insertClinicalRecord(trx, {
        id,
        practiceId: viewer.practiceId,
        userId,
        details,
        updatedBy: viewer.userId,
        updatedAt: now,
        createdAt: now,
      });
    await context.audit.record(trx, {
      action: 'clinical_record.changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'user', id: userId },
      detail: { diagnoses: input.diagnosisCodes.length, goals: input.goals.length },
      people: [userId],
    });
  });
  return clinicalRecord(context, viewer, userId, origin);
}

// ---- A member's released notes ----

/** The notes a clinician released to this person, for their own screens and their data export. */
export async function releasedNotes(db: Db, cipher: ClinicalCipher, userId: string) {
  const rows = await releasedNotesOf(db, userId);
  return rows.map((r) => ({
    id: r.id,
    practice: r.practiceName,
    group: r.groupName,
    startsAt: toInstant(r.startsAt),
    timeZone: r.timeZone,
    attendance: r.attendance,
    template: r.template,
    groupPart: JSON.parse(cipher.decrypt(r.groupPart!, sealedIn('progressNotes.groupPart', r.id))) as GroupNoteContent,
    content: JSON.parse(cipher.decrypt(r.content, sealedIn('progressNotes.content', r.id))) as MemberNoteContent,
    signed: { name: r.signedName ?? '', credential: r.signedCredential ?? '', at: toInstant(r.signedAt!) },
    releasedAt: toInstant(r.releasedAt!),
  }));
}

/** A member reads the notes released to them; the read is audited like a clinician's. */
export async function myNotes(context: NotesContext, viewer: Viewer, origin: Origin) {
  const notes = await releasedNotes(context.database.db, context.cipher, viewer.userId);
  if (notes.length > 0)
    await context.audit.record(context.database.db, {
      action: 'notes.viewed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'user', id: viewer.userId },
      detail: { released: notes.length },
      people: [viewer.userId],
    });
  return { notes };
}
