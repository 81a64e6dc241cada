import crypto from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { BUILT_IN_INSTRUMENTS, languagesOf, readIn, type Instrument } from '../../../domain/instruments.js';
import { LOCALES } from '../../../domain/locale.js';
import { mayAct, type MemberAction, type MemberStatus } from '../../../domain/membership.js';
import { changeBetween, scoreAnswers, type Answers, type Score } from '../../../domain/scoring.js';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import type { DB, MeasureFormsTable } from '../../db/schema.js';
import { boolValue } from '../../db/values.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { translator } from '../../platform/i18n.js';
import { HttpProblem } from '../../platform/problem.js';
import { raiseAlert } from '../alerts/alerts.repository.js';
import { scheduleEscalation } from '../alerts/member-alert.js';
import { actingMember } from '../membership/acting-member.js';
import { expectedAt, historiesOf } from '../schedule/schedule.service.js';
import { listSessions } from '../schedule/schedule.repository.js';
import {
  customInstruments,
  findOwnForm,
  groupPlan,
  insertForms,
  ownForms,
  updateForm,
  type FormRow,
} from './measures.repository.js';

export interface MeasuresContext {
  database: Database;
  audit: AuditLog;
  cipher: ClinicalCipher;
  jobs: JobQueue;
  publicUrl: string;
}

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** How long a form stays open after it is due: a session check-out 3 days, an outcome measure 14. */
export const OPEN_DAYS = { session: 3, outcome: 14 } as const;

/** Hearth's instruments and the practice's own, by id. */
export async function catalogue(db: Kysely<DB>, practiceId: string): Promise<Map<string, Instrument>> {
  // Instruments made before members got plain titles use their short name.
  const custom = (await customInstruments(db, practiceId)).map((r) => {
    const instrument = JSON.parse(r.definition) as Instrument;
    return { ...instrument, memberTitle: instrument.memberTitle ?? instrument.shortName };
  });
  return new Map([...BUILT_IN_INSTRUMENTS, ...custom].map((i) => [i.id, i]));
}

/** When a form closes unanswered. */
export function closesAt(dueAt: string, instrument: Instrument | undefined): number {
  return Date.parse(dueAt) + OPEN_DAYS[instrument?.purpose ?? 'outcome'] * DAY_MS;
}

/**
 * Makes the forms that are due for some groups (all, when none are named): at admission, every
 * N weeks from when a member became active, after each session they were expected at, and at
 * completion. Run by the job worker and when a plan changes; a form made once is never made twice.
 */
