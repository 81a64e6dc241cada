import { translator } from '../../platform/i18n.js';
import type { Database } from '../../db/connect.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { Broker } from '../../platform/realtime/broker.js';
import { announceGroupChange, type AnnounceLog } from '../../platform/realtime/changes.js';
import { recipientsOf } from '../reminders/reminders.repository.js';
import { escalationTargets } from './alerts.repository.js';

export interface AlertJobsContext {
  database: Database;
  audit: AuditLog;
  jobs: JobQueue;
  broker: Broker;
  publicUrl: string;
  /** Where a change that could not be announced live is reported. */
  log: AnnounceLog;
}

/** Which words the e-mail about each kind of alert uses, and the page it links to. Who it concerns stays inside Hearth. */
const MAIL = {
  'safety.phq9-item9': { words: 'phq9Item9', page: 'measures' },
  'attendance.unexcused-run': { words: 'unexcusedRun', page: 'sessions' },
  'measures.checkouts-missed': { words: 'checkoutsMissed', page: 'measures' },
  'measures.positive-screen': { words: 'positiveScreen', page: 'measures' },
  'measures.reliable-deterioration': { words: 'reliableDeterioration', page: 'measures' },
  'space.crisis-language': { words: 'spaceCrisis', page: 'space' },
  'skills.crisis-language': { words: 'skillsCrisis', page: 'skills' },
  'room.safety-concern': { words: 'roomSafety', page: 'sessions' },
  'room.crisis-language': { words: 'roomCrisis', page: 'sessions' },
} as const;

function isMailedKind(kind: string): kind is keyof typeof MAIL {
  return kind in MAIL;
}

/** E-mails about alerts, and escalation of urgent ones nobody acknowledged (PRODUCT.md §5). */
export function registerAlertJobs(context: AlertJobsContext): void {
  const { database, jobs } = context;

  jobs.handle('alerts.notify', async (payload, now) => {
    const alert = await database.db
      .selectFrom('alerts')
      .innerJoin('groups', 'groups.id', 'alerts.groupId')
      .select(['alerts.kind', 'alerts.urgency', 'alerts.groupId', 'groups.name', 'groups.practiceId'])
      .where('alerts.id', '=', String(payload.alertId))
      .executeTakeFirst();
    if (!alert) return;
    // Every new alert passes here, whatever raised it: the group's open pages show it at once.
    await announceGroupChange(context.broker, alert.groupId, context.log);
    if (!isMailedKind(alert.kind)) return;
    const mail = MAIL[alert.kind];
    // A post the screening flagged but published is read when a facilitator can, in the routine words.
    const words = alert.kind === 'space.crisis-language' && alert.urgency !== 'urgent' ? 'spaceFlag' : mail.words;
    const facilitators = (await recipientsOf(database.db, alert.groupId, false)).filter(
      (r) => r.role === 'facilitator',
    );
    for (const person of facilitators) {
      const t = translator(person.locale);
      await jobs.enqueue(database.db, {
        kind: 'mail.send',
        runAt: now,
        payload: {
          to: person.email,
          practiceId: alert.practiceId,
          subject: t.t(`mail.alert.${words}.subject`, { group: alert.name }),
          text: [
            t.t('mail.greeting', { name: person.name }),
            '',
            t.t(`mail.alert.${words}.body`, { group: alert.name }),
            '',
            `${context.publicUrl}/groups/${alert.groupId}/${mail.page}`,
          ].join('\n'),
        },
        dedupeKey: `mail:alert:${String(payload.alertId)}:${person.userId}`,
        urgent: alert.urgency === 'urgent',
      });
    }
  });

  // Nobody acknowledged an urgent alert in time: the practice's backup clinician (or, without one,
  // its owners and admins) hears of it.
  jobs.handle('alerts.escalate', async (payload, now) => {
    const alertId = String(payload.alertId);
    const alert = await database.db
      .selectFrom('alerts')
      .innerJoin('groups', 'groups.id', 'alerts.groupId')
      .select([
        'alerts.acknowledgedAt',
        'alerts.resolvedAt',
        'alerts.escalatedAt',
        'alerts.groupId',
        'groups.name',
        'groups.practiceId',
      ])
      .where('alerts.id', '=', alertId)
      .executeTakeFirst();
    if (!alert || alert.acknowledgedAt || alert.resolvedAt || alert.escalatedAt) return;
    const people = await escalationTargets(database.db, alert.practiceId);
    await database.db.transaction().execute(async (trx) => {
      await trx.updateTable('alerts').set({ escalatedAt: now.toISOString() }).where('id', '=', alertId).execute();
      await context.audit.record(trx, {
        action: 'alerts.escalated',
        practiceId: alert.practiceId,
        actor: null,
        subject: { type: 'alert', id: alertId },
        detail: { groupId: alert.groupId, to: people.length },
      });
      for (const person of people) {
        const t = translator(person.locale);
        await jobs.enqueue(trx, {
          kind: 'mail.send',
          runAt: now,
          payload: {
            to: person.email,
            practiceId: alert.practiceId,
            subject: t.t('mail.alert.escalated.subject', { group: alert.name }),
            text: [
              t.t('mail.greeting', { name: person.name }),
              '',
              t.t('mail.alert.escalated.body', { group: alert.name }),
              '',
              // The agenda lists alerts escalated to its reader, also from groups they do not run.
              `${context.publicUrl}/agenda`,
            ].join('\n'),
          },
          dedupeKey: `mail:escalation:${alertId}:${person.id}`,
          urgent: true,
        });
      }
    });
    await announceGroupChange(context.broker, alert.groupId, context.log);
  });
}
