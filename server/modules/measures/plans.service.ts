import crypto from 'node:crypto';
import { scoreRange, statedBands, type Instrument } from '../../../domain/instruments.js';
import { DEFAULT_LOCALE } from '../../../domain/locale.js';
import { instrumentProblem } from '../../../domain/scoring.js';
import { boolValue } from '../../db/values.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { HttpProblem, type FieldProblem } from '../../platform/problem.js';
import { groupFor } from '../groups/groups.service.js';
import { listPossibleFacilitators } from '../groups/groups.repository.js';
import { AFTER_POSITIVE_SCREEN, catalogue, generateDueForms, type MeasuresContext } from './measures.service.js';
import { DEFAULT_ESCALATION_MINUTES } from '../alerts/member-alert.js';
import { groupPlan, insertInstrument, replacePlan, safetySettings, saveSafetySettings } from './measures.repository.js';
import type { CustomInstrumentBody, PlanBody } from './measures.schema.js';

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

/** An instrument for choosing and reading, without its items' codes. */
function summary(i: Instrument) {
  return {
    id: i.id,
    name: i.name,
    shortName: i.shortName,
    validated: i.validated,
    licence: i.licence,
    purpose: i.purpose,
    questions: i.items.length,
    range: scoreRange(i),
    bands: statedBands(i),
  };
}

/** Hearth's instruments and the practice's own. */
export async function instrumentList(context: MeasuresContext, viewer: Viewer) {
  return { instruments: [...(await catalogue(context.database.db, viewer.practiceId)).values()].map(summary) };
}

/** A clinician's own instrument: checked whole (items, answers, bands without gaps or overlaps). */
export async function createInstrument(
  context: MeasuresContext,
  viewer: Viewer,
  input: CustomInstrumentBody,
  origin: Origin,
) {
  const instrument: Instrument = {
    id: `custom-${crypto.randomUUID()}`,
    name: `${input.name} (your practice’s own)`,
    shortName: input.shortName,
    memberTitle: input.name,
    validated: false,
    licence: input.licence || `Made by ${viewer.practiceName}.`,
    stem: input.stem,
    options: input.options,
    items: input.items.map((text, n) => ({ id: String(n + 1), text })),
    scoring: input.scoring,
    bands: input.bands,
    ...(input.subscales.length > 0 && {
      subscales: input.subscales.map((s, n) => ({ id: `s${n + 1}`, name: s.name, itemIds: s.items.map(String) })),
    }),
    change: {
      direction: input.direction,
      ...(input.reliableChange && {
        practicalChange: { value: input.reliableChange, source: `${viewer.practiceName}'s own threshold` },
      }),
    },
    purpose: input.purpose,
    language: input.language ?? DEFAULT_LOCALE,
  };
  const problem = instrumentProblem(instrument);
  if (problem)
    throw new HttpProblem(400, `problem.instrument.${problem.reason}`, {
      values: problem.values,
      field: `body.${problem.field}`,
    });
  await context.database.db.transaction().execute(async (trx) => {
    await insertInstrument(trx, {
      id: instrument.id,
      practiceId: viewer.practiceId,
      definition: JSON.stringify(instrument),
      createdBy: viewer.userId,
      createdAt: new Date().toISOString(),
    });
    await context.audit.record(trx, {
      action: 'measures.instrument_created',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'instrument', id: instrument.id },
    });
  });
  return summary(instrument);
}

/** A group's plan of measures. */
export async function planFor(context: MeasuresContext, viewer: Viewer, groupId: string) {
  await groupFor(context, viewer, groupId);
  const [plan, instruments] = await Promise.all([
    groupPlan(context.database.db, [groupId]),
    catalogue(context.database.db, viewer.practiceId),
  ]);
  return {
    measures: plan.map((p) => ({
      instrumentId: p.instrumentId,
      shortName: instruments.get(p.instrumentId)?.shortName ?? p.instrumentId,
      cadence: p.cadence as PlanBody['measures'][number]['cadence'],
      everyWeeks: p.everyWeeks,
      main: Boolean(p.main),
    })),
  };
}

