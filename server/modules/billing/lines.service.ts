import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { ATTENDED, type AttendanceStatus } from '../../../domain/attendance.js';
import {
  chargeCents,
  DEFAULT_SESSION_CODE,
  effectiveStatus,
  INTERACTIVE_COMPLEXITY_CODE,
  lacksDiagnosis,
  money,
  outcomesFrom,
  placeOfService,
  takesInteractiveComplexity,
  type AttendedAs,
  type BillingStatus,
  type TelehealthPlace,
} from '../../../domain/billing.js';
import { toInstant } from '../../db/instant.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import { HttpProblem } from '../../platform/problem.js';
import { memberNames, sessionMarks } from '../attendance/attendance.repository.js';
import { groupFor } from '../groups/groups.service.js';
import { openClinicalRecord } from '../notes/notes.service.js';
import { sessionFor } from '../schedule/schedule.service.js';
import {
  billedMembers,
  facilitatedGroups,
  feesOf,
  findLine,
  findPracticeBilling,
  insertLines,
  linesOf,
  markExported,
  noteStatesOf,
  setLineStatus,
  type LineRow,
  type NewLine,
} from './billing.repository.js';
import type { BillingLine, CreateLinesBody, LinesQuery, OutcomeBody, Range } from './billing.schema.js';
import { isBillingAdmin, type BillingContext, type Origin } from './billing.service.js';

/** The instants a range of days covers in the viewer's zone (as dayFor reads days): its first day's start, and the start of the day after its last. */
export function instantsOf(viewer: Viewer, range: { from: string; to: string }) {
  const zone = viewer.timeZone ?? 'UTC';
  const from = DateTime.fromISO(range.from, { zone }).startOf('day');
  const to = DateTime.fromISO(range.to, { zone }).startOf('day').plus({ days: 1 });
  return { from: from.toUTC().toISO()!, to: to.toUTC().toISO()! };
}

/** The groups whose lines the viewer sees: every group for an owner or admin, else those they facilitate. */
async function visibleGroups(context: BillingContext, viewer: Viewer): Promise<string[] | undefined> {
  return isBillingAdmin(viewer) ? undefined : facilitatedGroups(context.database.db, viewer.practiceId, viewer.userId);
}

/**
 * Bills a session for the people named: one line each, under the session's code (90853 unless
 * said), with 90785 for those whose session had interactive complexity. Only people who attended
 * are billed; place of service and modifier 95 follow how they attended (the group's meeting
 * mode; a hybrid group's lines say): online is the practice's telehealth place unless a line says
 * where the member was (10 at home, 02 elsewhere). The fee is the practice's fee for the code, as it is now.
 */
