import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  attendanceSuggestion,
  quietMembers,
  ROOM_OPENS_MINUTES,
  voiceUntil,
  type RoomState,
} from '../../../domain/room.js';
import type { AttendanceStatus } from '../../../domain/attendance.js';
import { toInstant } from '../../db/instant.js';
import type { DB } from '../../db/schema.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import { HttpProblem } from '../../platform/problem.js';
import { groupFor, groupsFor, readsClinical } from '../groups/groups.service.js';
import { submitForm, type AnsweredIn, type MeasuresContext } from '../measures/measures.service.js';
import { sessionFor, type ScheduleContext } from '../schedule/schedule.service.js';
import { sessionMarks } from '../attendance/attendance.repository.js';
import { roomPeople, whoIsIn, type RoomHub } from './room-live.service.js';
import { presentRoom } from './room.presenter.js';
import {
  backChannelOf,
  chatOf,
  checkInsOf,
  checkOutForm,
  checkOutFormsOf,
  earlierVoice,
  findRoom,
  insertCheckOutForm,
  insertRoom,
  openRoomsOf,
  roomOfSession,
  type RoomRow,
} from './room.repository.js';

export type RoomContext = ScheduleContext & MeasuresContext & { rooms: RoomHub };
type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;
type Db = Kysely<DB>;

/** Earlier sessions whose share of voice the summary sums up. */
const EARLIER_SESSIONS = 5;

function opensAt(startsAt: Date | string): string {
  return new Date(Date.parse(toInstant(startsAt)) - ROOM_OPENS_MINUTES * 60_000).toISOString();
}

/** A session's room, if opened, for the group's staff. */
export async function sessionRoom(context: RoomContext, viewer: Viewer, groupId: string, sessionId: string) {
  const session = await sessionFor(context, viewer, groupId, sessionId);
  const row = await roomOfSession(context.database.db, sessionId);
  return { room: row ? presentRoom(row) : null, opensAt: opensAt(session.startsAt) };
}

/**
 * Opens a session's room: a facilitator of the group, from 30 minutes before it starts until it
 * ends. Opening an open room answers the same room.
 */
export async function openRoom(
  context: RoomContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  origin: Origin,
) {
  const group = await groupFor(context, viewer, groupId);
  const session = await sessionFor(context, viewer, groupId, sessionId);
  if (!group.facilitators.some((f) => f.userId === viewer.userId))
    throw new HttpProblem(403, 'problem.room.facilitatorsOnly');
  const db = context.database.db;
  let row = await roomOfSession(db, sessionId);
  if (!row) {
    if (session.status === 'cancelled') throw new HttpProblem(409, 'problem.room.cancelled');
    const now = Date.now();
    if (now < Date.parse(opensAt(session.startsAt)))
      throw new HttpProblem(409, 'problem.room.notYet', { values: { minutes: ROOM_OPENS_MINUTES } });
    if (now >= Date.parse(toInstant(session.endsAt))) throw new HttpProblem(409, 'problem.room.over');
    const roomId = crypto.randomUUID();
    try {
      await db.transaction().execute(async (trx) => {
        await insertRoom(trx, {
          id: roomId,
          practiceId: viewer.practiceId,
          groupId,
          sessionId,
          status: 'open',
          openedBy: viewer.userId,
          openedAt: new Date().toISOString(),
        });
        await context.audit.record(trx, {
          action: 'room.opened',
          ...actorOf(viewer),
          ...origin,
          subject: { type: 'session', id: sessionId },
          detail: { groupId, roomId },
        });
      });
    } catch (error) {
      // Opened at the same moment by someone else (one room per session): theirs is the room.
      if (!(await roomOfSession(db, sessionId))) throw error;
    }
    row = (await roomOfSession(db, sessionId))!;
  }
  // The first event names who may be in the room; written once, even when two open it together.
  const people = await roomPeople(context.database, row);
  await context.rooms.append(row, (state) =>
    state.seq === 0
      ? { events: [{ type: 'room.opened', people, inPerson: group.meetingMode === 'in-person' }] }
      : { events: [] },
  );
  return presentRoom((await roomOfSession(db, sessionId))!);
}

/** A room someone may be in (on its roster, or facilitating), with who they are in it; 404 otherwise. */
export async function roomFor(context: RoomContext, viewer: Viewer, roomId: string) {
  const row = await findRoom(context.database.db, viewer.practiceId, roomId);
  const you = row && (await whoIsIn(context.database, row, viewer));
  if (!row || !you) throw new HttpProblem(404, 'problem.room.notFound');
  return { row, you };
}

