import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ScreeningLevel } from '../../../domain/crisis-screening.js';
import {
  isShippedCardId,
  SHIPPED_SKILL_CARDS,
  shippedCard,
  weeklyPractice,
  type PracticeVisibility,
} from '../../../domain/skills.js';
import { toInstant } from '../../db/instant.js';
import type { DB } from '../../db/schema.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { HttpProblem } from '../../platform/problem.js';
import { raiseMemberAlert } from '../alerts/member-alert.js';
import { groupFor, readsClinical, type GroupsContext } from '../groups/groups.service.js';
import { actingMember } from '../membership/acting-member.js';
import { screenForPractice } from '../lexicon/lexicon.service.js';
import {
  assignmentFor,
  feedbackOn,
  findGroupSession,
  findLog,
  findPracticeCard,
  groupAssignments,
  groupMemberships,
  insertAssignment,
  insertCard,
  insertFeedback,
  insertLog,
  ownLogs,
  ownMemberships,
  practiceCards,
  sharedLogs,
  updateCard,
  updateLog,
} from './skills.repository.js';
import type { AssignmentBody, CardBody, FeedbackBody, LogBody, LogChange } from './skills.schema.js';
import { groupName, presentLog, presentPracticeCard, presentShipped, type PresentedCard } from './skills.presenter.js';

export type SkillsContext = GroupsContext & { cipher: ClinicalCipher; jobs: JobQueue };
type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;
type Db = Kysely<DB>;

/** Statuses whose members practise and see what their group shares. */
const PRACTISING = new Set(['active', 'on-leave']);

// ---------------------------------------------------------------------------------------------
// Cards

/** Every card the practice may use: Hearth's own in the reader's language, then the practice's. */
export async function listCards(context: SkillsContext, viewer: Viewer, locale: string) {
  const own = await practiceCards(context.database.db, viewer.practiceId);
  return { cards: [...SHIPPED_SKILL_CARDS.map((c) => presentShipped(c, locale)), ...own.map(presentPracticeCard)] };
}

/** One card by id, for anyone in the practice (the live room shows one in a role-play); 404 otherwise. */
export async function cardById(db: Db, practiceId: string, cardId: string, locale: string): Promise<PresentedCard> {
  const shipped = shippedCard(cardId);
  if (shipped) return presentShipped(shipped, locale);
  const own = await findPracticeCard(db, practiceId, cardId);
  if (!own) throw new HttpProblem(404, 'problem.skills.cardNotFound');
  return presentPracticeCard(own);
}

/** The titles of many cards at once, for lists of assignments and logs. */
async function cardsById(db: Db, practiceId: string, locale: string): Promise<Map<string, PresentedCard>> {
  const own = await practiceCards(db, practiceId);
  return new Map(
    [...SHIPPED_SKILL_CARDS.map((c) => presentShipped(c, locale)), ...own.map(presentPracticeCard)].map((c) => [
      c.id,
      c,
    ]),
  );
}

/** A practice's own card; `basedOn` must name a card the practice can see. */
export async function createCard(
  context: SkillsContext,
  viewer: Viewer,
  body: CardBody,
  locale: string,
  origin: Origin,
): Promise<PresentedCard> {
  const db = context.database.db;
  if (body.basedOn) {
    await cardById(db, viewer.practiceId, body.basedOn, locale).catch(() => {
      throw new HttpProblem(422, 'problem.skills.cardNotFound', { field: 'basedOn' });
    });
  }
  const now = new Date().toISOString();
  const id = crypto.randomUUID();
  await db.transaction().execute(async (trx) => {
    await insertCard(trx, {
      id,
      practiceId: viewer.practiceId,
      language: body.language,
      basedOn: body.basedOn ?? null,
      title: body.title,
      purpose: body.purpose,
      steps: JSON.stringify(body.steps),
      example: body.example,
      prompt: body.prompt,
      createdBy: viewer.userId,
      createdAt: now,
      updatedAt: now,
    });
    await context.audit.record(trx, {
      action: 'skills.card_created',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'skill_card', id },
      detail: { basedOn: body.basedOn ?? null },
    });
  });
  return cardById(db, viewer.practiceId, id, locale);
}

