import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { isExpectedAt, type AttendanceStatus, type StatusChange } from '../../../domain/attendance.js';
import { expandRule, isOpenEnded, localToInstant, ruleProblem, type ScheduleRule } from '../../../domain/recurrence.js';
import { DEFAULT_REMINDER_MINUTES, ScheduleLimit } from '../../../domain/schedule.js';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import type { DB } from '../../db/schema.js';
import { boolValue } from '../../db/values.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { type Translator } from '../../platform/i18n.js';
import { describeSchedule } from './schedule-words.js';
import { HttpProblem } from '../../platform/problem.js';
import { groupFor, groupsFor } from '../groups/groups.service.js';
import { listOwnMemberships } from '../membership/membership.repository.js';
import { presentMemberSession, presentStaffSession } from './schedule.presenter.js';
import {
  attendanceOf,
  deleteSessions,
  findSchedule,
  findSession,
  futureRuleSessions,
  insertSessions,
  nextSessionStart,
  listSessions,
  memberHistories,
  overlappingSession,
  saveSchedule,
  schedulesToExtend,
  setGeneratedUntil,
  updateSession,
  type SessionRow,
} from './schedule.repository.js';
import type { ScheduleBody } from './schedule.schema.js';

export interface ScheduleContext {
  database: Database;
  audit: AuditLog;
  jobs: JobQueue;
}

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

const DAY_MS = 86_400_000;
/** Far enough for any rule with an end (520 monthly sessions end within 44 years). */
const END_OF_BOUNDED = new Date('2100-01-01T00:00:00Z');
const SESSION_NOT_FOUND = 'There is no such session in this group.';

/** The group's repeat rule and reminder times, for its staff. */
export async function scheduleFor(context: ScheduleContext, viewer: Viewer, groupId: string, t: Translator) {
  const group = await groupFor(context, viewer, groupId);
  const row = await findSchedule(context.database.db, groupId);
  const rule =
    row?.rrule && row.firstStart
      ? { rrule: row.rrule, firstStart: row.firstStart, durationMinutes: row.durationMinutes, timeZone: group.timeZone }
      : null;
  return {
    groupId,
    timeZone: group.timeZone,
    rrule: rule?.rrule ?? null,
    firstStart: rule?.firstStart ?? null,
    description: rule ? describeSchedule(t, rule) : null,
    durationMinutes: row?.durationMinutes ?? 90,
    reminderMinutes: row ? (JSON.parse(row.reminderMinutes) as number[]) : [...DEFAULT_REMINDER_MINUTES],
    // Sessions before today are never planned: the form says which is the first one that is.
    nextSessionAt: rule ? await nextSessionStart(context.database.db, groupId, new Date().toISOString()) : null,
    myRemindersOn: !(await context.database.db
      .selectFrom('reminderOptOuts')
      .select('userId')
      .where('userId', '=', viewer.userId)
      .where('groupId', '=', groupId)
      .executeTakeFirst()),
  };
}

/** The sessions a rule gives from `from`, as new rows. */
function ruleSessions(practiceId: string, groupId: string, rule: ScheduleRule, from: Date, to: Date, now: string) {
  return expandRule(rule, from, to).map((o) => ({
    id: crypto.randomUUID(),
    practiceId,
    groupId,
    occurrenceStart: o.startsAt.toISOString(),
    startsAt: o.startsAt.toISOString(),
    endsAt: o.endsAt.toISOString(),
    status: 'scheduled',
    createdAt: now,
    updatedAt: now,
  }));
}

/**
 * Sets a group's repeat rule and reminder times. Only sessions from now on change: past sessions
 * keep their dates and attendance. A future session the new rule also gives keeps its identity
 * (and any note or cancellation); the others are removed and the new ones added.
 */