/** Open rooms a member may join now: their groups' rooms whose roster names them. */
export async function myRooms(context: RoomContext, viewer: Viewer) {
  const db = context.database.db;
  const groupIds =
    viewer.role === 'member'
      ? (
          await db
            .selectFrom('groupMembers')
            .select('groupId')
            .where('userId', '=', viewer.userId)
            .where('practiceId', '=', viewer.practiceId)
            .execute()
        ).map((r) => r.groupId)
      : (await groupsFor(context, viewer))
          .filter((g) => g.facilitators.some((f) => f.userId === viewer.userId))
          .map((g) => g.id);
  const rows = await openRoomsOf(db, groupIds);
  const mine = [];
  for (const row of rows) if (await whoIsIn(context.database, row, viewer)) mine.push(presentRoom(row));
  return { rooms: mine };
}

/** The room's facilitators and the practice's supervisors read what the room kept (decision 0019). */
async function clinicalRoom(context: RoomContext, viewer: Viewer, roomId: string): Promise<RoomRow> {
  const row = await findRoom(context.database.db, viewer.practiceId, roomId);
  if (!row) throw new HttpProblem(404, 'problem.room.notFound');
  const group = await groupFor(context, viewer, row.groupId).catch(() => {
    throw new HttpProblem(404, 'problem.room.notFound');
  });
  if (!readsClinical(viewer, group)) throw new HttpProblem(404, 'problem.room.notFound');
  return row;
}

const nameIn = (state: RoomState, id: string) => state.people[id]?.displayName ?? '';

/**
 * The ending summary: attendance suggested from presence (confirmed through the attendance sheet),
 * check-ins and check-outs, share of voice against earlier sessions, hidden chat, safety marks.
 */
export async function roomSummary(context: RoomContext, viewer: Viewer, roomId: string, origin: Origin) {
  const row = await clinicalRoom(context, viewer, roomId);
  const summary = await summarizeRoom(context, context.database.db, row, true);
  await context.audit.record(context.database.db, {
    action: 'clinical.room_summary_viewed',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'session', id: row.sessionId },
    detail: { groupId: row.groupId, roomId },
  });
  return summary;
}

/** What summing up a room reads: the rooms it replays and the cipher its clinical words are sealed with. */
export type RoomReader = Pick<RoomContext, 'rooms' | 'cipher'>;

/**
 * A room's summary for whoever may read it clinically (the caller checked and audits): the room's
 * summary page and a session's note pre-fill both read it from here.
 */
export async function summarizeRoom(context: RoomReader, db: Db, row: RoomRow, live = false) {
  const { cipher } = context;
  const roomId = row.id;
  // Outside a transaction, the room this instance holds; inside one, folded from it.
  const state = live ? await context.rooms.stateOf(roomId) : await context.rooms.stateOf(roomId, db);
  const [checkIns, forms, chat, earlier, marks] = await Promise.all([
    checkInsOf(db, row.sessionId),
    checkOutFormsOf(db, row.sessionId),
    chatOf(db, roomId),
    earlierVoice(db, row.groupId, row.sessionId, toInstant(row.startsAt)),
    sessionMarks(db, row.sessionId),
  ]);
  const session = { startsAt: toInstant(row.startsAt), endsAt: toInstant(row.endsAt) };
  const members = Object.values(state.people).filter((p) => p.kind === 'member');
  const now = row.endedAt ? toInstant(row.endedAt) : new Date().toISOString();
  const voice = voiceUntil(state.voice, now);
  const quiet = new Set(quietMembers(state));
  const earlierSessions = [...new Set(earlier.map((e) => e.sessionId))].slice(0, EARLIER_SESSIONS);
  return {
    room: presentRoom(row),
    attendance: members.map((p) => ({
      memberId: p.personId,
      displayName: p.displayName,
      suggested: attendanceSuggestion(p, session, state.inPerson),
      firstArrivedAt: p.firstArrivedAt,
      lastLeftAt: p.lastLeftAt,
      recorded: (marks.find((m) => m.groupMemberId === p.personId)?.status as AttendanceStatus | undefined) ?? null,
    })),
    checkIns: checkIns.map((c) => ({
      memberId: c.groupMemberId,
      displayName: nameIn(state, c.groupMemberId),
      mood: c.mood,
      word: cipher.decrypt(c.word, sealedIn('roomCheckIns.word', c.sessionId, c.groupMemberId)),
      part: c.part ? cipher.decrypt(c.part, sealedIn('roomCheckIns.part', c.sessionId, c.groupMemberId)) : null,
      share: c.share as 'group' | 'facilitators',
      enteredBy: c.enteredBy,
      at: toInstant(c.at),
    })),
    checkOuts: forms.map((f) => ({
      memberId: f.groupMemberId,
      displayName: nameIn(state, f.groupMemberId),
      formId: f.id,
      status: f.status,
      total: f.total,
      band: f.band,
    })),
    voice: members.map((p) => {
      const own = voice.find((v) => v.personId === p.personId);
      // The sessions among the group's last few that they were in the room for (a row, even of 0).
      const before = earlier.filter((e) => e.groupMemberId === p.personId && earlierSessions.includes(e.sessionId));
      const earlierTurns = before.reduce((n, e) => n + e.turns, 0);
      return {
        memberId: p.personId,
        displayName: p.displayName,
        seconds: own?.seconds ?? 0,
        turns: own?.turns ?? 0,
        earlier: {
          sessions: before.length,
          seconds: before.reduce((n, e) => n + e.seconds, 0),
          turns: earlierTurns,
        },
        quiet: quiet.has(p.personId),
        /** In the room for earlier sessions and never had the floor in any of them. */
        quietEarlier: before.length > 0 && earlierTurns === 0,
      };
    }),
    hiddenChat: chat
      .filter((m) => m.hidden === true || m.hidden === 1)
      .map((m) => ({
        messageId: m.id,
        displayName: nameIn(state, m.personId),
        text: cipher.decrypt(m.text, sealedIn('roomChat.text', m.id)),
        at: toInstant(m.at),
      })),
    heldChat: state.chat
      .filter((m) => m.screened)
      .map((m) => ({
        messageId: m.messageId,
        displayName: nameIn(state, m.personId),
        text: m.text,
        at: m.at,
        released: !m.held,
      })),
    safety: state.safety.map((s) => ({
      memberId: s.personId,
      displayName: nameIn(state, s.personId),
      alertId: s.alertId,
      by: nameIn(state, s.by),
      at: s.at,
    })),
  };
}

