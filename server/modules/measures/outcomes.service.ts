import crypto from 'node:crypto';
import { attendanceRate, type AttendanceStatus } from '../../../domain/attendance.js';
import { scoreRange, type Instrument } from '../../../domain/instruments.js';
import { changeBetween, type Change } from '../../../domain/scoring.js';
import { toInstant } from '../../db/instant.js';
import { ADMIN_ROLES } from '../../../domain/roles.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { toCsv } from '../../platform/csv.js';
import { HttpProblem } from '../../platform/problem.js';
import { groupMarks, memberNames } from '../attendance/attendance.repository.js';
import { groupFor } from '../groups/groups.service.js';
import { listOwnMemberships } from '../membership/membership.repository.js';
import { catalogue, CHANGE_WORDS, readAnswers, type MeasuresContext } from './measures.service.js';
import { formsWithAnswers, groupPlan, submittedForms } from './measures.repository.js';

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;
type Submitted = Awaited<ReturnType<typeof submittedForms>>[number];

/** A series of totals over time, and the change from the first to the latest. */
function trajectory(instrument: Instrument, forms: Submitted[]) {
  const points = forms
    .filter((f) => f.total !== null)
    .map((f) => ({ at: toInstant(f.submittedAt!), total: f.total!, band: f.band }));
  const first = points[0];
  const last = points[points.length - 1];
  const change: Change | null =
    first && last && points.length > 1 ? changeBetween(instrument, first.total, last.total) : null;
  return { points, latest: last ?? null, change };
}

/** The mean of Hearth's session scales, per session (or per day when not tied to a session). */
function trend(forms: Submitted[]) {
  const byOccasion = new Map<string, { at: string; totals: number[] }>();
  for (const f of forms) {
    if (f.total === null) continue;
    const key = f.sessionId ?? toInstant(f.submittedAt!).slice(0, 10);
    const entry = byOccasion.get(key) ?? { at: toInstant(f.submittedAt!), totals: [] };
    entry.totals.push(f.total);
    byOccasion.set(key, entry);
  }
  return [...byOccasion.values()].map((e) => ({
    at: e.at,
    mean: Math.round((e.totals.reduce((a, b) => a + b, 0) / e.totals.length) * 10) / 10,
    responses: e.totals.length,
  }));
}

function describeInstrument(instrument: Instrument) {
  return {
    id: instrument.id,
    shortName: instrument.shortName,
    name: instrument.name,
    validated: instrument.validated,
    range: scoreRange(instrument),
    bands: instrument.bands,
    direction: instrument.change?.direction ?? 'higher-is-worse',
    rules: [
      instrument.change?.practicalChange &&
        `Reliable change: ${instrument.change.practicalChange.value} points (${instrument.change.practicalChange.source}).`,
      instrument.change?.caseness &&
        `Caseness (the clinical cut-off): ${instrument.change.direction === 'higher-is-better' ? 'below' : 'at or above'} ${instrument.change.caseness.value} (${instrument.change.caseness.source}).`,
      instrument.change?.caseness &&
        'Recovered: above the cut-off at the first score and not at the latest. Reliably recovered: recovered, with a reliable improvement too.',
    ].filter((r): r is string => Boolean(r)),
  };
}

/**
 * The roster view (PRODUCT.md §3.5): every member's trajectory on the group's main measure side by
 * side, their latest band and change, attendance and open alerts, and the group's climate and
 * check-out trends. The group's clinicians and supervisors see members; an owner or admin who does
 * not facilitate the group sees aggregates only (PRODUCT.md §6). Reading members' scores is audited.
 */