/** Replaces a group's plan, and makes the forms that are due under it now. */
export async function setPlan(
  context: MeasuresContext,
  viewer: Viewer,
  groupId: string,
  input: PlanBody,
  origin: Origin,
) {
  await groupFor(context, viewer, groupId, 'edit');
  const instruments = await catalogue(context.database.db, viewer.practiceId);
  // What a positive screen can lead to: the full questionnaires named by some instrument's parts.
  const screenedFor = new Set(
    [...instruments.values()].flatMap((i) => (i.subscales ?? []).flatMap((s) => (s.leadsTo ? [s.leadsTo] : []))),
  );
  const errors = input.measures.flatMap<FieldProblem>((m, i) =>
    !instruments.has(m.instrumentId)
      ? [{ field: `body.measures.${i}.instrumentId`, key: 'problem.plan.unknownQuestionnaire' }]
      : m.cadence === AFTER_POSITIVE_SCREEN && !screenedFor.has(m.instrumentId)
        ? [{ field: `body.measures.${i}.cadence`, key: 'problem.plan.afterScreen' }]
        : [],
  );
  if (errors.length) throw new HttpProblem(400, 'problem.plan.cannotAsk', { fields: errors });
  const mains = input.measures.filter((m) => m.main);
  if (
    mains.some((m) => instruments.get(m.instrumentId)?.purpose !== 'outcome') ||
    new Set(mains.map((m) => m.instrumentId)).size > 1
  ) {
    throw new HttpProblem(400, 'problem.plan.oneMain', { field: 'body.measures' });
  }
  const hasOutcome = input.measures.some((m) => instruments.get(m.instrumentId)?.purpose === 'outcome');
  if (hasOutcome && mains.length === 0) {
    throw new HttpProblem(400, 'problem.plan.chooseMain', { field: 'body.measures' });
  }
  const engine = context.database.engine;
  const now = new Date().toISOString();
  await context.database.db.transaction().execute(async (trx) => {
    await replacePlan(
      trx,
      groupId,
      input.measures.map((m) => ({
        id: crypto.randomUUID(),
        instrumentId: m.instrumentId,
        cadence: m.cadence,
        everyWeeks: m.cadence === 'every-weeks' ? (m.everyWeeks ?? null) : null,
        main: boolValue(engine, Boolean(m.main)),
      })),
      now,
    );
    await context.audit.record(trx, {
      action: 'measures.plan_changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group', id: groupId },
      detail: { measures: input.measures.map((m) => `${m.instrumentId}@${m.cadence}`).join(',') },
    });
  });
  await generateDueForms(context.database, new Date(), [groupId]);
  return planFor(context, viewer, groupId);
}

/** Who hears of unacknowledged urgent alerts, and after how long. */
export async function safetyFor(context: MeasuresContext, viewer: Viewer) {
  const settings = await safetySettings(context.database.db, viewer.practiceId);
  return {
    backupClinicianId: settings?.backupClinicianId ?? null,
    escalationMinutes: settings?.escalationMinutes ?? DEFAULT_ESCALATION_MINUTES,
    choices: await listPossibleFacilitators(context.database.db, viewer.practiceId),
  };
}

export async function setSafety(
  context: MeasuresContext,
  viewer: Viewer,
  input: { backupClinicianId: string | null; escalationMinutes: number },
  origin: Origin,
) {
  if (input.backupClinicianId) {
    const eligible = await listPossibleFacilitators(context.database.db, viewer.practiceId);
    if (!eligible.some((p) => p.userId === input.backupClinicianId)) {
      throw new HttpProblem(400, 'problem.safety.backupClinician', { field: 'body.backupClinicianId' });
    }
  }
  await context.database.db.transaction().execute(async (trx) => {
    await saveSafetySettings(trx, { practiceId: viewer.practiceId, ...input, updatedAt: new Date().toISOString() });
    await context.audit.record(trx, { action: 'practice.safety_changed', ...actorOf(viewer), ...origin });
  });
  return safetyFor(context, viewer);
}