/** The facilitators' back-channel of a session: its facilitators and the practice's supervisors, audited. */
export async function backChannel(context: RoomContext, viewer: Viewer, roomId: string, origin: Origin) {
  const row = await clinicalRoom(context, viewer, roomId);
  const db = context.database.db;
  const rows = await backChannelOf(db, roomId);
  await context.audit.record(db, {
    action: 'clinical.room_back_channel_viewed',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'session', id: row.sessionId },
    detail: { groupId: row.groupId, roomId },
  });
  return {
    messages: rows.map((r) => ({
      messageId: r.id,
      personId: r.authorId,
      displayName: r.authorName ?? '',
      text: context.cipher.decrypt(r.text, sealedIn('roomBackChannel.text', r.id)),
      at: toInstant(r.at),
    })),
  };
}

/**
 * A member's check-out form for the room's session: the measures module's own form (instrument
 * `hearth-checkout`, occasion `session:<id>`, the one the plan would make), made now if the plan
 * has not made it, once the facilitator has started the check-out.
 */
export async function checkOutFormFor(context: RoomContext, viewer: Viewer, roomId: string) {
  const { row, you } = await roomFor(context, viewer, roomId);
  if (you.kind !== 'member') throw new HttpProblem(404, 'problem.room.notFound');
  const state = await context.rooms.stateOf(roomId);
  if (!state.checkOut) throw new HttpProblem(409, 'problem.room.noCheckOut');
  const db = context.database.db;
  const existing = await checkOutForm(db, you.personId, row.sessionId);
  if (existing) return { formId: existing.id, status: existing.status, row, you };
  const now = new Date().toISOString();
  await insertCheckOutForm(db, {
    id: crypto.randomUUID(),
    practiceId: row.practiceId,
    groupId: row.groupId,
    groupMemberId: you.personId,
    instrumentId: 'hearth-checkout',
    occasion: `session:${row.sessionId}`,
    sessionId: row.sessionId,
    dueAt: toInstant(row.startsAt),
    status: 'due',
    createdAt: now,
    updatedAt: now,
  });
  const made = (await checkOutForm(db, you.personId, row.sessionId))!;
  return { formId: made.id, status: made.status, row, you };
}

/** Sends the check-out through the measures service (same scoring, alerts, roster view); the room hears it was answered. */
export async function submitCheckOut(
  context: RoomContext,
  viewer: Viewer,
  roomId: string,
  body: AnsweredIn,
  origin: Origin,
) {
  const { formId, row, you } = await checkOutFormFor(context, viewer, roomId);
  const result = await submitForm(context, viewer, formId, body, origin);
  await context.rooms.append(row, (state) =>
    state.checkOut && !state.checkOut.answered.includes(you.personId)
      ? { events: [{ type: 'checkOut.answered', personId: you.personId }] }
      : { events: [] },
  );
  return result;
}
