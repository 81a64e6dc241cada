import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import { HttpProblem } from '../../platform/problem.js';
import { groupFor, groupsFor } from '../groups/groups.service.js';
import { acknowledgeAlert, findAlert, openAlerts, resolveAlert } from './alerts.repository.js';

export interface AlertsContext {
  database: Database;
  audit: AuditLog;
  cipher: ClinicalCipher;
}

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

/** What each kind of alert says to a facilitator, after the member's name. */
export const ALERT_WORDS: Record<string, string> = {
  'attendance.unexcused-run': 'has missed two sessions in a row without letting the group know.',
  'safety.phq9-item9':
    'answered PHQ-9 question 9 (thoughts of being better off dead or of self-harm) above “Not at all”. They were shown crisis lines and told you would be in touch.',
  'measures.reliable-deterioration': 'shows a reliable deterioration on an outcome measure since they started.',
  'measures.checkouts-missed': 'has not answered the last two session check-outs.',
};

function present(rows: Awaited<ReturnType<typeof openAlerts>>) {
  return {
    alerts: rows.map((r) => ({
      id: r.id,
      groupId: r.groupId,
      groupName: r.groupName,
      kind: r.kind,
      urgency: r.urgency as 'routine' | 'urgent',
      createdAt: toInstant(r.createdAt),
      acknowledged: r.acknowledgedAt ? { at: toInstant(r.acknowledgedAt), by: r.acknowledgedByName ?? '' } : null,
      escalatedAt: r.escalatedAt ? toInstant(r.escalatedAt) : null,
      member: r.groupMemberId ? { id: r.groupMemberId, name: r.memberName ?? '', displayName: r.displayName } : null,
      summary: ALERT_WORDS[r.kind] ?? 'needs your attention.',
    })),
  };
}

/** A group's open alerts, for its staff. */
export async function groupAlerts(context: AlertsContext, viewer: Viewer, groupId: string) {
  await groupFor(context, viewer, groupId);
  return present(await openAlerts(context.database.db, [groupId]));
}

/** Open alerts of the groups a clinician runs (an admin's or supervisor's: every group's). */
export async function myAlerts(context: AlertsContext, viewer: Viewer) {
  const groups = await groupsFor(context, viewer);
  return present(
    await openAlerts(
      context.database.db,
      groups.map((g) => g.id),
    ),
  );
}

async function alertOf(context: AlertsContext, viewer: Viewer, groupId: string, alertId: string) {
  // Safety never waits on a group's lifecycle: an alert is answered even in a closed group.
  await groupFor(context, viewer, groupId, 'manage');
  const alert = await findAlert(context.database.db, groupId, alertId);
  if (!alert) throw new HttpProblem(404, 'There is no such alert in this group.');
  if (alert.resolvedAt) throw new HttpProblem(409, 'Someone has already resolved this alert.');
  return alert;
}

/** "I have seen this and I am on it": stops the escalation; the alert stays open until resolved. */
export async function acknowledge(
  context: AlertsContext,
  viewer: Viewer,
  groupId: string,
  alertId: string,
  origin: Origin,
) {
  const alert = await alertOf(context, viewer, groupId, alertId);
  if (alert.acknowledgedAt) return;
  await context.database.db.transaction().execute(async (trx) => {
    await acknowledgeAlert(trx, alertId, viewer.userId, new Date().toISOString());
    await context.audit.record(trx, {
      action: 'alerts.acknowledged',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'alert', id: alertId },
      detail: { groupId },
    });
  });
}

/** Closes an alert with what was done about it; the outcome is clinical text, kept encrypted. */
export async function closeAlert(
  context: AlertsContext,
  viewer: Viewer,
  groupId: string,
  alertId: string,
  outcome: string,
  origin: Origin,
): Promise<void> {
  const alert = await alertOf(context, viewer, groupId, alertId);
  const now = new Date().toISOString();
  await context.database.db.transaction().execute(async (trx) => {
    // Resolving an urgent alert acknowledges it too, if nobody had.
    if (!alert.acknowledgedAt) await acknowledgeAlert(trx, alertId, viewer.userId, now);
    await resolveAlert(trx, alertId, {
      resolvedAt: now,
      resolvedBy: viewer.userId,
      outcome: context.cipher.encrypt(outcome),
    });
    await context.audit.record(trx, {
      action: 'alerts.resolved',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'alert', id: alertId },
      detail: { groupId },
    });
  });
}