export async function createLines(
  context: BillingContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  input: CreateLinesBody,
  origin: Origin,
) {
  const db = context.database.db;
  const session = await sessionFor(context, viewer, groupId, sessionId, 'edit');
  const group = await groupFor(context, viewer, groupId);
  if (session.status === 'cancelled') throw new HttpProblem(409, 'problem.billing.cancelled');
  if (Date.parse(toInstant(session.startsAt)) > Date.now()) throw new HttpProblem(409, 'problem.billing.notYet');
  const settings = await findPracticeBilling(db, viewer.practiceId);
  if (!settings) throw new HttpProblem(409, 'problem.billing.noSettings');
  const fees = new Map((await feesOf(db, viewer.practiceId)).map((f) => [f.cpt, f.feeCents]));
  const code = input.code ?? DEFAULT_SESSION_CODE;
  if (!takesInteractiveComplexity(code)) {
    const stray = input.lines.flatMap((line, i) =>
      line.interactiveComplexity
        ? [
            {
              field: `body.lines.${i}.interactiveComplexity`,
              key: 'problem.billing.complexityNotWith' as const,
              values: { code },
            },
          ]
        : [],
    );
    if (stray.length > 0)
      throw new HttpProblem(400, 'problem.billing.complexityNotWith', { fields: stray, values: { code } });
  }
  const needed = [code, ...(input.lines.some((l) => l.interactiveComplexity) ? [INTERACTIVE_COMPLEXITY_CODE] : [])];
  for (const cpt of needed)
    if (!fees.has(cpt)) throw new HttpProblem(409, 'problem.billing.noFee', { values: { code: cpt } });

  const marks = new Map((await sessionMarks(db, sessionId)).map((m) => [m.groupMemberId, m.status]));
  const absent = input.lines.flatMap((line, i) =>
    ATTENDED.includes(marks.get(line.memberId) as AttendanceStatus)
      ? []
      : [{ field: `body.lines.${i}.memberId`, key: 'problem.billing.absent' as const }],
  );
  if (absent.length > 0) throw new HttpProblem(400, 'problem.billing.notAttended', { fields: absent });
  const modes = input.lines.flatMap((line, i) =>
    group.meetingMode === 'hybrid' && !line.attendedAs
      ? [{ field: `body.lines.${i}.attendedAs`, key: 'problem.billing.hybridNeedsMode' as const }]
      : [],
  );
  if (modes.length > 0) throw new HttpProblem(400, 'problem.billing.hybridNeedsMode', { fields: modes });
  const attendedAsOf = (line: CreateLinesBody['lines'][number]): AttendedAs =>
    line.attendedAs ?? (group.meetingMode === 'online' ? 'online' : 'in-person');
  const places = input.lines.flatMap((line, i) =>
    line.telehealthPlace && attendedAsOf(line) !== 'online'
      ? [{ field: `body.lines.${i}.telehealthPlace`, key: 'problem.billing.placeOnlyOnline' as const }]
      : [],
  );
  if (places.length > 0) throw new HttpProblem(400, 'problem.billing.placeOnlyOnline', { fields: places });
  const billed = await billedMembers(db, sessionId);
  const twice = input.lines.flatMap((line, i) =>
    billed.has(line.memberId)
      ? [{ field: `body.lines.${i}.memberId`, key: 'problem.billing.alreadyBilled' as const }]
      : [],
  );
  if (twice.length > 0) throw new HttpProblem(409, 'problem.billing.someAlreadyBilled', { fields: twice });

  const people = new Map((await memberNames(db, groupId)).map((m) => [m.id, m.userId]));
  const facilitatorIds = group.facilitators.map((f) => f.userId);
  const clinicianId = facilitatorIds.includes(viewer.userId) ? viewer.userId : (facilitatorIds[0] ?? null);
  const now = new Date().toISOString();
  const rows: NewLine[] = input.lines.map((line) => {
    const addOn = line.interactiveComplexity ? INTERACTIVE_COMPLEXITY_CODE : null;
    return {
      id: crypto.randomUUID(),
      practiceId: viewer.practiceId,
      groupId,
      sessionId,
      groupMemberId: line.memberId,
      userId: people.get(line.memberId) ?? null,
      clinicianId,
      serviceAt: toInstant(session.startsAt),
      cpt: code,
      addOn,
      ...placeOfService(attendedAsOf(line), line.telehealthPlace ?? (settings.telehealthPlace as TelehealthPlace)),
      units: line.units ?? 1,
      feeCents: fees.get(code)!,
      addOnFeeCents: addOn ? fees.get(addOn)! : 0,
      diagnosisCodes: null,
      status: 'open',
      statusNote: null,
      statusChangedBy: viewer.userId,
      statusChangedAt: now,
      exportedAt: null,
      createdBy: viewer.userId,
      createdAt: now,
    };
  });
  await db.transaction().execute(async (trx) => {
    await insertLines(trx, rows);
    await context.audit.record(trx, {
      action: 'billing.lines_created',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'session', id: sessionId },
      detail: { groupId, lines: rows.length, code },
      people: rows.flatMap((r) => (r.userId ? [r.userId] : [])),
    });
  });
  const created = await linesOf(db, viewer.practiceId, {
    lineIds: rows.map((r) => r.id),
  });
  return { lines: await presentLines(context, created) };
}

/**
 * Lines as shown: the status follows the note (an open line is ready once its note is signed and,
 * where a supervisor co-signs, co-signed) and the member's record (an insured member's line needs
 * a diagnosis code there, else it shows `needs-diagnosis`); diagnosis codes come from the member's record until the
 * line is exported, then from the line as it was claimed.
 */