/** Changes a practice's own card; Hearth's own cards stay as shipped (403: copy one to adapt it). */
export async function changeCard(
  context: SkillsContext,
  viewer: Viewer,
  cardId: string,
  body: CardBody,
  locale: string,
  origin: Origin,
): Promise<PresentedCard> {
  const db = context.database.db;
  if (isShippedCardId(cardId)) {
    if (shippedCard(cardId)) throw new HttpProblem(403, 'problem.skills.shippedReadOnly');
    throw new HttpProblem(404, 'problem.skills.cardNotFound');
  }
  if (!(await findPracticeCard(db, viewer.practiceId, cardId)))
    throw new HttpProblem(404, 'problem.skills.cardNotFound');
  await db.transaction().execute(async (trx) => {
    await updateCard(trx, viewer.practiceId, cardId, {
      language: body.language,
      title: body.title,
      purpose: body.purpose,
      steps: JSON.stringify(body.steps),
      example: body.example,
      prompt: body.prompt,
      updatedAt: new Date().toISOString(),
    });
    await context.audit.record(trx, {
      action: 'skills.card_changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'skill_card', id: cardId },
    });
  });
  return cardById(db, viewer.practiceId, cardId, locale);
}

// ---------------------------------------------------------------------------------------------
// Assignments

type AssignmentRow = Awaited<ReturnType<typeof groupAssignments>>[number];

function presentAssignment(row: AssignmentRow, cards: Map<string, PresentedCard>, staff: boolean) {
  const card = cards.get(row.cardId);
  if (!card) return [];
  return [
    {
      id: row.id,
      groupId: row.groupId,
      card,
      memberId: row.groupMemberId,
      memberName: row.groupMemberId
        ? groupName({ displayName: row.memberDisplayName, name: row.memberName ?? '' }, staff)
        : null,
      dueAt: row.dueAt ? toInstant(row.dueAt) : null,
      note: row.note,
      createdAt: toInstant(row.createdAt),
    },
  ];
}

/** Gives a card to the whole group or to one member of it, due by one of its sessions. */
export async function assignCard(
  context: SkillsContext,
  viewer: Viewer,
  groupId: string,
  body: AssignmentBody,
  locale: string,
  origin: Origin,
) {
  const db = context.database.db;
  await groupFor(context, viewer, groupId, 'edit');
  const problems: Array<{
    field: string;
    key: 'problem.skills.cardNotFound' | 'problem.skills.notInGroup' | 'problem.skills.noSuchSession';
  }> = [];
  if (!shippedCard(body.cardId) && !(await findPracticeCard(db, viewer.practiceId, body.cardId)))
    problems.push({ field: 'cardId', key: 'problem.skills.cardNotFound' });
  if (body.memberId) {
    const member = (await groupMemberships(db, groupId)).find((m) => m.id === body.memberId);
    if (!member || !PRACTISING.has(member.status))
      problems.push({ field: 'memberId', key: 'problem.skills.notInGroup' });
  }
  if (body.dueSessionId) {
    const session = await findGroupSession(db, groupId, body.dueSessionId);
    if (!session || session.status !== 'scheduled')
      problems.push({ field: 'dueSessionId', key: 'problem.skills.noSuchSession' });
  }
  if (problems.length > 0) throw new HttpProblem(422, problems[0]!.key, { fields: problems });
  const id = crypto.randomUUID();
  await db.transaction().execute(async (trx) => {
    await insertAssignment(trx, {
      id,
      practiceId: viewer.practiceId,
      groupId,
      cardId: body.cardId,
      groupMemberId: body.memberId ?? null,
      dueSessionId: body.dueSessionId ?? null,
      note: body.note || null,
      createdBy: viewer.userId,
      createdAt: new Date().toISOString(),
    });
    await context.audit.record(trx, {
      action: 'skills.assigned',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'skill_assignment', id },
      detail: { groupId, cardId: body.cardId, wholeGroup: !body.memberId },
    });
  });
  const cards = await cardsById(db, viewer.practiceId, locale);
  const row = (await groupAssignments(db, [groupId])).find((a) => a.id === id)!;
  return presentAssignment(row, cards, true)[0]!;
}

