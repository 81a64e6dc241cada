import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import { HttpProblem } from '../../platform/problem.js';
import type { Instrument } from '../../../domain/instruments.js';
import { catalogue } from '../measures/measures.service.js';
import { groupFor, groupsFor } from '../groups/groups.service.js';
import { acknowledgeAlert, findAlert, openAlerts, resolveAlert } from './alerts.repository.js';

export interface AlertsContext {
  database: Database;
  audit: AuditLog;
  cipher: ClinicalCipher;
}

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

/** Facts a positive-screen alert keeps about its cause (alerts.detail). */
interface ScreenDetail {
  part: string;
  total: number;
  leadsTo: string;
  sent: boolean;
}

/**
 * What an alert says to a facilitator, after the member's name, naming the measure that raised it
 * by the code clinicians know (issue 10).
 */
export function alertSummary(
  row: { kind: string; instrumentId: string | null; detail: string | null },
  instruments: ReadonlyMap<string, Instrument>,
): string {
  const code = (id: string | null | undefined) => (id ? (instruments.get(id)?.shortName ?? id) : 'an outcome measure');
  switch (row.kind) {
    case 'attendance.unexcused-run':
      return 'has missed two sessions in a row without letting the group know.';
    case 'safety.phq9-item9':
      return `answered ${code(row.instrumentId ?? 'phq-9')} question 9 (thoughts of being better off dead or of self-harm) above “Not at all”. They were shown crisis lines and told you would be in touch.`;
    case 'measures.reliable-deterioration':
      return `shows a reliable deterioration on the ${code(row.instrumentId)} since they started.`;
    case 'measures.checkouts-missed':
      return 'has not answered the last two session check-outs.';
    case 'measures.positive-screen': {
      const detail = JSON.parse(row.detail ?? '{}') as Partial<ScreenDetail>;
      const instrument = row.instrumentId ? instruments.get(row.instrumentId) : undefined;
      const part = instrument?.subscales?.find((s) => s.id === detail.part);
      const full = code(detail.leadsTo);
      return `screened positive on the ${part?.name ?? 'screen'} part of the ${code(row.instrumentId)}: ${detail.total} (${part?.positiveAt ?? 3} or more is positive). ${
        detail.sent
          ? `The full ${full} has been sent to them, as the group’s plan says.`
          : `Offer the full ${full}; the group’s plan does not send it by itself.`
      }`;
    }
    default:
      return 'needs your attention.';
  }
}

function present(rows: Awaited<ReturnType<typeof openAlerts>>, instruments: ReadonlyMap<string, Instrument>) {
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
      measure: r.instrumentId ? (instruments.get(r.instrumentId)?.shortName ?? null) : null,
      summary: alertSummary(r, instruments),
    })),
  };
}

/** A group's open alerts, for its staff. */
export async function groupAlerts(context: AlertsContext, viewer: Viewer, groupId: string) {
  await groupFor(context, viewer, groupId);
  const db = context.database.db;
  const [rows, instruments] = await Promise.all([openAlerts(db, [groupId]), catalogue(db, viewer.practiceId)]);
  return present(rows, instruments);
}

/** Open alerts of the groups a clinician runs (an admin's or supervisor's: every group's). */
export async function myAlerts(context: AlertsContext, viewer: Viewer) {
  const groups = await groupsFor(context, viewer);
  const db = context.database.db;
  const [rows, instruments] = await Promise.all([
    openAlerts(
      db,
      groups.map((g) => g.id),
    ),
    catalogue(db, viewer.practiceId),
  ]);
  return present(rows, instruments);
}

async function alertOf(context: AlertsContext, viewer: Viewer, groupId: string, alertId: string) {
  await groupFor(context, viewer, groupId, 'edit');
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
      outcome: context.cipher.encrypt(outcome, sealedIn('alerts.outcome', alertId)),
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