export async function setSchedule(
  context: ScheduleContext,
  viewer: Viewer,
  groupId: string,
  input: ScheduleBody,
  origin: Origin,
  t: Translator,
) {
  const group = await groupFor(context, viewer, groupId, 'edit');
  if ((input.rrule === null) !== (input.firstStart === null)) {
    const field = input.rrule === null ? 'body.rrule' : 'body.firstStart';
    throw new HttpProblem(400, 'Give both a repeat rule and a first session, or neither.', [
      { field, message: 'Give both a repeat rule and a first session, or neither.' },
    ]);
  }
  const rule: ScheduleRule | null =
    input.rrule && input.firstStart
      ? {
          rrule: input.rrule,
          firstStart: input.firstStart,
          durationMinutes: input.durationMinutes,
          timeZone: group.timeZone,
        }
      : null;
  const problem = rule && ruleProblem(rule);
  if (problem)
    throw new HttpProblem(400, problem.message, [{ field: `body.${problem.field}`, message: problem.message }]);

  const now = new Date();
  const nowIso = now.toISOString();
  const horizon = new Date(now.getTime() + ScheduleLimit.horizonDays * DAY_MS);
  const openEnded = rule !== null && isOpenEnded(rule);
  const wanted = rule
    ? ruleSessions(viewer.practiceId, groupId, rule, now, openEnded ? horizon : END_OF_BOUNDED, nowIso)
    : [];
  // Sessions are planned from now on; a rule whose every date has passed would plan nothing.
  if (rule && wanted.length === 0) {
    const message =
      'Every session of this schedule is before today, so none would be planned. Choose a first session or an end from today on. To record a session that has already happened, add it as an extra session.';
    throw new HttpProblem(400, message, [{ field: 'body.firstStart', message }]);
  }
  await context.database.db.transaction().execute(async (trx) => {
    await saveSchedule(trx, {
      groupId,
      practiceId: viewer.practiceId,
      rrule: rule?.rrule.toUpperCase() ?? null,
      firstStart: rule?.firstStart ?? null,
      durationMinutes: input.durationMinutes,
      reminderMinutes: JSON.stringify([...input.reminderMinutes].sort((a, b) => b - a)),
      generatedUntil: openEnded ? horizon.toISOString() : null,
      updatedBy: viewer.userId,
      updatedAt: nowIso,
    });
    const existing = await futureRuleSessions(trx, groupId, nowIso);
    // A session the new rule still has on the same local day keeps its identity (its calendar
    // UID), its cancellation and its note; one moved by hand keeps its time. The rest go.
    const dayOf = (instant: Date | string) =>
      DateTime.fromISO(toInstant(instant), { zone: group.timeZone }).toISODate() ?? '';
    const byDay = new Map(existing.map((e) => [dayOf(e.occurrenceStart!), e]));
    const added = [];
    let changed = 0;
    for (const w of wanted) {
      const match = byDay.get(dayOf(w.occurrenceStart));
      if (!match) {
        added.push(w);
        continue;
      }
      byDay.delete(dayOf(w.occurrenceStart));
      const movedByHand = toInstant(match.startsAt) !== toInstant(match.occurrenceStart!);
      const sameTime = toInstant(match.occurrenceStart!) === w.occurrenceStart;
      const lengthChanged =
        !movedByHand &&
        Date.parse(w.endsAt) - Date.parse(w.startsAt) !==
          Date.parse(toInstant(match.endsAt)) - Date.parse(toInstant(match.startsAt));
      if (sameTime && !lengthChanged) continue;
      changed += 1;
      await updateSession(trx, match.id, {
        occurrenceStart: w.occurrenceStart,
        ...(!movedByHand && { startsAt: w.startsAt, endsAt: w.endsAt }),
        updatedAt: nowIso,
      });
    }
    const removed = [...byDay.values()];
    await deleteSessions(
      trx,
      removed.map((e) => e.id),
    );
    await insertSessions(trx, added);
    // People hear when sessions they expected move or go, as they do for a single session.
    if (existing.length > 0 && (changed > 0 || removed.length > 0 || added.length > 0))
      await context.jobs.enqueue(trx, {
        kind: 'sessions.rescheduled',
        payload: { groupId, rule },
      });
    await context.audit.record(trx, {
      action: 'schedule.changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group', id: groupId },
      detail: { rule: rule?.rrule ?? 'none', sessions: wanted.length },
    });
  });
  return scheduleFor(context, viewer, groupId, t);
}

/** Keeps the sessions of rules without an end a horizon ahead; run daily by the job worker. */
export async function extendSchedules(database: Database, now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + ScheduleLimit.horizonDays * DAY_MS);
  const due = await schedulesToExtend(database.db, new Date(horizon.getTime() - DAY_MS).toISOString());
  for (const s of due) {
    if (!s.rrule || !s.firstStart) continue;
    const rule = { rrule: s.rrule, firstStart: s.firstStart, durationMinutes: s.durationMinutes, timeZone: s.timeZone };
    const from = new Date(toInstant(s.generatedUntil!));
    await database.db.transaction().execute(async (trx) => {
      await insertSessions(trx, ruleSessions(s.practiceId, s.groupId, rule, from, horizon, now.toISOString()));
      await setGeneratedUntil(trx, s.groupId, horizon.toISOString());
    });
  }
  return due.length;
}