// ---------------------------------------------------------------------------------------------
// Logs

function openLog(context: SkillsContext, row: { id: string; situation: string; learned: string | null }) {
  return {
    situation: context.cipher.decrypt(row.situation, sealedIn('practiceLogs.situation', row.id)),
    learned: row.learned ? context.cipher.decrypt(row.learned, sealedIn('practiceLogs.learned', row.id)) : null,
  };
}

/**
 * The one place where crisis-language screening (domain/crisis-screening, PRODUCT.md §5) decides
 * whether words a member shares with the group (a shared log, peer feedback) reach the group, with
 * the practice's own rules: any match, urgent or flagged, holds them with the facilitators (false
 * alarms are cheap, misses are not), the author is shown crisis resources, and
 * `alertHeldWords` tells the facilitators.
 */
async function screeningOfSharedWords(
  context: SkillsContext,
  viewer: Viewer,
  texts: ReadonlyArray<string | null | undefined>,
): Promise<ScreeningLevel> {
  const words = texts.filter((text): text is string => Boolean(text)).join('\n');
  return words ? (await screenForPractice(context.database.db, viewer.practiceId, words)).level : 'none';
}

/** The facilitators' alert about shared words screening held; urgent matches escalate. */
function alertHeldWords(
  context: SkillsContext,
  trx: Db,
  viewer: Viewer,
  origin: Origin,
  level: ScreeningLevel,
  held: { subjectId: string; detail: Record<string, string>; groupId: string; groupMemberId: string },
) {
  if (level === 'none') return null;
  return raiseMemberAlert(context, trx, viewer, origin, {
    kind: 'skills.crisis-language',
    ...held,
    urgency: level === 'urgent' ? 'urgent' : 'routine',
  });
}

/**
 * Logs a practice of a card assigned to the member (to them or to their whole group): 422 naming
 * `cardId` for a card they were not given. A log shared with the group goes through screening; a
 * held one reaches the facilitators only, and the answer says so.
 */
export async function logPractice(
  context: SkillsContext,
  viewer: Viewer,
  body: LogBody,
  locale: string,
  origin: Origin,
) {
  const db = context.database.db;
  const member = await actingMember(db, viewer, body.groupId, 'practice');
  const assignment = await assignmentFor(db, body.groupId, member.id, body.cardId);
  if (!assignment) throw new HttpProblem(422, 'problem.skills.notAssigned', { field: 'cardId' });
  let visibility: PracticeVisibility = body.visibility;
  let screening: ScreeningLevel = 'none';
  if (visibility === 'group') {
    screening = await screeningOfSharedWords(context, viewer, [body.situation, body.learned]);
    if (screening !== 'none') visibility = 'facilitators';
  }
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await insertLog(trx, {
      id,
      practiceId: viewer.practiceId,
      groupId: body.groupId,
      groupMemberId: member.id,
      assignmentId: assignment.id,
      cardId: body.cardId,
      situation: context.cipher.encrypt(body.situation, sealedIn('practiceLogs.situation', id)),
      learned: body.learned ? context.cipher.encrypt(body.learned, sealedIn('practiceLogs.learned', id)) : null,
      rating: body.rating,
      visibility,
      sharedAt: visibility === 'group' ? now : null,
      createdAt: now,
      updatedAt: now,
    });
    await context.audit.record(trx, {
      action: 'skills.practice_logged',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'practice_log', id },
      detail: { groupId: body.groupId, cardId: body.cardId, visibility, held: screening !== 'none' },
    });
    await alertHeldWords(context, trx, viewer, origin, screening, {
      subjectId: id,
      detail: { practiceLogId: id },
      groupId: body.groupId,
      groupMemberId: member.id,
    });
  });
  return { log: await ownLog(context, viewer, id, locale), held: screening !== 'none' };
}

