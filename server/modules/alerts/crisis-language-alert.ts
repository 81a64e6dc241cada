import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { safetySettings } from '../measures/measures.repository.js';
import { DEFAULT_ESCALATION_MINUTES } from '../measures/measures.service.js';
import { raiseAlert } from './alerts.repository.js';

/** Where a member's words were held by crisis-language screening (docs/crisis-screening.md). */
export type CrisisLanguageAlertKind = 'space.crisis-language' | 'skills.crisis-language' | 'room.crisis-language';

/**
 * The one way words caught by crisis-language screening reach a group's facilitators: an alert
 * about the member who wrote them, e-mailed at once, and for an urgent match escalated after the
 * practice's time if nobody acknowledges it (PRODUCT.md §5). Raised in the caller's transaction,
 * beside the held words; once per held item. The alert's id, or null when it was already raised.
 */
export async function raiseCrisisLanguageAlert(
  context: { audit: AuditLog; jobs: JobQueue },
  trx: Kysely<DB>,
  viewer: Viewer,
  origin: Pick<AuditEntry, 'ip' | 'userAgent'>,
  held: {
    kind: CrisisLanguageAlertKind;
    /** What was held (a post, a practice log, a piece of feedback), named in the alert's detail. */
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
  if (held.urgency === 'urgent') {
    const settings = await safetySettings(trx, viewer.practiceId);
    const minutes = settings?.escalationMinutes ?? DEFAULT_ESCALATION_MINUTES;
    await context.jobs.enqueue(trx, {
      kind: 'alerts.escalate',
      payload: { alertId },
      runAt: new Date(Date.now() + minutes * 60_000),
      dedupeKey: `alerts.escalate:${alertId}`,
      urgent: true,
    });
  }
  return alertId;
}