/** The window a list covers: by default from a week ago to three months ahead. */
function windowOf(query: { from?: string; to?: string }, now = Date.now()) {
  const from = query.from ? new Date(query.from) : new Date(now - 7 * DAY_MS);
  const to = query.to ? new Date(query.to) : new Date(from.getTime() + 97 * DAY_MS);
  return { from: from.toISOString(), to: to.toISOString() };
}

type History = Map<string, { groupId: string; userId: string | null; changes: StatusChange[] }>;

/** Each membership's dated status changes, keyed by membership. */
export async function historiesOf(db: Kysely<DB>, groupIds: readonly string[]): Promise<History> {
  const history: History = new Map();
  for (const row of await memberHistories(db, groupIds)) {
    const entry = history.get(row.memberId) ?? { groupId: row.groupId, userId: row.userId, changes: [] };
    entry.changes.push({ toStatus: row.toStatus as StatusChange['toStatus'], at: toInstant(row.at) });
    history.set(row.memberId, entry);
  }
  return history;
}

/** The memberships a session expects: those active in its group when it starts. */
export function expectedAt(history: History, session: { groupId: string; startsAt: Date | string }): string[] {
  const startsAt = toInstant(session.startsAt);
  return [...history]
    .filter(([, h]) => h.groupId === session.groupId && isExpectedAt(h.changes, startsAt))
    .map(([memberId]) => memberId);
}