export async function generateDueForms(database: Database, now: Date, onlyGroups?: string[]): Promise<number> {
  const db = database.db;
  const plans = onlyGroups
    ? await groupPlan(db, onlyGroups)
    : await db
        .selectFrom('groupMeasures')
        .select(['id', 'groupId', 'instrumentId', 'cadence', 'everyWeeks', 'main'])
        .execute();
  if (plans.length === 0) return 0;
  const groupIds = [...new Set(plans.map((p) => p.groupId))];
  const [history, members, sessions, groups] = await Promise.all([
    historiesOf(db, groupIds),
    db
      .selectFrom('groupMembers')
      .select(['id', 'groupId', 'userId', 'status', 'practiceId', 'dischargeReason'])
      .where('groupId', 'in', groupIds)
      .execute(),
    listSessions(db, groupIds, new Date(now.getTime() - 7 * DAY_MS).toISOString(), now.toISOString()),
    db.selectFrom('groups').select(['id', 'practiceId', 'status']).where('id', 'in', groupIds).execute(),
  ]);
  const nowIso = now.toISOString();
  const rows: Insertable<MeasureFormsTable>[] = [];
  for (const plan of plans) {
    const group = groups.find((g) => g.id === plan.groupId);
    if (!group || group.status !== 'active') continue;
    const form = (memberId: string, occasion: string, dueAt: number, sessionId: string | null = null) => ({
      id: crypto.randomUUID(),
      practiceId: group.practiceId,
      groupId: plan.groupId,
      groupMemberId: memberId,
      instrumentId: plan.instrumentId,
      occasion,
      sessionId,
      dueAt: new Date(dueAt).toISOString(),
      status: 'due',
      createdAt: nowIso,
      updatedAt: nowIso,
    });
    const admissionAlsoPlanned = plans.some(
      (p) => p.groupId === plan.groupId && p.instrumentId === plan.instrumentId && p.cadence === 'admission',
    );
    for (const member of members.filter((m) => m.groupId === plan.groupId && m.userId)) {
      const changes = history.get(member.id)?.changes ?? [];
      const activeSince = changes.find((c) => c.toStatus === 'active')?.at;
      if (plan.cadence === 'completion') {
        // At completion, and at a discharge that ends in leaving: both close a course of care.
        const ending = member.status === 'completed' || (member.status === 'left' && member.dischargeReason);
        const ended = ending ? changes.findLast((c) => c.toStatus === member.status)?.at : undefined;
        if (ended && Date.parse(ended) > now.getTime() - 14 * DAY_MS)
          rows.push(form(member.id, 'completion', Date.parse(ended)));
        continue;
      }
      if (member.status !== 'active' || !activeSince) continue;
      if (plan.cadence === 'admission') rows.push(form(member.id, 'admission', Date.parse(activeSince)));
      if (plan.cadence === 'every-weeks' && plan.everyWeeks) {
        const period = plan.everyWeeks * WEEK_MS;
        const k = Math.floor((now.getTime() - Date.parse(activeSince)) / period);
        if (k >= 0 && !(k === 0 && admissionAlsoPlanned))
          rows.push(form(member.id, `weeks:${k * plan.everyWeeks}`, Date.parse(activeSince) + k * period));
      }
    }
    if (plan.cadence === 'every-session') {
      for (const session of sessions.filter((s) => s.groupId === plan.groupId && s.status === 'scheduled')) {
        for (const memberId of expectedAt(history, session)) {
          if (!members.find((m) => m.id === memberId)?.userId) continue;
          rows.push(form(memberId, `session:${session.id}`, Date.parse(toInstant(session.startsAt)), session.id));
        }
      }
    }
  }
  return database.db.transaction().execute((trx) => insertForms(trx, rows));
}

/** Which member action answering a form is: a completion measure, or any other. */
function formAction(row: FormRow): MemberAction {
  return row.occasion === 'completion' ? 'completionForms' : 'forms';
}

/**
 * A form as its member sees it in a list: a plain title, never an instrument's code (PRODUCT.md §7);
 * open only while their membership lets them answer it.
 */
function presentFormSummary(row: FormRow, instrument: Instrument | undefined, now: number, locale: string) {
  const dueAt = toInstant(row.dueAt);
  return {
    id: row.id,
    groupId: row.groupId,
    groupName: row.groupName,
    instrumentId: row.instrumentId,
    title: titleIn(instrument, locale),
    questions: instrument?.items.length ?? 0,
    dueAt,
    closesAt: new Date(closesAt(dueAt, instrument)).toISOString(),
    status: row.status as 'due' | 'in-progress' | 'completed',
    submittedAt: row.submittedAt ? toInstant(row.submittedAt) : null,
    open:
      row.status !== 'completed' &&
      now < closesAt(dueAt, instrument) &&
      Date.parse(dueAt) <= now &&
      mayAct(row.memberStatus as MemberStatus, formAction(row)),
  };
}

/** A form's plain title in the reader's language (a questionnaire's own, or Hearth's words for it). */
function titleIn(instrument: Instrument | undefined, locale: string): string {
  return instrument ? readIn(instrument, locale).title : translator(locale).t('measures.aCheckIn');
}

/** A member's forms: what is waiting now, and what they have sent, titled in their language. */
export async function myForms(context: MeasuresContext, viewer: Viewer, locale: string, now = new Date()) {
  const db = context.database.db;
  const [rows, instruments] = await Promise.all([
    ownForms(db, viewer.practiceId, viewer.userId),
    catalogue(db, viewer.practiceId),
  ]);
  const forms = rows.map((r) => presentFormSummary(r, instruments.get(r.instrumentId), now.getTime(), locale));
  return {
    waiting: forms.filter((f) => f.open),
    sent: forms
      .filter((f) => f.status === 'completed')
      .sort((a, b) => Date.parse(b.submittedAt!) - Date.parse(a.submittedAt!))
      .slice(0, 20),
  };
}

