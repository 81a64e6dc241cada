import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { safetySettings } from '../measures/measures.repository.js';
import { raiseAlert } from './alerts.repository.js';

/**
 * Alerts raised about a member by something they wrote (crisis-language screening,
 * docs/crisis-screening.md) or by a facilitator's mark in the live room.
 */
export type MemberAlertKind =
  'space.crisis-language' | 'skills.crisis-language' | 'room.crisis-language' | 'room.safety-concern';

/**
 * The one way a member's held words, or a facilitator's safety mark, reach a group's facilitators:
 * an alert about the member, e-mailed at once, and when urgent escalated after the practice's time
 * if nobody acknowledges it (PRODUCT.md §5). Raised in the caller's transaction; once per subject.
 * The alert's id, or null when it was already raised.
 */
export async function raiseMemberAlert(
  context: { audit: AuditLog; jobs: JobQueue },
  trx: Kysely<DB>,
  viewer: Viewer,
  origin: Pick<AuditEntry, 'ip' | 'userAgent'>,
  held: {
    kind: MemberAlertKind;
    /** What raised it (a post, a practice log, feedback, a chat message, a mark), named in the alert's detail. */
    subjectId: string;
    detail: Record<string, string>;
    groupId: string;
    groupMemberId: string;
    urgency: 'urgent' | 'routine';
  },
): Promise<string | null> {
  const alertId = crypto.randomUUID();
  const raised = await raiseAlert(trx, {
    id: alertId,
    practiceId: viewer.practiceId,
    groupId: held.groupId,
    groupMemberId: held.groupMemberId,
    kind: held.kind,
    urgency: held.urgency,
    causeKey: `${held.kind}:${held.subjectId}`,
    detail: JSON.stringify(held.detail),
    createdAt: new Date().toISOString(),
  });
  if (!raised) return null;
  await context.audit.record(trx, {
    action: 'alerts.raised',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'alert', id: alertId },
    detail: { groupId: held.groupId, kind: held.kind },
  });
  await context.jobs.enqueue(trx, {
    kind: 'alerts.notify',
    payload: { groupId: held.groupId, alertId },
    urgent: held.urgency === 'urgent',
  });
  if (held.urgency === 'urgent') await scheduleEscalation(context, trx, viewer.practiceId, alertId);
  return alertId;
}

/** Minutes before an unacknowledged urgent alert goes to the backup clinician (PRODUCT.md §5). */
export const DEFAULT_ESCALATION_MINUTES = 30;

/** An urgent alert nobody acknowledges within the practice's time goes to the backup clinician. */
export async function scheduleEscalation(
  context: { jobs: JobQueue },
  trx: Kysely<DB>,
  practiceId: string,
  alertId: string,
): Promise<void> {
  const settings = await safetySettings(trx, practiceId);
  const minutes = settings?.escalationMinutes ?? DEFAULT_ESCALATION_MINUTES;
  await context.jobs.enqueue(trx, {
    kind: 'alerts.escalate',
    payload: { alertId },
    runAt: new Date(Date.now() + minutes * 60_000),
    dedupeKey: `alerts.escalate:${alertId}`,
    urgent: true,
  });
}