/** Sessions of the given groups for staff, with how many are expected and how many are recorded. */
async function staffSessions(db: Kysely<DB>, groupIds: string[], window: { from: string; to: string }) {
  const rows = await listSessions(db, groupIds, window.from, window.to);
  const [history, marks] = await Promise.all([
    historiesOf(db, groupIds),
    attendanceOf(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((row) =>
    presentStaffSession(row, {
      expected: expectedAt(history, row).length,
      recorded: marks.filter((m) => m.sessionId === row.id).length,
    }),
  );
}

/** A group's sessions in a window, for its staff. */
export async function groupSessions(
  context: ScheduleContext,
  viewer: Viewer,
  groupId: string,
  query: { from?: string; to?: string },
) {
  await groupFor(context, viewer, groupId);
  return { sessions: await staffSessions(context.database.db, [groupId], windowOf(query)) };
}

/** Every session of the groups a person runs or oversees, for the agenda. */
export async function agenda(context: ScheduleContext, viewer: Viewer, query: { from?: string; to?: string }) {
  const groups = await groupsFor(context, viewer);
  const mine =
    viewer.role === 'clinician' ? groups : groups.filter((g) => g.facilitators.some((f) => f.userId === viewer.userId));
  // Admins and supervisors who facilitate nothing see the whole practice's week.
  const shown = mine.length > 0 ? mine : groups;
  return {
    sessions: await staffSessions(
      context.database.db,
      shown.map((g) => g.id),
      windowOf(query),
    ),
  };
}

/** One session of a group the viewer may see; 404 as for a session that does not exist. */
export async function sessionFor(
  context: ScheduleContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  mode: 'see' | 'edit' = 'see',
) {
  await groupFor(context, viewer, groupId, mode);
  const session = await findSession(context.database.db, groupId, sessionId);
  if (!session) throw new HttpProblem(404, SESSION_NOT_FOUND);
  return session;
}

/** Refuses a local time that is not a time, or is not in the future. */
function localStart(local: string, zone: string, field: string): Date {
  const startsAt = localToInstant(local, zone);
  if (!startsAt)
    throw new HttpProblem(400, 'That date and time does not exist.', [
      { field, message: 'That date and time does not exist.' },
    ]);
  return startsAt;
}

function futureStart(local: string, zone: string, field: string): Date {
  const startsAt = localStart(local, zone, field);
  if (startsAt.getTime() <= Date.now()) {
    const message = 'Choose a time that has not passed yet.';
    throw new HttpProblem(400, message, [{ field, message }]);
  }
  return startsAt;
}

/** Refuses a time that overlaps another session of the group still on. */
async function mustNotOverlap(
  context: ScheduleContext,
  groupId: string,
  start: Date,
  end: Date,
  exceptId: string | null,
) {
  const other = await overlappingSession(
    context.database.db,
    groupId,
    start.toISOString(),
    end.toISOString(),
    exceptId,
  );
  if (other) {
    const message =
      'Another session of this group is already at that time. Choose another time, or change that session.';
    throw new HttpProblem(400, message, [{ field: 'body.startsAt', message }]);
  }
}

/** Adds a one-off session to a group. */
export async function addSession(
  context: ScheduleContext,
  viewer: Viewer,
  groupId: string,
  input: {
    startsAt: string;
    durationMinutes: number;
    noteForMembers?: string | undefined;
    videoLink?: string | null | undefined;
  },
  origin: Origin,
) {
  const group = await groupFor(context, viewer, groupId, 'edit');
  // A session in the past is recorded (a forgotten one, to mark its attendance); nobody is told.
  const startsAt = localStart(input.startsAt, group.timeZone, 'body.startsAt');
  const past = startsAt.getTime() <= Date.now();
  if (past && startsAt.getTime() < Date.now() - ScheduleLimit.pastRecordDays * DAY_MS) {
    const message = `Record sessions of the last ${ScheduleLimit.pastRecordDays} days only.`;
    throw new HttpProblem(400, message, [{ field: 'body.startsAt', message }]);
  }
  await mustNotOverlap(context, groupId, startsAt, new Date(startsAt.getTime() + input.durationMinutes * 60_000), null);
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await context.database.db.transaction().execute(async (trx) => {
    await insertSessions(trx, [
      {
        id,
        practiceId: viewer.practiceId,
        groupId,
        occurrenceStart: null,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + input.durationMinutes * 60_000).toISOString(),
        status: 'scheduled',
        noteForMembers: input.noteForMembers || null,
        videoLink: input.videoLink ?? null,
        changedByHand: boolValue(context.database.engine, true),
        createdAt: now,
        updatedAt: now,
      },
    ]);
    await context.audit.record(trx, {
      action: 'schedule.session_added',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'session', id },
      detail: { groupId, ...(past && { recordedAfterwards: true }) },
    });
    if (!past) await announce(context, trx, groupId, id, 'added');
  });
  return presentOne(context, groupId, id);
}

async function presentOne(context: ScheduleContext, groupId: string, sessionId: string) {
  const db = context.database.db;
  const row = await findSession(db, groupId, sessionId);
  if (!row) throw new HttpProblem(404, SESSION_NOT_FOUND);
  const [history, marks] = await Promise.all([historiesOf(db, [groupId]), attendanceOf(db, [sessionId])]);
  return presentStaffSession(row, { expected: expectedAt(history, row).length, recorded: marks.length });
}

/** Refuses a change to a session that has already started. */
function mustNotHaveStarted(session: SessionRow): void {
  if (Date.parse(toInstant(session.startsAt)) <= Date.now())
    throw new HttpProblem(409, 'This session has already started, so it can no longer be changed.');
}

/** Moves a session, changes its length, note or link. Members are told when it moves. */
export async function changeSession(
  context: ScheduleContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  input: {
    startsAt?: string | undefined;
    durationMinutes?: number | undefined;
    noteForMembers?: string | null | undefined;
    videoLink?: string | null | undefined;
  },
  origin: Origin,
) {
  const session = await sessionFor(context, viewer, groupId, sessionId, 'edit');
  mustNotHaveStarted(session);
  const oldStart = new Date(toInstant(session.startsAt));
  const startsAt = input.startsAt ? futureStart(input.startsAt, session.timeZone, 'body.startsAt') : oldStart;
  const minutes = input.durationMinutes ?? (Date.parse(toInstant(session.endsAt)) - oldStart.getTime()) / 60_000;
  const moved = startsAt.getTime() !== oldStart.getTime();
  await mustNotOverlap(context, groupId, startsAt, new Date(startsAt.getTime() + minutes * 60_000), sessionId);
  const now = new Date().toISOString();
  await context.database.db.transaction().execute(async (trx) => {
    await updateSession(trx, sessionId, {
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
      ...(input.noteForMembers !== undefined && { noteForMembers: input.noteForMembers || null }),
      ...(input.videoLink !== undefined && { videoLink: input.videoLink }),
      changedByHand: boolValue(context.database.engine, true),
      updatedAt: now,
    });
    await context.audit.record(trx, {
      action: moved ? 'schedule.session_moved' : 'schedule.session_changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'session', id: sessionId },
      detail: { groupId, fields: Object.keys(input).sort().join(',') },
    });
    if (moved) await announce(context, trx, groupId, sessionId, 'moved', oldStart.toISOString());
  });
  return presentOne(context, groupId, sessionId);
}

/** Cancels a session with a note members see, and tells everyone at once; or puts it back. */
export async function setCancelled(
  context: ScheduleContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  note: string | null,
  origin: Origin,
) {
  const session = await sessionFor(context, viewer, groupId, sessionId, 'edit');
  mustNotHaveStarted(session);
  const cancel = note !== null;
  if ((session.status === 'cancelled') === cancel) return presentOne(context, groupId, sessionId);
  await context.database.db.transaction().execute(async (trx) => {
    await updateSession(trx, sessionId, {
      status: cancel ? 'cancelled' : 'scheduled',
      cancelNote: note,
      changedByHand: boolValue(context.database.engine, true),
      updatedAt: new Date().toISOString(),
    });
    await context.audit.record(trx, {
      action: cancel ? 'schedule.session_cancelled' : 'schedule.session_restored',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'session', id: sessionId },
      detail: { groupId },
    });
    await announce(context, trx, groupId, sessionId, cancel ? 'cancelled' : 'restored');
  });
  return presentOne(context, groupId, sessionId);
}