export async function presentLines(context: BillingContext, rows: readonly LineRow[]): Promise<BillingLine[]> {
  const db = context.database.db;
  const open = rows.filter((r) => r.status === 'open');
  const signed = await noteStatesOf(db, open);
  const records = new Map<string, { codes: string[]; missing: boolean }>();
  for (const userId of new Set(open.flatMap((r) => (r.userId ? [r.userId] : [])))) {
    const record = (await openClinicalRecord(db, context.cipher, open[0]!.practiceId, userId))?.details;
    records.set(userId, { codes: record?.diagnosisCodes ?? [], missing: lacksDiagnosis(record) });
  }
  return rows.map((r) => ({
    id: r.id,
    groupId: r.groupId,
    groupName: r.groupName,
    timeZone: r.timeZone,
    sessionId: r.sessionId,
    memberId: r.groupMemberId,
    userId: r.userId,
    memberName: r.memberName,
    clinicianId: r.clinicianId,
    clinicianName: r.clinicianName,
    serviceAt: toInstant(r.serviceAt),
    cpt: r.cpt,
    addOn: r.addOn,
    placeOfService: r.placeOfService,
    modifier: r.modifier,
    units: r.units,
    feeCents: r.feeCents,
    addOnFeeCents: r.addOnFeeCents,
    diagnosisCodes:
      r.status === 'open'
        ? (records.get(r.userId ?? '')?.codes ?? [])
        : r.diagnosisCodes
          ? (JSON.parse(
              context.cipher.decrypt(r.diagnosisCodes, sealedIn('billingLines.diagnosisCodes', r.id)),
            ) as string[])
          : [],
    status: effectiveStatus(
      r.status,
      signed.has(`${r.sessionId}/${r.groupMemberId}`),
      records.get(r.userId ?? '')?.missing ?? true,
    ),
    statusNote: r.statusNote ? context.cipher.decrypt(r.statusNote, sealedIn('billingLines.statusNote', r.id)) : null,
    statusChangedAt: toInstant(r.statusChangedAt),
    paidCents: r.paidCents ?? null,
  }));
}

/** A session's lines, for those who bill it. Audited, naming whose lines were shown. */
export async function sessionLines(
  context: BillingContext,
  viewer: Viewer,
  groupId: string,
  sessionId: string,
  origin: Origin,
) {
  await sessionFor(context, viewer, groupId, sessionId, 'edit');
  const db = context.database.db;
  const lines = await presentLines(context, await linesOf(db, viewer.practiceId, { sessionId }));
  if (lines.length > 0)
    await context.audit.record(db, {
      action: 'billing.lines_viewed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'session', id: sessionId },
      detail: { groupId, lines: lines.length },
      people: [...new Set(lines.flatMap((l) => (l.userId ? [l.userId] : [])))],
    });
  return { lines };
}

/** The lines of a range the viewer may see, as shown; with a status, only those. Audited, naming whose lines were shown. */
export async function listLines(context: BillingContext, viewer: Viewer, query: LinesQuery, origin: Origin) {
  const db = context.database.db;
  const rows = await linesOf(db, viewer.practiceId, {
    ...instantsOf(viewer, query),
    groupIds: await visibleGroups(context, viewer),
  });
  const lines = (await presentLines(context, rows)).filter((l) => !query.status || l.status === query.status);
  if (lines.length > 0)
    await context.audit.record(db, {
      action: 'billing.lines_viewed',
      ...actorOf(viewer),
      ...origin,
      detail: { from: query.from, to: query.to, lines: lines.length },
      people: [...new Set(lines.flatMap((l) => (l.userId ? [l.userId] : [])))],
    });
  return { lines };
}

const OUTCOME_ACTIONS = {
  paid: 'billing.paid',
  denied: 'billing.denied',
  'written-off': 'billing.written_off',
} as const;

