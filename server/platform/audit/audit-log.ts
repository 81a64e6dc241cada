import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Engine } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import type { AuditEventsTable, DB } from '../../db/schema.js';

/** Everything Hearth records. Reads of clinical data join this list as those capabilities arrive. */
export const AUDIT_ACTIONS = [
  'setup.completed',
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'auth.session_ended',
  'auth.session_expired',
  'auth.two_factor_enabled',
  'auth.two_factor_verified',
  'auth.two_factor_failed',
  'auth.password_reset_requested',
  'auth.password_reset',
  'people.invited',
  'people.invitation_accepted',
  'people.invitation_revoked',
  'people.role_changed',
  'people.disabled',
  'people.enabled',
  'practice.switched',
  'groups.created',
  'groups.updated',
  'groups.agreement_revised',
  'groups.member_referred',
  'groups.member_status_changed',
  'groups.member_discharged',
  'groups.closed',
  'groups.archived',
  'groups.restored',
  'groups.member_joined',
  'groups.screening_submitted',
  'clinical.screening_viewed',
  'schedule.changed',
  'schedule.session_added',
  'schedule.session_moved',
  'schedule.session_changed',
  'schedule.session_cancelled',
  'schedule.session_restored',
  'attendance.recorded',
  'clinical.attendance_notes_viewed',
  'alerts.resolved',
  'measures.submitted',
  'measures.plan_changed',
  'measures.instrument_created',
  'clinical.outcomes_viewed',
  'clinical.outcomes_exported',
  'alerts.raised',
  'alerts.acknowledged',
  'alerts.escalated',
  'practice.safety_changed',
  'calendar.feed_created',
  'calendar.feed_revoked',
  'audit.viewed',
  'audit.exported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The chain for events that belong to no practice (a failed sign-in for an unknown address). */
export const INSTANCE_CHAIN = 'instance';

/** The hash before a chain's first record. */
const GENESIS = '0'.repeat(64);

export interface AuditEntry {
  action: AuditAction;
  practiceId: string | null;
  actor: { userId: string; role: string | null } | null;
  subject?: { type: string; id: string };
  ip?: string | null;
  userAgent?: string | null;
  /** Non-clinical facts only (ids, roles, reasons chosen from a list); never free clinical text. */
  detail?: Record<string, string | number | boolean | null>;
}

/** A record as it is hashed: every column but the hash, with the instant as ISO text. */
type ChainedRecord = Omit<AuditEventsTable, 'hash' | 'occurredAt'> & { occurredAt: string };

/**
 * HMAC-SHA256 over every field of the record in a fixed order, including the previous record's
 * hash. Keyed, so that someone who can write to the database but lacks the secret key cannot
 * recompute the chain after changing a record.
 */
function hashRecord(key: Buffer, record: ChainedRecord): string {
  const fields = [
    record.chain,
    record.seq,
    record.id,
    record.occurredAt,
    record.practiceId,
    record.actorUserId,
    record.actorRole,
    record.action,
    record.subjectType,
    record.subjectId,
    record.ip,
    record.userAgent,
    record.detail,
    record.prevHash,
  ];
  return crypto.createHmac('sha256', key).update(JSON.stringify(fields)).digest('hex');
}

export type ChainVerdict =
  | { ok: true; records: number; chains: number }
  | { ok: false; records: number; chain: string; seq: number; id: string | null; reason: string };

/** The tamper-evident audit log: one hash chain per practice. */
export class AuditLog {
  constructor(
    private readonly engine: Engine,
    private readonly key: Buffer,
  ) {}

  /**
   * Appends a record to its practice's chain, inside the caller's transaction so that the record
   * and the change it describes commit or roll back together. The chain head row is locked on
   * PostgreSQL (SQLite runs one write transaction at a time), so concurrent writers line up.
   */
  async record(trx: Kysely<DB>, entry: AuditEntry): Promise<void> {
    const chain = entry.practiceId ?? INSTANCE_CHAIN;
    await trx
      .insertInto('auditChainHeads')
      .values({ chain, seq: 0, hash: GENESIS })
      .onConflict((oc) => oc.column('chain').doNothing())
      .execute();
    const head = await trx
      .selectFrom('auditChainHeads')
      .select(['seq', 'hash'])
      .where('chain', '=', chain)
      .$if(this.engine === 'postgres', (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    const record: ChainedRecord = {
      id: crypto.randomUUID(),
      chain,
      seq: head.seq + 1,
      occurredAt: new Date().toISOString(),
      practiceId: entry.practiceId,
      actorUserId: entry.actor?.userId ?? null,
      actorRole: entry.actor?.role ?? null,
      action: entry.action,
      subjectType: entry.subject?.type ?? null,
      subjectId: entry.subject?.id ?? null,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent?.slice(0, 512) ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      prevHash: head.hash,
    };
    const hash = hashRecord(this.key, record);
    await trx
      .insertInto('auditEvents')
      .values({ ...record, hash })
      .execute();
    await trx.updateTable('auditChainHeads').set({ seq: record.seq, hash }).where('chain', '=', chain).execute();
  }

  /**
   * Checks every chain (or one) from its first record: numbering without gaps, each record's hash, each link
   * to the record before, and the head row against the last record. Names the first broken record.
   */
  async verify(db: Kysely<DB>, onlyChain?: string): Promise<ChainVerdict> {
    const heads = await db
      .selectFrom('auditChainHeads')
      .select(['chain', 'seq', 'hash'])
      .$if(onlyChain !== undefined, (q) => q.where('chain', '=', onlyChain as string))
      .orderBy('chain')
      .execute();
    let records = 0;
    for (const head of heads) {
      let expectedSeq = 1;
      let prevHash = GENESIS;
      const rows = await db
        .selectFrom('auditEvents')
        .selectAll()
        .where('chain', '=', head.chain)
        .orderBy('seq')
        .execute();
      for (const row of rows) {
        records++;
        const broken = (reason: string): ChainVerdict => ({
          ok: false,
          records,
          chain: head.chain,
          seq: row.seq,
          id: row.id,
          reason,
        });
        if (row.seq !== expectedSeq) return broken(`record ${expectedSeq} is missing (found ${row.seq} next)`);
        if (row.prevHash !== prevHash)
          return broken('it does not link to the record before it (reordered or a record removed)');
        const { hash, ...fields } = row;
        if (hashRecord(this.key, { ...fields, occurredAt: toInstant(fields.occurredAt) }) !== hash)
          return broken('its contents were changed after it was written');
        prevHash = hash;
        expectedSeq++;
      }
      if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
        return {
          ok: false,
          records,
          chain: head.chain,
          seq: expectedSeq,
          id: null,
          reason: `the chain should run to record ${head.seq}, but ends at ${expectedSeq - 1} (records removed from the end)`,
        };
      }
    }
    return { ok: true, records, chains: heads.length };
  }
}
