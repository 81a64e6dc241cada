import type { Services } from '../../app.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf, requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { dayFor } from '../../platform/time-words.js';
import { auditCsv, presentAccess, presentAuditEvent } from './audit.presenter.js';
import { findAuditEvents } from './audit.repository.js';
import { AccessHistorySchema, AuditPageSchema, AuditQuerySchema, AuditVerdictSchema } from './audit.schema.js';

/** Largest CSV export: a year of a busy practice. */
const EXPORT_LIMIT = 100_000;

/** The practice's audit log for its admins, and each person's own access history. */
export function auditRoutes(app: HearthApp, { database, audit }: Services): void {
  const tags = ['audit'];
  // Reads of the log change nothing else: their records join the group commit (docs/decisions/0046).
  const record = (entry: AuditEntry) => audit.record(database.db, entry);

  app.get(
    '/api/audit',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: "Your practice's audit log, newest first, filtered",
        tags,
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const q = request.query;
      const rows = await findAuditEvents(database, {
        practiceId: viewer.practiceId,
        action: q.action,
        actorUserId: q.actor,
        subjectId: q.subject,
        from: q.from,
        to: q.to,
        beforeSeq: q.before,
        limit: q.limit,
      });
      // Reading the audit log is itself a security event, but only its first page: paging on is the same look.
      if (q.before === undefined)
        await record({
          action: 'audit.viewed',
          ...actorOf(viewer),
          ...requestOrigin(request),
          detail: { filtered: Object.keys(q).length > 1 },
        });
      const last = rows.at(-1);
      return { events: rows.map(presentAuditEvent), nextBefore: rows.length === q.limit && last ? last.seq : null };
    },
  );

  app.get(
    '/api/audit/export',
    {
      config: { policy: policies.practiceAdmin },
      schema: { summary: "Download your practice's audit log as CSV", tags, produces: ['text/csv'] },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const rows = await findAuditEvents(database, { practiceId: viewer.practiceId, limit: EXPORT_LIMIT });
      await record({
        action: 'audit.exported',
        ...actorOf(viewer),
        ...requestOrigin(request),
        detail: { records: rows.length },
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="hearth-audit-${dayFor(viewer.timeZone)}.csv"`)
        .send(auditCsv(rows));
    },
  );

  app.get(
    '/api/audit/verification',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: "Check that your practice's audit log has not been changed",
        tags,
        response: { 200: AuditVerdictSchema },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const verdict = await audit.verify(database.db, viewer.practiceId);
      return verdict.ok
        ? { intact: true, records: verdict.records, brokenAt: null }
        : {
            intact: false,
            records: verdict.records,
            brokenAt: { seq: verdict.seq, id: verdict.id, reason: verdict.reason },
          };
    },
  );

  app.get(
    '/api/me/access-history',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'Who has looked at or changed your records, and when',
        tags,
        response: { 200: AccessHistorySchema },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const rows = await findAuditEvents(database, {
        practiceId: viewer.practiceId,
        personId: viewer.userId,
        limit: 200,
      });
      return { events: rows.map(presentAccess) };
    },
  );
}