/** The viewer's own log; 404 for anyone else's, exactly as for one that does not exist. */
async function ownRow(context: SkillsContext, viewer: Viewer, logId: string) {
  const row = await findLog(context.database.db, viewer.practiceId, logId);
  if (!row || row.userId !== viewer.userId) throw new HttpProblem(404, 'problem.skills.logNotFound');
  return row;
}

export async function ownLog(context: SkillsContext, viewer: Viewer, logId: string, locale: string) {
  const row = await ownRow(context, viewer, logId);
  const cards = await cardsById(context.database.db, viewer.practiceId, locale);
  return presentLog(row, { ...openLog(context, row), cardTitle: cards.get(row.cardId)?.title ?? '' });
}

/**
 * Changes the viewer's own log: its words, its rating, and who sees it. Stopping sharing is
 * always possible; sharing with the group again needs a place in the group.
 */
export async function changeLog(
  context: SkillsContext,
  viewer: Viewer,
  logId: string,
  change: LogChange,
  locale: string,
  origin: Origin,
) {
  const db = context.database.db;
  const row = await ownRow(context, viewer, logId);
  const current = openLog(context, row);
  let visibility = change.visibility;
  let screening: ScreeningLevel = 'none';
  if (visibility === 'group') {
    await actingMember(db, viewer, row.groupId, 'practice');
    const texts = [change.situation ?? current.situation, change.learned ?? current.learned];
    screening = await screeningOfSharedWords(context, viewer, texts);
    if (screening !== 'none') visibility = 'facilitators';
  }
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await updateLog(trx, logId, {
      ...(change.situation !== undefined && {
        situation: context.cipher.encrypt(change.situation, sealedIn('practiceLogs.situation', logId)),
      }),
      ...(change.learned !== undefined && {
        learned: change.learned
          ? context.cipher.encrypt(change.learned, sealedIn('practiceLogs.learned', logId))
          : null,
      }),
      ...(change.rating !== undefined && { rating: change.rating }),
      ...(visibility !== undefined && {
        visibility,
        sharedAt: visibility === 'group' ? now : null,
      }),
      updatedAt: now,
    });
    await context.audit.record(trx, {
      action: 'skills.practice_changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'practice_log', id: logId },
      detail: { groupId: row.groupId, ...(visibility !== undefined && { visibility }), held: screening !== 'none' },
    });
    await alertHeldWords(context, trx, viewer, origin, screening, {
      subjectId: logId,
      detail: { practiceLogId: logId },
      groupId: row.groupId,
      groupMemberId: row.groupMemberId,
    });
  });
  return { log: await ownLog(context, viewer, logId, locale), held: screening !== 'none' };
}

