import { recipientTranslator } from '../../platform/mail/recipient-language.js';
import crypto from 'node:crypto';
import { SESSION_CHECKOUT } from '../../../domain/instruments.js';
import { toInstant } from '../../db/instant.js';
import { raiseAlert } from '../alerts/alerts.repository.js';
import { catalogue, closesAt, generateDueForms, type MeasuresContext } from './measures.service.js';
import { openFormsDueBefore, updateForm } from './measures.repository.js';

/** A form waiting this long gets one gentle e-mail. */
const REMIND_AFTER_MS = 2 * 86_400_000;

/**
 * The timed work of measures: making due forms (every 15 minutes), one reminder for a form that
 * has waited two days, and an alert when a member's last two check-outs closed unanswered.
 */
export function registerMeasureJobs(context: MeasuresContext): void {
  const { jobs, database } = context;

  jobs.every('measures.generate', 15 * 60_000, async (_payload, now) => {
    await generateDueForms(database, now);
  });

  jobs.every('measures.follow-up', 60 * 60_000, async (_payload, now) => {
    const open = await openFormsDueBefore(database.db, now.toISOString());
    const instrumentsByPractice = new Map<string, Awaited<ReturnType<typeof catalogue>>>();
    const instrumentsOf = async (practiceId: string) => {
      if (!instrumentsByPractice.has(practiceId))
        instrumentsByPractice.set(practiceId, await catalogue(database.db, practiceId));
      return instrumentsByPractice.get(practiceId)!;
    };
    const remindedPeople = new Set<string>();
    for (const form of open) {
      const instrument = (await instrumentsOf(form.practiceId)).get(form.instrumentId);
      const dueAt = toInstant(form.dueAt);
      const closed = now.getTime() >= closesAt(dueAt, instrument);
      if (closed || form.remindedAt || now.getTime() - Date.parse(dueAt) < REMIND_AFTER_MS) continue;
      await updateForm(database.db, form.id, { remindedAt: now.toISOString() });
      // One e-mail per person per run, however many forms wait: few reminders, easy to ignore.
      if (remindedPeople.has(form.email)) continue;
      remindedPeople.add(form.email);
      const t = await recipientTranslator(database.db, { email: form.email, practiceId: form.practiceId });
      await jobs.enqueue(database.db, {
        kind: 'mail.send',
        runAt: now,
        payload: {
          to: form.email,
          practiceId: form.practiceId,
          subject: t.t('mail.checkInWaiting.subject'),
          text: [
            t.t('mail.greeting', { name: form.name }),
            '',
            t.t('mail.checkInWaiting.body', { group: form.groupName }),
            '',
            `${context.publicUrl}/check-ins`,
          ].join('\n'),
        },
        dedupeKey: `mail:check-in-waiting:${form.id}`,
      });
    }
    await raiseMissedCheckoutAlerts(context, now);
  });
}

/** Two check-outs in a row that closed unanswered: a routine alert, once per run of two. */
async function raiseMissedCheckoutAlerts(context: MeasuresContext, now: Date): Promise<void> {
  const db = context.database.db;
  const forms = await db
    .selectFrom('measureForms')
    .select(['id', 'groupId', 'groupMemberId', 'practiceId', 'status', 'dueAt'])
    .where('instrumentId', '=', 'hearth-checkout')
    .where('dueAt', '>', new Date(now.getTime() - 60 * 86_400_000).toISOString())
    .orderBy('dueAt')
    .execute();
  const byMember = new Map<string, typeof forms>();
  for (const f of forms) byMember.set(f.groupMemberId, [...(byMember.get(f.groupMemberId) ?? []), f]);
  for (const [memberId, own] of byMember) {
    const closed = own.filter((f) => now.getTime() >= closesAt(toInstant(f.dueAt), SESSION_CHECKOUT));
    const [before, last] = closed.slice(-2);
    if (!before || !last || before.status === 'completed' || last.status === 'completed') continue;
    // The run of unanswered check-outs this one ends: keyed by its first, so a third miss adds nothing.
    let start = closed.length - 1;
    while (start > 0 && closed[start - 1]!.status !== 'completed') start -= 1;
    const runStart = closed[start]!;
    const alertId = crypto.randomUUID();
    const raised = await raiseAlert(db, {
      id: alertId,
      practiceId: last.practiceId,
      groupId: last.groupId,
      groupMemberId: memberId,
      kind: 'measures.checkouts-missed',
      urgency: 'routine',
      causeKey: `measures.checkouts-missed:${runStart.id}`,
      createdAt: now.toISOString(),
    });
    if (raised)
      await context.jobs.enqueue(db, {
        kind: 'alerts.notify',
        runAt: now,
        payload: { groupId: last.groupId, alertId },
      });
  }
}