/**
 * One of the viewer's own forms. To answer it (`answering`), their membership must allow it now:
 * a removed member, or one who left, answers nothing and raises no alert; a completed member
 * answers only their completion measures (membership/acting-member).
 */
async function ownForm(context: MeasuresContext, viewer: Viewer, formId: string, answering = false) {
  const row = await findOwnForm(context.database.db, viewer.practiceId, viewer.userId, formId);
  if (!row) throw new HttpProblem(404, 'problem.form.notFound');
  const instrument = (await catalogue(context.database.db, viewer.practiceId)).get(row.instrumentId);
  if (!instrument) throw new HttpProblem(404, 'problem.form.notFound');
  if (answering)
    await actingMember(
      context.database.db,
      viewer,
      row.groupId,
      row.occasion === 'completion' ? 'completionForms' : 'forms',
    );
  return { row, instrument };
}

/** A form's answers, opened from the sealed column of its own row; none yet when nothing was saved. */
export function answersOf(context: Pick<MeasuresContext, 'cipher'>, sealed: string | null, formId: string): Answers {
  return sealed
    ? (JSON.parse(context.cipher.decrypt(sealed, sealedIn('measureForms.answers', formId))) as Answers)
    : {};
}

/**
 * The form to fill in: the instrument's questions and any answers saved so far. The questions come
 * in every language the instrument can be read in (its original and its published translations), so
 * the page shows the reader's and can switch in place; `language` is the one answered in so far.
 */
export async function formFor(context: MeasuresContext, viewer: Viewer, formId: string, locale: string) {
  const { row, instrument } = await ownForm(context, viewer, formId);
  const answers = answersOf(context, row.answers, formId);
  return {
    form: presentFormSummary(row, instrument, Date.now(), locale),
    instrument: {
      id: instrument.id,
      name: instrument.name,
      validated: instrument.validated,
      stem: instrument.stem,
      items: instrument.items.map((i) => ({
        id: i.id,
        text: i.text,
        options: i.options ?? instrument.options,
        safety: Boolean(i.safety),
      })),
      language: readIn(instrument, '').language,
      versions: Object.fromEntries(languagesOf(instrument).map((language) => [language, readIn(instrument, language)])),
      // Its title in each of Hearth's languages: Hearth's own words, also where the questions are not.
      titles: Object.fromEntries(LOCALES.map((language) => [language, readIn(instrument, language).title])),
    },
    language: row.language,
    answers,
    result: row.status === 'completed' ? resultOf(instrument, answers, []) : null,
  };
}

/** A form whose time has passed takes no more answers; the next one will come. */
function mustBeOpen(row: FormRow, instrument: Instrument): void {
  if (Date.now() >= closesAt(toInstant(row.dueAt), instrument)) throw new HttpProblem(409, 'problem.form.closed');
}

/** Refuses answers the form does not offer, naming the question. */
function checkAnswers(instrument: Instrument, answers: Answers): void {
  for (const [itemId, value] of Object.entries(answers)) {
    const item = instrument.items.find((i) => i.id === itemId);
    const field = `body.answers.${itemId}`;
    if (!item) throw new HttpProblem(400, 'problem.form.noSuchQuestion', { field });
    if (!(item.options ?? instrument.options).some((o) => o.value === value))
      throw new HttpProblem(400, 'problem.form.chooseOffered', { field });
  }
}

/**
 * What a member reads about their own result: plain words, never a verdict, and what comes next
 * (a check-in their answers led to, by its plain title).
 */
function resultOf(instrument: Instrument, answers: Answers, next: string[]) {
  const score = scoreAnswers(instrument, answers);
  return {
    complete: score.complete,
    missing: score.missing,
    total: score.total,
    band: score.band,
    safetyFlag: score.safetyFlag,
    next,
  };
}

/** Answers, and the language the member read the questions in. */
export interface AnsweredIn {
  answers: Answers;
  language?: string | undefined;
}

/**
 * The language a form was answered in: the one the member asked for when the instrument can be read
 * in it, else the original they were shown instead. Never a language whose words they did not see.
 */
function shownIn(instrument: Instrument, language: string | undefined): string {
  return readIn(instrument, language ?? '').language;
}