/** A member's practice: their groups, what they were given to practise, and their own logs. */
export async function mySkills(context: SkillsContext, viewer: Viewer, locale: string) {
  const db = context.database.db;
  const memberships = await ownMemberships(db, viewer.practiceId, viewer.userId);
  const open = memberships.filter((m) => PRACTISING.has(m.status));
  const mine = new Set(memberships.map((m) => m.id));
  const [cards, assignments, logs] = await Promise.all([
    cardsById(db, viewer.practiceId, locale),
    groupAssignments(
      db,
      open.map((m) => m.groupId),
    ),
    ownLogs(db, viewer.practiceId, viewer.userId),
  ]);
  return {
    groups: memberships
      .filter((m) => open.includes(m) || logs.some((l) => l.groupId === m.groupId))
      .map((m) => ({ id: m.groupId, name: m.groupName, open: PRACTISING.has(m.status) })),
    assignments: assignments
      .filter((a) => !a.groupMemberId || mine.has(a.groupMemberId))
      .flatMap((a) => presentAssignment(a, cards, false)),
    logs: logs.map((row) =>
      presentLog(row, { ...openLog(context, row), cardTitle: cards.get(row.cardId)?.title ?? '' }),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Sharing and feedback

type SharedRow = Awaited<ReturnType<typeof sharedLogs>>[number];

/** Shared logs with their feedback, as a peer (`staff` false) or a facilitator sees them. */
async function presentShared(
  context: SkillsContext,
  viewer: Viewer,
  rows: SharedRow[],
  cards: Map<string, PresentedCard>,
  staff: boolean,
) {
  const feedback = await feedbackOn(
    context.database.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    ...presentLog(row, { ...openLog(context, row), cardTitle: cards.get(row.cardId)?.title ?? '' }),
    author: groupName(row, staff),
    mine: row.userId === viewer.userId,
    feedback: feedback
      .filter((f) => f.logId === row.id)
      // Held feedback reaches the facilitators and its own author only.
      .filter((f) => staff || f.status === 'shown' || f.userId === viewer.userId)
      .map((f) => ({
        id: f.id,
        from: groupName(f, staff),
        mine: f.userId === viewer.userId,
        worked: f.worked ? context.cipher.decrypt(f.worked, sealedIn('practiceFeedback.worked', f.id)) : null,
        tryNext: f.tryNext ? context.cipher.decrypt(f.tryNext, sealedIn('practiceFeedback.tryNext', f.id)) : null,
        held: f.status === 'held',
        createdAt: toInstant(f.createdAt),
      })),
  }));
}

/** What the members of a group have shared with it, for a member who still has a place in it. */
export async function sharedInGroup(
  context: SkillsContext,
  viewer: Viewer,
  groupId: string,
  locale: string,
  origin: Origin,
) {
  const db = context.database.db;
  await actingMember(db, viewer, groupId, 'practice');
  const [rows, cards, group] = await Promise.all([
    sharedLogs(db, groupId, ['group']),
    cardsById(db, viewer.practiceId, locale),
    db.selectFrom('groups').select(['id', 'name']).where('id', '=', groupId).executeTakeFirstOrThrow(),
  ]);
  const others = rows.filter((r) => r.userId && r.userId !== viewer.userId);
  if (others.length > 0)
    await context.audit.record(db, {
      action: 'skills.shared_practice_viewed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group', id: groupId },
      people: [...new Set(others.map((r) => r.userId!))],
    });
  return { group, entries: await presentShared(context, viewer, rows, cards, false) };
}

/**
 * A peer's feedback on a log shared with their group: "what worked" and "something you might
 * try". Not on one's own log (409); 404 for a log not shared with a group the viewer is in.
 */
