import { attendanceRate, type AttendanceStatus } from '../../../domain/attendance.js';
import { bandWithStatement, readIn, scoreRange, statedBands, type Instrument } from '../../../domain/instruments.js';
import { changeBetween, scoreAnswers, type Change } from '../../../domain/scoring.js';
import { toInstant } from '../../db/instant.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { toCsv } from '../../platform/csv.js';
import { translator } from '../../platform/i18n.js';
import { dayFor } from '../../platform/time-words.js';
import { groupMarks, memberNames } from '../attendance/attendance.repository.js';
import { clinicalGroupFor, groupFor, readsClinical } from '../groups/groups.service.js';
import { listOwnMemberships } from '../membership/membership.repository.js';
import { fhirBundle } from './fhir.presenter.js';
import { answersOf, catalogue, type MeasuresContext } from './measures.service.js';
import { formsWithAnswers, groupPlan, screenForms, submittedForms } from './measures.repository.js';

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;
type Submitted = Awaited<ReturnType<typeof submittedForms>>[number];

/** How a member's change reads (server/i18n: progress.since), by its classification. */
const CHANGE_IN_WORDS = {
  'reliable-improvement': 'improvement',
  'no-reliable-change': 'same',
  'reliable-deterioration': 'harder',
} as const;

/** A series of totals over time, and the change from the first to the latest; bands as published. */
function trajectory(instrument: Instrument, forms: Submitted[]) {
  const points = forms
    .filter((f) => f.total !== null)
    .map((f) => ({ at: toInstant(f.submittedAt!), total: f.total!, band: bandWithStatement(instrument, f.band) }));
  const first = points[0];
  const last = points[points.length - 1];
  const change: Change | null =
    first && last && points.length > 1 ? changeBetween(instrument, first.total, last.total) : null;
  return { points, latest: last ?? null, change };
}

/**
 * The mean of Hearth's session scales, per session, or per day in the group's zone when not tied
 * to a session: a form sent on a Los Angeles evening belongs to that evening, not to UTC's tomorrow.
 */
function trend(forms: Submitted[], timeZone: string) {
  const byOccasion = new Map<string, { at: string; totals: number[] }>();
  for (const f of forms) {
    if (f.total === null) continue;
    const key = f.sessionId ?? dayFor(timeZone, new Date(toInstant(f.submittedAt!)));
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
    bands: statedBands(instrument),
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

type Screen = Awaited<ReturnType<typeof screenForms>>[number];

/**
 * A member's latest screen (a PHQ-4): each part's score (GAD-2, PHQ-2), whether it is positive and
 * what it suggests. Parts are not stored apart from the answers, so only this form is decrypted.
 */
function latestScreen(context: MeasuresContext, instruments: Map<string, Instrument>, own: Screen[]) {
  const form = own.at(-1);
  if (!form) return null;
  const instrument = instruments.get(form.instrumentId)!;
  return {
    instrumentId: instrument.id,
    shortName: instrument.shortName,
    at: toInstant(form.submittedAt!),
    parts: scoreAnswers(instrument, answersOf(context, form.answers, form.id)).subscales,
  };
}

/** Rows by a key, each list in the order the rows came (oldest first for forms): one pass, not a filter per member. */
function byKey<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
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
  const individual = readsClinical(viewer, group);
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
  const formsOf = byKey(forms, (f) => f.groupMemberId);
  const marksOf = byKey(marks, (m) => m.groupMemberId);
  const alertsOf = byKey(alerts, (a) => a.groupMemberId ?? '');
  const shown = names.filter((n) => ['active', 'on-leave', 'completed', 'left'].includes(n.status));
  // Screens only for those who read members' scores; of them, each member's latest is decrypted.
  const screensOf = individual
    ? byKey(
        await screenForms(
          db,
          groupId,
          [...instruments.values()].filter((i) => (i.subscales ?? []).length > 0).map((i) => i.id),
        ),
        (f) => f.groupMemberId,
      )
    : new Map<string, Screen[]>();
  const members = shown
    .map((n) => {
      const own = byKey(formsOf.get(n.id) ?? [], (f) => f.instrumentId);
      const open = alertsOf.get(n.id) ?? [];
      return {
        memberId: n.id,
        userId: n.userId,
        name: n.name,
        displayName: n.displayName,
        status: n.status,
        main: main ? trajectory(main, own.get(main.id) ?? []) : null,
        others: outcomeIds
          .filter((id) => id !== mainId)
          .map((id) => {
            const t = trajectory(instruments.get(id)!, own.get(id) ?? []);
            return { instrumentId: id, shortName: instruments.get(id)!.shortName, latest: t.latest, change: t.change };
          }),
        screen: individual ? latestScreen(context, instruments, screensOf.get(n.id) ?? []) : null,
        attendance: attendanceRate((marksOf.get(n.id) ?? []).map((m) => m.status as AttendanceStatus)),
        openAlerts: open.length,
        urgentAlerts: open.filter((a) => a.urgency === 'urgent').length,
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
      people: members.flatMap((m) => (m.userId ? [m.userId] : [])),
    });
  return {
    group: { id: group.id, name: group.name },
    view: individual ? ('members' as const) : ('aggregate' as const),
    main: main ? describeInstrument(main) : null,
    members: individual ? members.map(({ userId: _, ...m }) => m) : [],
    counts,
    climate: trend(
      forms.filter((f) => f.instrumentId === 'hearth-climate'),
      group.timeZone,
    ),
    checkout: trend(
      forms.filter((f) => f.instrumentId === 'hearth-checkout'),
      group.timeZone,
    ),
  };
}

/** A member's own progress in plain words, per group and outcome measure. */
export async function myProgress(context: MeasuresContext, viewer: Viewer, locale: string) {
  const words = translator(locale);
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
      // Plain words and numbers out of the most there can be, never a code (PRODUCT.md §7).
      const range = scoreRange(instrument);
      const change = t.change?.classification ? CHANGE_IN_WORDS[t.change.classification] : 'none';
      const sentence = latestForm?.safetyFlag
        ? words.t('progress.hard')
        : t.points.length === 1
          ? words.t('progress.first', { total: t.latest.total, max: range.max })
          : words.t('progress.since', { first: first.total, latest: t.latest.total, max: range.max, change });
      measures.push({
        groupId: m.groupId,
        instrumentId: id,
        title: readIn(instrument, locale).title,
        range,
        lowerIsBetter,
        points: t.points.map((p) => ({ at: p.at, total: p.total })),
        words: sentence,
      });
    }
  }
  return { measures };
}

