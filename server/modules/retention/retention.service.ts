import type { RetentionSettings } from '../../../domain/retention.js';
import type { Database } from '../../db/connect.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { retentionOf, saveRetention } from './retention.repository.js';

export interface RetentionContext {
  database: Database;
  audit: AuditLog;
}

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

/** Sets the viewer's practice's retention periods; the change is audited with the new numbers. */
export async function setRetention(
  context: RetentionContext,
  viewer: Viewer,
  input: RetentionSettings,
  origin: Origin,
): Promise<RetentionSettings> {
  await context.database.db.transaction().execute(async (trx) => {
    await saveRetention(trx, {
      practiceId: viewer.practiceId,
      ...input,
      updatedBy: viewer.userId,
      updatedAt: new Date().toISOString(),
    });
    await context.audit.record(trx, {
      action: 'retention.changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'practice', id: viewer.practiceId },
      // The periods only: the note is the practice's own words, kept on the settings row.
      detail: {
        clinicalYears: input.clinicalYears,
        auditYears: input.auditYears,
        outboxDays: input.outboxDays,
        signInDays: input.signInDays,
      },
    });
  });
  return retentionOf(context.database.db, viewer.practiceId);
}