/** Saves answers so far: a member can stop and come back. A safety answer reaches a person at once. */
export async function saveAnswers(
  context: MeasuresContext,
  viewer: Viewer,
  formId: string,
  { answers, language }: AnsweredIn,
  origin: Origin,
) {
  const { row, instrument } = await ownForm(context, viewer, formId, true);
  if (row.status === 'completed') throw new HttpProblem(409, 'problem.form.alreadySent');
  mustBeOpen(row, instrument);
  checkAnswers(instrument, answers);
  const score = scoreAnswers(instrument, answers);
  await context.database.db.transaction().execute(async (trx) => {
    await updateForm(trx, formId, {
      answers: context.cipher.encrypt(JSON.stringify(answers), sealedIn('measureForms.answers', formId)),
      language: shownIn(instrument, language),
      status: 'in-progress',
      updatedAt: new Date().toISOString(),
    });
    if (score.safetyFlag) await raiseSafetyAlert(context, trx, row, viewer, origin);
  });
  return { saved: true, safety: score.safetyFlag };
}

/**
 * Sends a form. Sending the same answers again changes nothing (a double tap, a retry); different
 * answers to a sent form are refused. An incomplete form is kept without a total.
 */
export async function submitForm(
  context: MeasuresContext,
  viewer: Viewer,
  formId: string,
  { answers, language }: AnsweredIn,
  origin: Origin,
) {
  const { row, instrument } = await ownForm(context, viewer, formId, true);
  if (row.status === 'completed') {
    const sent = answersOf(context, row.answers, formId);
    if (sameAnswers(sent, answers)) return resultOf(instrument, sent, []);
    throw new HttpProblem(409, 'problem.form.alreadySentAnswers');
  }
  mustBeOpen(row, instrument);
  checkAnswers(instrument, answers);
  const score = scoreAnswers(instrument, answers);
  const now = new Date().toISOString();
  const next = await context.database.db.transaction().execute(async (trx) => {
    await updateForm(trx, formId, {
      answers: context.cipher.encrypt(JSON.stringify(answers), sealedIn('measureForms.answers', formId)),
      language: shownIn(instrument, language),
      status: 'completed',
      total: score.total,
      band: score.band,
      safetyFlag: boolValue(context.database.engine, score.safetyFlag),
      submittedAt: now,
      updatedAt: now,
    });
    await context.audit.record(trx, {
      action: 'measures.submitted',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'measure-form', id: formId },
      detail: { groupId: row.groupId, instrument: instrument.id, complete: score.complete },
    });
    if (score.safetyFlag) await raiseSafetyAlert(context, trx, row, viewer, origin);
    if (score.total !== null) await raiseDeteriorationAlert(context, trx, row, instrument, score.total);
    return followUpScreen(context, trx, row, score);
  });
  const instruments = await catalogue(context.database.db, viewer.practiceId);
  return resultOf(
    instrument,
    answers,
    next.map((id) => titleIn(instruments.get(id), language ?? viewer.locale ?? 'en')),
  );
}

/** A plan row that sends a full questionnaire when a screen's part for it is positive. */
export const AFTER_POSITIVE_SCREEN = 'positive-screen';

/**
 * A positive screen (PRODUCT.md §4: a PHQ-4 part of 3 or more) leads to the full questionnaire:
 * sent at once when the group's plan says so, and the group's clinicians are told either way, with
 * the part, its score and what was sent. Returns the questionnaires sent.
 */
async function followUpScreen(
  context: MeasuresContext,
  trx: Kysely<DB>,
  form: Pick<FormRow, 'id' | 'groupId' | 'groupMemberId' | 'practiceId' | 'instrumentId'>,
  score: Score,
): Promise<string[]> {
  const positive = score.subscales.filter((s) => s.positive && s.leadsTo);
  if (positive.length === 0) return [];
  const plan = await groupPlan(trx, [form.groupId]);
  const now = new Date().toISOString();
  const sent: string[] = [];
  for (const part of positive) {
    const send = plan.some((p) => p.instrumentId === part.leadsTo && p.cadence === AFTER_POSITIVE_SCREEN);
    if (send) {
      await insertForms(trx, [
        {
          id: crypto.randomUUID(),
          practiceId: form.practiceId,
          groupId: form.groupId,
          groupMemberId: form.groupMemberId,
          instrumentId: part.leadsTo!,
          occasion: `screen:${form.id}`,
          sessionId: null,
          dueAt: now,
          status: 'due',
          createdAt: now,
          updatedAt: now,
        },
      ]);
      sent.push(part.leadsTo!);
    }
    await raiseFormAlert(context, trx, form, {
      kind: 'measures.positive-screen',
      urgency: 'routine',
      part: part.id,
      detail: { part: part.id, total: part.total, leadsTo: part.leadsTo, sent: send },
    });
  }
  return sent;
}