/** What changed about a session, for the notice job that tells its people. */
export type SessionChange = 'added' | 'moved' | 'cancelled' | 'restored';

/** Queues the notice to the group's members and facilitators, in the same transaction as the change. */
async function announce(
  context: ScheduleContext,
  trx: Kysely<DB>,
  groupId: string,
  sessionId: string,
  change: SessionChange,
  previousStart?: string,
) {
  await context.jobs.enqueue(trx, {
    kind: 'sessions.announce',
    payload: { groupId, sessionId, change, ...(previousStart && { previousStart }) },
    dedupeKey: `announce:${sessionId}:${change}:${crypto.randomUUID()}`,
  });
}

/** A member's sessions: what is next in each group, and the past ones they were expected at. */
export async function mySessions(context: ScheduleContext, viewer: Viewer, now = new Date()) {
  const db = context.database.db;
  const memberships = (await listOwnMemberships(db, viewer.practiceId, viewer.userId)).filter((m) =>
    ['active', 'on-leave', 'completed', 'left'].includes(m.status),
  );
  const groupIds = [...new Set(memberships.map((m) => m.groupId))];
  const myMemberIds = new Set(memberships.map((m) => m.id));
  const [history, sessions, optOuts] = await Promise.all([
    historiesOf(db, groupIds),
    listSessions(
      db,
      groupIds,
      new Date(now.getTime() - 120 * DAY_MS).toISOString(),
      new Date(now.getTime() + 120 * DAY_MS).toISOString(),
    ),
    db.selectFrom('reminderOptOuts').select('groupId').where('userId', '=', viewer.userId).execute(),
  ]);
  const marks = await attendanceOf(
    db,
    sessions.map((s) => s.id),
  );
  const nowMs = now.getTime();
  const current = new Set(
    memberships.filter((m) => m.status === 'active' || m.status === 'on-leave').map((m) => m.groupId),
  );
  const upcoming = sessions
    .filter((s) => Date.parse(toInstant(s.endsAt)) > nowMs && current.has(s.groupId))
    .slice(0, 12)
    .map((s) => presentMemberSession(s, null, now));
  const past = sessions
    .filter((s) => Date.parse(toInstant(s.endsAt)) <= nowMs)
    .filter((s) => expectedAt(history, s).some((id) => myMemberIds.has(id)))
    .reverse()
    .slice(0, 20)
    .map((s) => {
      const mark = marks.find((m) => m.sessionId === s.id && myMemberIds.has(m.groupMemberId));
      return presentMemberSession(s, (mark?.status as AttendanceStatus | undefined) ?? null, now);
    });
  const off = new Set(optOuts.map((o) => o.groupId));
  const names = new Map(sessions.map((s) => [s.groupId, s.groupName]));
  const groups = await db
    .selectFrom('groups')
    .select(['id', 'name'])
    .where('id', 'in', groupIds.length ? groupIds : [''])
    .execute();
  for (const g of groups) names.set(g.id, g.name);
  return {
    upcoming,
    past,
    groups: [...current].map((id) => ({ id, name: names.get(id) ?? '', remindersOn: !off.has(id) })),
  };
}
