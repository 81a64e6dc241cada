import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import { HttpProblem } from '../../platform/problem.js';
import { groupFor } from '../groups/groups.service.js';
import { findAlert, openAlerts, resolveAlert } from './alerts.repository.js';

export interface AlertsContext {
  database: Database;
  audit: AuditLog;
  cipher: ClinicalCipher;
}

/** What each kind of alert says to a facilitator. */
export const ALERT_WORDS: Record<string, string> = {
  'attendance.unexcused-run': 'has missed two sessions in a row without letting the group know.',
};

/** A group's open alerts, for its staff. */
export async function groupAlerts(context: AlertsContext, viewer: Viewer, groupId: string) {
  await groupFor(context, viewer, groupId);
  const rows = await openAlerts(context.database.db, groupId);
  return {
    alerts: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      urgency: r.urgency as 'routine' | 'urgent',
      createdAt: toInstant(r.createdAt),
      member: r.groupMemberId ? { id: r.groupMemberId, name: r.memberName ?? '', displayName: r.displayName } : null,
      summary: ALERT_WORDS[r.kind] ?? 'needs your attention.',
    })),
  };
}

/** Closes an alert with what was done about it; the outcome is clinical text, kept encrypted. */
export async function closeAlert(
  context: AlertsContext,
  viewer: Viewer,
  groupId: string,
  alertId: string,
  outcome: string,
  origin: Pick<AuditEntry, 'ip' | 'userAgent'>,
): Promise<void> {
  await groupFor(context, viewer, groupId, 'edit');
  const alert = await findAlert(context.database.db, groupId, alertId);
  if (!alert) throw new HttpProblem(404, 'There is no such alert in this group.');
  if (alert.resolvedAt) throw new HttpProblem(409, 'Someone has already resolved this alert.');
  await context.database.db.transaction().execute(async (trx) => {
    await resolveAlert(trx, alertId, {
      resolvedAt: new Date().toISOString(),
      resolvedBy: viewer.userId,
      outcome: outcome ? context.cipher.encrypt(outcome) : null,
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