export async function groupOutcomes(context: MeasuresContext, viewer: Viewer, groupId: string, origin: Origin) {
  const group = await groupFor(context, viewer, groupId);
  const db = context.database.db;
  const facilitates = group.facilitators.some((f) => f.userId === viewer.userId);
  const individual = facilitates || !ADMIN_ROLES.includes(viewer.role);
  const [instruments, plan, forms, names, marks, alerts] = await Promise.all([
    catalogue(db, viewer.practiceId),
    groupPlan(db, [groupId]),
    submittedForms(db, [groupId]),
    memberNames(db, groupId),
    groupMarks(db, groupId),
    db
      .selectFrom('alerts')
      .select(['groupMemberId', 'urgency'])
      .where('groupId', '=', groupId)
      .where('resolvedAt', 'is', null)
      .execute(),
  ]);
  const outcomeIds = [...new Set(plan.map((p) => p.instrumentId))].filter(
    (id) => instruments.get(id)?.purpose === 'outcome',
  );
  const mainId = plan.find((p) => p.main)?.instrumentId ?? outcomeIds[0] ?? null;
  const main = mainId ? instruments.get(mainId) : undefined;
  const members = names
    .filter((n) => ['active', 'on-leave', 'completed', 'left'].includes(n.status))
    .map((n) => {
      const own = forms.filter((f) => f.groupMemberId === n.id);
      const mainSeries = main
        ? trajectory(
            main,
            own.filter((f) => f.instrumentId === main.id),
          )
        : null;
      return {
        memberId: n.id,
        name: n.name,
        displayName: n.displayName,
        status: n.status,
        main: mainSeries,
        others: outcomeIds
          .filter((id) => id !== mainId)
          .map((id) => {
            const t = trajectory(
              instruments.get(id)!,
              own.filter((f) => f.instrumentId === id),
            );
            return { instrumentId: id, shortName: instruments.get(id)!.shortName, latest: t.latest, change: t.change };
          }),
        attendance: attendanceRate(
          marks.filter((m) => m.groupMemberId === n.id).map((m) => m.status as AttendanceStatus),
        ),
        openAlerts: alerts.filter((a) => a.groupMemberId === n.id).length,
        urgentAlerts: alerts.filter((a) => a.groupMemberId === n.id && a.urgency === 'urgent').length,
      };
    })
    .sort((a, b) => (a.displayName ?? a.name).localeCompare(b.displayName ?? b.name));
  const counts = { improved: 0, same: 0, worse: 0, notYet: 0 };
  for (const m of members) {
    const c = m.main?.change?.classification;
    if (c === 'reliable-improvement') counts.improved += 1;
    else if (c === 'reliable-deterioration') counts.worse += 1;
    else if (c === 'no-reliable-change') counts.same += 1;
    else counts.notYet += 1;
  }
  if (individual)
    await context.audit.record(db, {
      action: 'clinical.outcomes_viewed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group', id: groupId },
    });
  return {
    group: { id: group.id, name: group.name },
    view: individual ? ('members' as const) : ('aggregate' as const),
    main: main ? describeInstrument(main) : null,
    members: individual ? members : [],
    counts,
    climate: trend(forms.filter((f) => f.instrumentId === 'hearth-climate')),
    checkout: trend(forms.filter((f) => f.instrumentId === 'hearth-checkout')),
  };
}

/** A member's own progress in plain words, per group and outcome measure. */
export async function myProgress(context: MeasuresContext, viewer: Viewer) {
  const db = context.database.db;
  const memberships = await listOwnMemberships(db, viewer.practiceId, viewer.userId);
  const [instruments, forms] = await Promise.all([
    catalogue(db, viewer.practiceId),
    submittedForms(
      db,
      memberships.map((m) => m.groupId),
    ),
  ]);
  const mine = new Set(memberships.map((m) => m.id));
  const own = forms.filter((f) => mine.has(f.groupMemberId));
  const measures = [];
  for (const m of memberships) {
    for (const id of [...new Set(own.filter((f) => f.groupMemberId === m.id).map((f) => f.instrumentId))]) {
      const instrument = instruments.get(id);
      if (!instrument || instrument.purpose !== 'outcome') continue;
      const t = trajectory(
        instrument,
        own.filter((f) => f.groupMemberId === m.id && f.instrumentId === id),
      );
      if (!t.latest) continue;
      const lowerIsBetter = instrument.change?.direction !== 'higher-is-better';
      const first = t.points[0]!;
      const latestForm = own.filter((f) => f.groupMemberId === m.id && f.instrumentId === id).at(-1);
      const words = latestForm?.safetyFlag
        ? 'Your latest answers tell us things are hard right now. Your facilitator knows and will be in touch.'
        : t.points.length === 1
          ? `Your first ${instrument.shortName} score is ${t.latest.total}. Each time you fill it in, you can see how things move.`
          : `Since you started, your ${instrument.shortName} score has gone from ${first.total} to ${t.latest.total}${
              t.change?.classification ? `: ${CHANGE_WORDS[t.change.classification]}` : ''
            }.`;
      measures.push({
        groupId: m.groupId,
        instrumentId: id,
        shortName: instrument.shortName,
        range: scoreRange(instrument),
        lowerIsBetter,
        points: t.points.map((p) => ({ at: p.at, total: p.total })),
        words,
      });
    }
  }
  return { measures };
}

/**
 * Exports carry every member's answers: only the group's own clinicians take them (PRODUCT.md §6:
 * an owner or admin who does not run the group sees aggregates only).
 */
