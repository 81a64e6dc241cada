import { toCsv } from '../../platform/csv.js';
import { toInstant } from '../../db/instant.js';
import type { findAuditEvents } from './audit.repository.js';

type Row = Awaited<ReturnType<typeof findAuditEvents>>[number];

/** An audit record for the practice's admins. */
export function presentAuditEvent(row: Row) {
  return {
    id: row.id,
    seq: row.seq,
    occurredAt: toInstant(row.occurredAt),
    action: row.action,
    actor: row.actorUserId ? { userId: row.actorUserId, name: row.actorName, role: row.actorRole } : null,
    subject:
      row.subjectType && row.subjectId ? { type: row.subjectType, id: row.subjectId, name: row.subjectName } : null,
    ip: row.ip,
    userAgent: row.userAgent,
    detail: JSON.parse(row.detail) as Record<string, string | number | boolean | null>,
  };
}

/**
 * An access to a person's own records, as they see it: who (name and role) and when. No
 * addresses, devices or record ids of other people.
 */
export function presentAccess(row: Row) {
  return {
    occurredAt: toInstant(row.occurredAt),
    action: row.action,
    actor: row.actorUserId ? { name: row.actorName, role: row.actorRole } : null,
  };
}

const CSV_COLUMNS = [
  'seq',
  'occurredAt',
  'action',
  'actorUserId',
  'actorName',
  'actorRole',
  'subjectType',
  'subjectId',
  'ip',
  'userAgent',
  'detail',
] as const;

/** The audit log as CSV (platform/csv: formula-safe). */
export function auditCsv(rows: Row[]): string {
  return toCsv(
    CSV_COLUMNS,
    rows.map((row) => CSV_COLUMNS.map((c) => (c === 'occurredAt' ? toInstant(row.occurredAt) : row[c]))),
  );
}