/** Records what became of an exported line: paid, denied or written off, with a note. */
export async function recordOutcome(
  context: BillingContext,
  viewer: Viewer,
  lineId: string,
  input: OutcomeBody,
  origin: Origin,
) {
  const db = context.database.db;
  const line = await findLine(db, viewer.practiceId, lineId);
  const groups = await visibleGroups(context, viewer);
  if (!line || (groups && !groups.includes(line.groupId))) throw new HttpProblem(404, 'problem.billing.noSuchLine');
  const [shown] = await presentLines(context, await linesOf(db, viewer.practiceId, { lineIds: [lineId] }));
  const from = shown!.status;
  if (!outcomesFrom(from).includes(input.status))
    throw new HttpProblem(409, 'problem.billing.outcomeNotAllowed', {
      values: { status: from, outcome: input.status },
      field: 'body.status',
    });
  const charge = chargeCents(shown!);
  if (input.paidCents !== undefined && input.status !== 'paid')
    throw new HttpProblem(400, 'problem.billing.paidOnlyWhenPaid', { field: 'body.paidCents' });
  if (input.paidCents !== undefined && input.paidCents > charge)
    throw new HttpProblem(400, 'problem.billing.paidOverCharge', {
      field: 'body.paidCents',
      values: { charge: money(charge) },
    });
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const moved = await setLineStatus(trx, lineId, line.status, {
      status: input.status,
      statusNote: input.note ? context.cipher.encrypt(input.note, sealedIn('billingLines.statusNote', lineId)) : null,
      statusChangedBy: viewer.userId,
      statusChangedAt: at,
      paidCents: input.status === 'paid' ? (input.paidCents ?? charge) : null,
    });
    if (!moved)
      throw new HttpProblem(409, 'problem.billing.outcomeNotAllowed', {
        values: { status: from, outcome: input.status },
        field: 'body.status',
      });
    await context.audit.record(trx, {
      action: OUTCOME_ACTIONS[input.status],
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'billing_line', id: lineId },
      detail: { from },
      people: line.userId ? [line.userId] : [],
    });
  });
  const [changed] = await presentLines(context, await linesOf(db, viewer.practiceId, { lineIds: [lineId] }));
  return changed!;
}

/**
 * Exports the ready lines of a range the viewer may see: each becomes exported, with the
 * diagnosis codes it is claimed under sealed onto it, in one transaction with the audit record.
 * A line that needs a diagnosis is left out and stays open, to go in a later export once the
 * record has one (decision 0039). Nothing ready is a 409 that says why, naming who needs a
 * diagnosis when that is the reason.
 */
export async function exportLines(context: BillingContext, viewer: Viewer, range: Range, origin: Origin) {
  const db = context.database.db;
  const rows = await linesOf(db, viewer.practiceId, {
    ...instantsOf(viewer, range),
    groupIds: await visibleGroups(context, viewer),
  });
  const shown = await presentLines(context, rows);
  const ready = shown.filter((l) => l.status === 'ready');
  if (ready.length === 0) {
    const waiting = shown.filter((l) => l.status === 'needs-diagnosis');
    if (waiting.length > 0)
      throw new HttpProblem(409, 'problem.billing.nothingReadyNeedsDiagnosis', {
        values: { count: waiting.length, names: [...new Set(waiting.map((l) => l.memberName))].join(', ') },
      });
    throw new HttpProblem(409, 'problem.billing.nothingReady');
  }
  const at = new Date().toISOString();
  const exported: BillingLine[] = [];
  const sealed = ready.map((line) => ({
    id: line.id,
    diagnosisCodes: context.cipher.encrypt(
      JSON.stringify(line.diagnosisCodes),
      sealedIn('billingLines.diagnosisCodes', line.id),
    ),
  }));
  await db.transaction().execute(async (trx) => {
    const marked = await markExported(trx, sealed, { by: viewer.userId, at });
    for (const line of ready)
      if (marked.has(line.id)) exported.push({ ...line, status: 'exported' as BillingStatus, statusChangedAt: at });
    await context.audit.record(trx, {
      action: 'billing.exported',
      ...actorOf(viewer),
      ...origin,
      detail: { from: range.from, to: range.to, lines: exported.length },
      people: [...new Set(exported.flatMap((l) => (l.userId ? [l.userId] : [])))],
    });
  });
  return exported;
}