async function mustFacilitate(context: MeasuresContext, viewer: Viewer, groupId: string): Promise<void> {
  const group = await groupFor(context, viewer, groupId, 'edit');
  if (!group.facilitators.some((f) => f.userId === viewer.userId))
    throw new HttpProblem(403, 'Exports of members’ answers are for the group’s own clinicians.');
}

/** A group's submitted forms, one row each, for a spreadsheet. Audited. */
export async function outcomesCsv(context: MeasuresContext, viewer: Viewer, groupId: string, origin: Origin) {
  await mustFacilitate(context, viewer, groupId);
  const db = context.database.db;
  const [rows, instruments] = await Promise.all([formsWithAnswers(db, groupId), catalogue(db, viewer.practiceId)]);
  await context.audit.record(db, {
    action: 'clinical.outcomes_exported',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'group', id: groupId },
    detail: { format: 'csv', forms: rows.length },
  });
  return toCsv(
    ['member', 'display_name', 'instrument', 'occasion', 'submitted_at', 'total', 'band', 'answers'],
    rows.map((r) => {
      const answers = r.answers ? readAnswers(context, r.answers, r.id) : {};
      return [
        r.name,
        r.displayName,
        instruments.get(r.instrumentId)?.shortName ?? r.instrumentId,
        r.occasion,
        toInstant(r.submittedAt!),
        r.total,
        r.band,
        Object.entries(answers)
          .map(([k, v]) => `${k}=${v}`)
          .join(';'),
      ];
    }),
  );
}

/**
 * A group's submitted forms as a FHIR R4 Bundle: a QuestionnaireResponse per form and an
 * Observation per total, coded with LOINC where the instrument has codes (PRODUCT.md §4) and with
 * Hearth's own code system otherwise. Audited.
 */
export async function outcomesFhir(context: MeasuresContext, viewer: Viewer, groupId: string, origin: Origin) {
  await mustFacilitate(context, viewer, groupId);
  const db = context.database.db;
  const [rows, instruments] = await Promise.all([formsWithAnswers(db, groupId), catalogue(db, viewer.practiceId)]);
  await context.audit.record(db, {
    action: 'clinical.outcomes_exported',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'group', id: groupId },
    detail: { format: 'fhir', forms: rows.length },
  });
  const entry: object[] = [];
  for (const r of rows) {
    const instrument = instruments.get(r.instrumentId);
    if (!instrument) continue;
    const answers = r.answers ? readAnswers(context, r.answers, r.id) : {};
    const authored = toInstant(r.submittedAt!);
    const subject = {
      identifier: { system: `${context.publicUrl}/fhir/group-member`, value: r.groupMemberId },
      display: r.name,
    };
    const qrId = r.id;
    entry.push({
      fullUrl: `urn:uuid:${qrId}`,
      resource: {
        resourceType: 'QuestionnaireResponse',
        id: qrId,
        questionnaire: instrument.loinc
          ? `http://loinc.org/q/${instrument.loinc.panel}`
          : `${context.publicUrl}/fhir/Questionnaire/${instrument.id}`,
        status: 'completed',
        subject,
        authored,
        item: instrument.items
          .filter((item) => answers[item.id] !== undefined)
          .map((item) => {
            const option = (item.options ?? instrument.options).find((o) => o.value === answers[item.id])!;
            return {
              linkId: item.id,
              text: item.text,
              answer: [
                option.loinc
                  ? { valueCoding: { system: 'http://loinc.org', code: option.loinc, display: option.label } }
                  : { valueInteger: option.value },
              ],
            };
          }),
      },
    });
    if (r.total !== null) {
      entry.push({
        fullUrl: `urn:uuid:${crypto.randomUUID()}`,
        resource: {
          resourceType: 'Observation',
          status: 'final',
          category: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/observation-category',
                  code: 'survey',
                  display: 'Survey',
                },
              ],
            },
          ],
          code: instrument.loinc
            ? {
                coding: [
                  {
                    system: 'http://loinc.org',
                    code: instrument.loinc.total,
                    display: `${instrument.shortName} total score`,
                  },
                ],
              }
            : {
                coding: [
                  {
                    system: `${context.publicUrl}/fhir/CodeSystem/instrument`,
                    code: instrument.id,
                    display: `${instrument.shortName} score`,
                  },
                ],
              },
          subject,
          effectiveDateTime: authored,
          valueQuantity: { value: r.total, unit: 'score', system: 'http://unitsofmeasure.org', code: '{score}' },
          ...(r.band && { interpretation: [{ text: r.band }] }),
          derivedFrom: [{ reference: `urn:uuid:${qrId}` }],
        },
      });
    }
  }
  return { resourceType: 'Bundle', type: 'collection', timestamp: new Date().toISOString(), entry };
}