/**
 * Raises an alert about a form's member, naming the form's questionnaire, and e-mails the group's
 * clinicians. Once per cause (the form, and the part of it when a form can raise several); the
 * alert's id, or null when its cause raised one already.
 */
async function raiseFormAlert(
  context: MeasuresContext,
  trx: Kysely<DB>,
  form: Pick<FormRow, 'id' | 'groupId' | 'groupMemberId' | 'practiceId' | 'instrumentId'>,
  alert: { kind: string; urgency: 'urgent' | 'routine'; part?: string; detail?: object },
): Promise<string | null> {
  const alertId = crypto.randomUUID();
  const raised = await raiseAlert(trx, {
    id: alertId,
    practiceId: form.practiceId,
    groupId: form.groupId,
    groupMemberId: form.groupMemberId,
    kind: alert.kind,
    urgency: alert.urgency,
    causeKey: [alert.kind, form.id, ...(alert.part ? [alert.part] : [])].join(':'),
    instrumentId: form.instrumentId,
    detail: alert.detail ? JSON.stringify(alert.detail) : null,
    createdAt: new Date().toISOString(),
  });
  if (!raised) return null;
  // The e-mail job finds the alert by its id: without it, nobody would be told. Urgent alerts' mail
  // goes before any routine work waiting in the queue.
  await context.jobs.enqueue(trx, {
    kind: 'alerts.notify',
    payload: { groupId: form.groupId, alertId },
    urgent: alert.urgency === 'urgent',
  });
  return alertId;
}

function sameAnswers(a: Answers, b: Answers): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

/**
 * PHQ-9 item 9 above 0 (PRODUCT.md §5): an urgent alert to the group's facilitators, by e-mail at
 * once, and escalation to the practice's backup clinician if nobody acknowledges it in time.
 */
async function raiseSafetyAlert(
  context: MeasuresContext,
  trx: Kysely<DB>,
  form: Pick<FormRow, 'id' | 'groupId' | 'groupMemberId' | 'practiceId' | 'instrumentId'>,
  viewer: Viewer,
  origin: Origin,
): Promise<void> {
  const alertId = await raiseFormAlert(context, trx, form, { kind: 'safety.phq9-item9', urgency: 'urgent' });
  if (!alertId) return;
  await context.audit.record(trx, {
    action: 'alerts.raised',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'alert', id: alertId },
    detail: { groupId: form.groupId, kind: 'safety.phq9-item9' },
  });
  await scheduleEscalation(context, trx, form.practiceId, alertId);
}

/** Reliable deterioration on an outcome measure: a routine alert, when a member first crosses into it. */
async function raiseDeteriorationAlert(
  context: MeasuresContext,
  trx: Kysely<DB>,
  form: Pick<FormRow, 'id' | 'groupId' | 'groupMemberId' | 'practiceId' | 'instrumentId'>,
  instrument: Instrument,
  latest: number,
): Promise<void> {
  if (instrument.purpose !== 'outcome' || !instrument.change) return;
  const earlier = await trx
    .selectFrom('measureForms')
    .select(['total'])
    .where('groupMemberId', '=', form.groupMemberId)
    .where('instrumentId', '=', form.instrumentId)
    .where('status', '=', 'completed')
    .where('total', 'is not', null)
    .where('id', '!=', form.id)
    .orderBy('submittedAt')
    .execute();
  if (earlier.length === 0) return;
  const baseline = earlier[0]!.total!;
  const previous = earlier[earlier.length - 1]!.total!;
  const now = changeBetween(instrument, baseline, latest).classification;
  const before = earlier.length > 1 ? changeBetween(instrument, baseline, previous).classification : null;
  if (now !== 'reliable-deterioration' || before === 'reliable-deterioration') return;
  await raiseFormAlert(context, trx, form, { kind: 'measures.reliable-deterioration', urgency: 'routine' });
}