/**
 * A group's sent forms with their instruments and answers, for an export, audited as one. The
 * group's name comes back for the file's name.
 */
async function exportForms(
  context: MeasuresContext,
  viewer: Viewer,
  groupId: string,
  origin: Origin,
  format: 'csv' | 'fhir',
) {
  // Exports carry every member's answers: the route admits group leads, and of them the group's own clinicians.
  const group = await clinicalGroupFor(context, viewer, groupId);
  const db = context.database.db;
  const [rows, instruments] = await Promise.all([formsWithAnswers(db, groupId), catalogue(db, viewer.practiceId)]);
  await context.audit.record(db, {
    action: 'clinical.outcomes_exported',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'group', id: groupId },
    detail: { format, forms: rows.length },
    people: rows.flatMap((r) => (r.userId ? [r.userId] : [])),
  });
  const forms = rows.flatMap((r) => {
    const instrument = instruments.get(r.instrumentId);
    if (!instrument) return [];
    return [
      {
        ...r,
        // Only a member who never joined the practice lacks a practice membership: then the form's own member.
        personId: r.personId ?? r.groupMemberId,
        instrument,
        answers: answersOf(context, r.answers, r.id),
        authored: toInstant(r.submittedAt!),
      },
    ];
  });
  return { groupName: group.name, forms };
}

const OUTCOMES_CSV_COLUMNS = [
  'member',
  'display_name',
  'instrument',
  'occasion',
  'submitted_at',
  'total',
  'band',
  'parts',
  'missing',
  'answers',
] as const;

/**
 * A group's sent forms, one row each, for a spreadsheet: bands as published, a screen's parts, the
 * questions left out, and answers by item code in the instrument's order (never by position).
 */
export async function outcomesCsv(
  context: MeasuresContext,
  viewer: Viewer,
  groupId: string,
  origin: Origin,
  locale: string,
) {
  const { groupName, forms } = await exportForms(context, viewer, groupId, origin, 'csv');
  // The header row a person reads is in their language; the cells stay codes and published bands.
  const t = translator(locale);
  const csv = toCsv(
    OUTCOMES_CSV_COLUMNS.map((column) => t.t(`outcomesCsv.column.${column}`)),
    forms.map((f) => {
      const score = scoreAnswers(f.instrument, f.answers);
      return [
        f.name,
        f.displayName,
        f.instrument.shortName,
        f.occasion,
        f.authored,
        f.total,
        bandWithStatement(f.instrument, f.band),
        score.subscales
          .filter((p) => p.total !== null)
          .map((p) => `${p.name}=${p.total}${p.positive ? ' positive' : ''}`)
          .join(';'),
        score.missing.join(';'),
        f.instrument.items
          .filter((i) => f.answers[i.id] !== undefined)
          .map((i) => `${i.id}=${f.answers[i.id]}`)
          .join(';'),
      ];
    }),
  );
  return { groupName, csv };
}

/** A group's sent forms as a FHIR R4 Bundle (fhir.presenter.ts). Audited. */
export async function outcomesFhir(context: MeasuresContext, viewer: Viewer, groupId: string, origin: Origin) {
  const { groupName, forms } = await exportForms(context, viewer, groupId, origin, 'fhir');
  return { groupName, bundle: fhirBundle(forms, new Date()) };
}