export async function giveFeedback(
  context: SkillsContext,
  viewer: Viewer,
  logId: string,
  body: FeedbackBody,
  origin: Origin,
) {
  const db = context.database.db;
  const log = await findLog(db, viewer.practiceId, logId);
  if (!log || log.visibility !== 'group') throw new HttpProblem(404, 'problem.skills.logNotFound');
  const own = await db
    .selectFrom('groupMembers')
    .select('id')
    .where('groupId', '=', log.groupId)
    .where('userId', '=', viewer.userId)
    .executeTakeFirst();
  if (!own) throw new HttpProblem(404, 'problem.skills.logNotFound');
  const member = await actingMember(db, viewer, log.groupId, 'practice');
  if (log.userId === viewer.userId) throw new HttpProblem(409, 'problem.skills.ownLog');
  const screening = await screeningOfSharedWords(context, viewer, [body.worked, body.tryNext]);
  const status = screening === 'none' ? 'shown' : 'held';
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await insertFeedback(trx, {
      id,
      practiceId: viewer.practiceId,
      logId,
      groupMemberId: member.id,
      worked: body.worked ? context.cipher.encrypt(body.worked, sealedIn('practiceFeedback.worked', id)) : null,
      tryNext: body.tryNext ? context.cipher.encrypt(body.tryNext, sealedIn('practiceFeedback.tryNext', id)) : null,
      status,
      createdAt: now,
    });
    await context.audit.record(trx, {
      action: 'skills.feedback_given',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'practice_log', id: logId },
      detail: { groupId: log.groupId, feedbackId: id, held: status === 'held' },
    });
    await alertHeldWords(context, trx, viewer, origin, screening, {
      subjectId: id,
      detail: { practiceLogId: logId, feedbackId: id },
      groupId: log.groupId,
      groupMemberId: member.id,
    });
  });
  return {
    id,
    from: member.displayName ?? '',
    mine: true,
    worked: body.worked || null,
    tryNext: body.tryNext || null,
    held: status === 'held',
    createdAt: now,
  };
}

// ---------------------------------------------------------------------------------------------
// The facilitators' view

/**
 * A group's practice for its staff: assignments, and how practice went over time for the group
 * and each member, from logs their authors shared with the facilitators or the group (private
 * logs never count). An owner or admin who does not facilitate sees the group's totals only
 * (decision 0019). Reading members' logs is audited, naming whose.
 */
export async function groupSkills(
  context: SkillsContext,
  viewer: Viewer,
  groupId: string,
  locale: string,
  origin: Origin,
) {
  const db = context.database.db;
  const group = await groupFor(context, viewer, groupId);
  const clinical = readsClinical(viewer, group);
  const [cards, assignments, rows, members] = await Promise.all([
    cardsById(db, viewer.practiceId, locale),
    groupAssignments(db, [groupId]),
    sharedLogs(db, groupId, ['facilitators', 'group']),
    groupMemberships(db, groupId),
  ]);
  const rated = (list: typeof rows) => list.map((r) => ({ at: toInstant(r.createdAt), rating: r.rating }));
  const skills = [...new Set(rows.map((r) => r.cardId))].map((cardId) => {
    const of = rows.filter((r) => r.cardId === cardId);
    return {
      cardId,
      title: cards.get(cardId)?.title ?? '',
      count: of.length,
      mean: Math.round((of.reduce((s, r) => s + r.rating, 0) / of.length) * 10) / 10,
    };
  });
  const perMember = clinical
    ? members
        .filter((m) => rows.some((r) => r.groupMemberId === m.id) || PRACTISING.has(m.status))
        .map((m) => {
          const own = rows.filter((r) => r.groupMemberId === m.id);
          return {
            memberId: m.id,
            name: m.name,
            displayName: m.displayName,
            count: own.length,
            weeks: weeklyPractice(rated(own), group.timeZone),
            entries: own.map((r) => ({
              at: toInstant(r.createdAt),
              cardTitle: cards.get(r.cardId)?.title ?? '',
              rating: r.rating,
            })),
          };
        })
        .sort((a, b) => (a.displayName ?? a.name).localeCompare(b.displayName ?? b.name))
    : [];
  if (clinical && rows.length > 0)
    await context.audit.record(db, {
      action: 'clinical.practice_viewed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group', id: groupId },
      people: [...new Set(rows.filter((r) => r.userId).map((r) => r.userId!))],
    });
  return {
    group: { id: group.id, name: group.name, timeZone: group.timeZone },
    clinical,
    assignments: assignments.flatMap((a) => presentAssignment(a, cards, true)),
    progress: { weeks: weeklyPractice(rated(rows), group.timeZone), bySkill: skills, members: perMember },
    shared: clinical ? await presentShared(context, viewer, rows, cards, true) : [],
  };
}
