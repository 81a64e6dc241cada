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
import { listGroups } from '../groups/groups.repository.js';
import { groupFor, groupsFor, loadGroup, readsClinical } from '../groups/groups.service.js';
import { acknowledgeAlert, escalationTargets, findAlert, openAlerts, resolveAlert } from './alerts.repository.js';

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
    case 'space.crisis-language':
      return 'wrote a post in the group space that the crisis-language screening matched. Open the space’s waiting posts to read it and decide what happens to it.';
    case 'skills.crisis-language':
      return 'shared skills practice words that the crisis-language screening matched. They are held: only facilitators see them. Open the group’s skills practice to read them.';
    case 'measures.checkouts-missed':
      return 'has not answered the last two session check-outs.';
    case 'room.crisis-language':
      return 'wrote in a live session’s chat words that the crisis-language screening matched. The message is held: only they and the facilitators see it. Speak with them, and show it to the group or keep it private from the room.';
    case 'room.safety-concern':
      return 'was the subject of a safety concern a facilitator marked during a session. Make sure someone is in touch today.';
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

type AlertRow = Awaited<ReturnType<typeof openAlerts>>[number];

function present(rows: AlertRow[], instruments: ReadonlyMap<string, Instrument>) {
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

/** Whether the viewer is one of those the practice's unacknowledged urgent alerts escalate to. */
async function isEscalationTarget(context: AlertsContext, viewer: Viewer): Promise<boolean> {
  return (await escalationTargets(context.database.db, viewer.practiceId)).some((p) => p.id === viewer.userId);
}

/**
 * Alerts that someone who does not run their groups opens because they were escalated to them:
 * break-the-glass, each read in the audit log with the member it names (decision 0019).
 */
async function breakTheGlass(context: AlertsContext, viewer: Viewer, rows: AlertRow[], origin: Origin) {
  if (rows.length === 0) return;
  await context.database.db.transaction().execute(async (trx) => {
    for (const row of rows)
      await context.audit.record(trx, {
        action: 'clinical.escalated_alert_opened',
        ...actorOf(viewer),
        ...origin,
        subject: { type: 'alert', id: row.id },
        detail: { groupId: row.groupId },
        people: row.memberUserId ? [row.memberUserId] : [],
      });
  });
}

/**
 * A group's open alerts: all of them for its clinicians and supervisors; for an owner or admin who
 * does not facilitate it, only those escalated to them (break-the-glass), else none.
 */
export async function groupAlerts(context: AlertsContext, viewer: Viewer, groupId: string, origin: Origin) {
  const group = await groupFor(context, viewer, groupId);
  const instruments = await catalogue(context.database.db, viewer.practiceId);
  if (readsClinical(viewer, group)) return present(await openAlerts(context.database.db, [groupId]), instruments);
  if (!(await isEscalationTarget(context, viewer))) return present([], instruments);
  const escalated = await openAlerts(context.database.db, [groupId], true);
  await breakTheGlass(context, viewer, escalated, origin);
  return present(escalated, instruments);
}

/**
 * Open alerts of the groups whose clinical data the viewer reads (a clinician's own groups; every
 * group for a supervisor), and, for an escalation target, those escalated to them from any group.
 */
export async function myAlerts(context: AlertsContext, viewer: Viewer, origin: Origin) {
  const db = context.database.db;
  const clinical = (await groupsFor(context, viewer)).filter((g) => readsClinical(viewer, g)).map((g) => g.id);
  const [own, instruments] = await Promise.all([openAlerts(db, clinical), catalogue(db, viewer.practiceId)]);
  if (!(await isEscalationTarget(context, viewer))) return present(own, instruments);
  const others = (await listGroups(context.database, viewer.practiceId))
    .map((g) => g.id)
    .filter((id) => !clinical.includes(id));
  const escalated = await openAlerts(db, others, true);
  await breakTheGlass(context, viewer, escalated, origin);
  return present([...escalated, ...own], instruments);
}

/**
 * An open alert the viewer may act on: one of a group they facilitate (or, as an owner or admin,
 * change and read clinically), or one escalated to them (break-the-glass: recorded by the action).
 */
async function alertOf(context: AlertsContext, viewer: Viewer, groupId: string, alertId: string) {
  const db = context.database.db;
  const group = await loadGroup(db, viewer.practiceId, groupId);
  const alert = group && (await findAlert(db, groupId, alertId));
  if (!group || !alert) throw new HttpProblem(404, 'problem.alert.notFound');
  // Safety never waits on a group's lifecycle: an alert is answered even in a closed group.
  // The route admits group leads only, so one who reads the group clinically facilitates it.
  const runs = readsClinical(viewer, group);
  if (!runs && !(alert.escalatedAt && (await isEscalationTarget(context, viewer))))
    throw new HttpProblem(404, 'problem.alert.notFound');
  if (alert.resolvedAt) throw new HttpProblem(409, 'problem.alert.resolved');
  return { ...alert, breakTheGlass: !runs };
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
      detail: { groupId, breakTheGlass: alert.breakTheGlass },
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
      detail: { groupId, breakTheGlass: alert.breakTheGlass },
    });
  });
}
