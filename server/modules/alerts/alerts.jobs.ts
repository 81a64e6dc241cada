import type { Database } from '../../db/connect.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { Broker } from '../../platform/realtime/broker.js';
import { announceGroupChange } from '../../platform/realtime/changes.js';
import { recipientsOf } from '../reminders/reminders.repository.js';
import { escalationTargets } from './alerts.repository.js';

export interface AlertJobsContext {
  database: Database;
  audit: AuditLog;
  jobs: JobQueue;
  broker: Broker;
  publicUrl: string;
}

/** What the e-mail about each kind of alert says. Who it concerns stays inside Hearth. */
const MAIL: Record<string, { subject: (group: string) => string; text: (group: string) => string; page: string }> = {
  'safety.phq9-item9': {
    subject: (group) => `Urgent: a member of ${group} needs a call today`,
    text: (group) =>
      `A member of ${group} has said on a questionnaire that they have had thoughts of being better off dead or of hurting themselves. They were shown crisis lines and told you would be in touch. Open the alert in Hearth, acknowledge it, and record what you did.`,
    page: 'measures',
  },
  'attendance.unexcused-run': {
    subject: (group) => `A member of ${group} may need a call`,
    text: (group) =>
      `Someone in ${group} has missed two sessions in a row without letting the group know. Open the group in Hearth to see who, and close the alert once you have been in touch.`,
    page: 'sessions',
  },
  'measures.checkouts-missed': {
    subject: (group) => `A member of ${group} has gone quiet`,
    text: (group) =>
      `Someone in ${group} has not answered the last two session check-outs. It may be nothing; it may be worth a word. Open the group's measures in Hearth to see who.`,
    page: 'measures',
  },
  'measures.positive-screen': {
    subject: (group) => `A member of ${group} screened positive on the PHQ-4`,
    text: (group) =>
      `Someone's PHQ-4 in ${group} has a part of 3 or more: a positive screen, which should lead to the full PHQ-9 or GAD-7. Open the group's measures in Hearth to see who, and whether the full questionnaire was sent.`,
    page: 'measures',
  },
  'measures.reliable-deterioration': {
    subject: (group) => `A member of ${group} is finding things harder`,
    text: (group) =>
      `Someone's scores in ${group} show a reliable deterioration since they started. Open the group's measures in Hearth to see who.`,
    page: 'measures',
  },
};

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
    await announceGroupChange(context.broker, alert.groupId);
    const mail = MAIL[alert.kind];
    if (!mail) return;
    const facilitators = (await recipientsOf(database.db, alert.groupId, false)).filter(
      (r) => r.role === 'facilitator',
    );
    for (const person of facilitators) {
      await jobs.enqueue(database.db, {
        kind: 'mail.send',
        runAt: now,
        payload: {
          to: person.email,
          practiceId: alert.practiceId,
          subject: mail.subject(alert.name),
          text: [
            `Hello ${person.name},`,
            '',
            mail.text(alert.name),
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
      for (const person of people)
        await jobs.enqueue(trx, {
          kind: 'mail.send',
          runAt: now,
          payload: {
            to: person.email,
            practiceId: alert.practiceId,
            subject: `Urgent and not yet picked up: a safety alert in ${alert.name}`,
            text: [
              `Hello ${person.name},`,
              '',
              `A safety alert in ${alert.name} has not been acknowledged by the group's facilitators. A member may need a call today. Please open it in Hearth, acknowledge it, and make sure someone is in touch.`,
              '',
              // The agenda lists alerts escalated to its reader, also from groups they do not run.
              `${context.publicUrl}/agenda`,
            ].join('\n'),
          },
          dedupeKey: `mail:escalation:${alertId}:${person.id}`,
          urgent: true,
        });
    });
    await announceGroupChange(context.broker, alert.groupId);
  });
}
