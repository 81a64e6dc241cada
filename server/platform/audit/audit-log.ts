import crypto from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Engine } from '../../db/connect.js';
import { databaseFault, DatabaseUnavailable } from '../../db/errors.js';
import { toInstant } from '../../db/instant.js';
import type { AuditEventsTable, DB } from '../../db/schema.js';

import { type AuditAction } from '../../../domain/audit-actions.js';

export { AUDIT_ACTIONS, type AuditAction } from '../../../domain/audit-actions.js';

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
  /**
   * The people (user ids) whose clinical records this read or change showed: each finds it in their
   * own access history, even when the subject is a group, a session or an export.
   */
  people?: readonly string[];
}

/**
 * A record as it is hashed: every column but the hash, with the instant as ISO text, and the people
 * it names (sorted), which live in their own table.
 */
type ChainedRecord = Omit<AuditEventsTable, 'hash' | 'occurredAt'> & { occurredAt: string; people: string[] };

/**
 * HMAC-SHA256 over every field of the record in a fixed order, including the previous record's
 * hash. Keyed, so that someone who can write to the database but lacks the secret key cannot
 * recompute the chain after changing a record.
 */
/** The people each record of a chain names, by record id. */
async function peopleNamedIn(db: Kysely<DB>, chain: string): Promise<Map<string, string[]>> {
  const named = new Map<string, string[]>();
  for (const p of await db
    .selectFrom('auditEventPeople')
    .innerJoin('auditEvents', 'auditEvents.id', 'auditEventPeople.eventId')
    .select(['auditEventPeople.eventId', 'auditEventPeople.personId'])
    .where('auditEvents.chain', '=', chain)
    .execute())
    named.set(p.eventId, [...(named.get(p.eventId) ?? []), p.personId]);
  return named;
}

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
    // Only records that name people hash them, so records written before they could keep their hashes.
    ...(record.people.length > 0 ? [record.people] : []),
  ];
  return crypto.createHmac('sha256', key).update(JSON.stringify(fields)).digest('hex');
}

/**
 * The MAC of a chain's anchor (where it starts after its oldest records were purged), keyed like
 * the records, so moving the anchor forward to hide removed records needs the secret too.
 */
function anchorMac(key: Buffer, anchor: { chain: string; seq: number; hash: string }): string {
  return crypto
    .createHmac('sha256', key)
    .update(JSON.stringify(['anchor', anchor.chain, anchor.seq, anchor.hash]))
    .digest('hex');
}

/** Where a chain starts: after its anchor when older records were purged, else at the beginning. */
async function startOf(db: Kysely<DB>, chain: string) {
  const anchor = await db
    .selectFrom('auditChainAnchors')
    .select(['chain', 'seq', 'hash', 'mac'])
    .where('chain', '=', chain)
    .executeTakeFirst();
  return anchor ?? null;
}

/** Rows per INSERT statement: well inside both engines' limits on bound parameters. */
const ROWS_PER_INSERT = 500;

/** At most this many records share one group commit; more wait for the next. */
export const GROUP_COMMIT_MAX_RECORDS = 256;

/** A record about to be chained: its chain and the moment it happened, fixed when it was asked for. */
interface PreparedEntry {
  entry: AuditEntry;
  chain: string;
  occurredAt: string;
}

function prepare(entry: AuditEntry): PreparedEntry {
  return { entry, chain: entry.practiceId ?? INSTANCE_CHAIN, occurredAt: new Date().toISOString() };
}

/**
 * The group commit of standalone records on one database handle (docs/decisions/0046). The first
 * record to arrive while nothing is being written starts a batch at the end of the current turn of
 * the event loop (setImmediate), so every request that reached its audit record in that turn joins
 * it; records arriving while a batch commits wait for the next. One batch at a time, at most
 * GROUP_COMMIT_MAX_RECORDS records, written in arrival order.
 */
class GroupCommit {
  #queue: Array<{ prepared: PreparedEntry; settle: (error?: unknown) => void }> = [];
  #draining = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly append: (trx: Kysely<DB>, entries: readonly PreparedEntry[]) => Promise<void>,
  ) {}

  add(prepared: PreparedEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ prepared, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.#draining) {
        this.#draining = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, GROUP_COMMIT_MAX_RECORDS);
      let failure: unknown;
      try {
        await this.db.transaction().execute((trx) =>
          this.append(
            trx,
            batch.map((b) => b.prepared),
          ),
        );
      } catch (error) {
        failure = batchFailure(error);
      }
      for (const b of batch) b.settle(failure);
    }
    this.#draining = false;
  }
}

/**
 * What each request of a failed batch fails with: a fault of the database (unreachable, full) as it
 * is, which the error handler answers 503; anything else as the database being unable to take the
 * record, also 503 with Retry-After, since the read must not be answered without its record.
 */
function batchFailure(error: unknown): unknown {
  return databaseFault(error) ? error : new DatabaseUnavailable(error);
}

export type ChainVerdict =
  | { ok: true; records: number; chains: number }
  | { ok: false; records: number; chain: string; seq: number; id: string | null; reason: string };

/** The tamper-evident audit log: one hash chain per practice. */
export class AuditLog {
  /** Records are hashed with `key`; during a key rotation, `previousKeys` still verify older ones. */
  constructor(
    private readonly engine: Engine,
    private readonly key: Buffer,
    private readonly previousKeys: Buffer[] = [],
  ) {}

  /** Standalone records (audited reads) waiting for their group commit, per database handle. */
  readonly #groups = new WeakMap<Kysely<DB>, GroupCommit>();

  /**
   * Appends a record to its practice's chain.
   *
   * Given the caller's transaction, the record is written inside it, so that the record and the
   * change it describes commit or roll back together.
   *
   * Given the database itself (an audited read, which changes nothing else), the record joins the
   * next group commit (docs/decisions/0046): records arriving while a commit is under way share one
   * transaction and one fsync. The promise settles only when that transaction has committed, so a
   * response that awaits it is sent after its own record is durable; when the batch fails, every
   * record in it fails (a database fault, answered 503) and none of it is written.
   *
   * Either way the chain head row is locked on PostgreSQL (SQLite runs one write transaction at a
   * time), so writers line up and each chain's numbering stays exact.
   */
  async record(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
    if (db.isTransaction) return this.#append(db, [prepare(entry)]);
    let group = this.#groups.get(db);
    if (!group) {
      group = new GroupCommit(db, (trx, entries) => this.#append(trx, entries));
      this.#groups.set(db, group);
    }
    return group.add(prepare(entry));
  }

  /**
   * Writes records in the given order inside one transaction: for each chain, its head read (and
   * locked) once, the records numbered and hashed one after another, inserted together, and the
   * head moved to the last. Chains are taken in name order, so two instances never wait on each
   * other's heads in opposite orders.
   */
  async #append(trx: Kysely<DB>, entries: readonly PreparedEntry[]): Promise<void> {
    const byChain = new Map<string, PreparedEntry[]>();
    for (const e of entries) byChain.set(e.chain, [...(byChain.get(e.chain) ?? []), e]);
    for (const chain of [...byChain.keys()].sort()) {
      const pending = byChain.get(chain)!;
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
      let seq = head.seq;
      let prevHash = head.hash;
      const rows: Insertable<AuditEventsTable>[] = [];
      const named: Array<{ eventId: string; personId: string }> = [];
      for (const { entry, occurredAt } of pending) {
        const record: ChainedRecord = {
          id: crypto.randomUUID(),
          chain,
          seq: ++seq,
          occurredAt,
          practiceId: entry.practiceId,
          actorUserId: entry.actor?.userId ?? null,
          actorRole: entry.actor?.role ?? null,
          action: entry.action,
          subjectType: entry.subject?.type ?? null,
          subjectId: entry.subject?.id ?? null,
          ip: entry.ip ?? null,
          userAgent: entry.userAgent?.slice(0, 512) ?? null,
          detail: JSON.stringify(entry.detail ?? {}),
          prevHash,
          people: [...new Set(entry.people ?? [])].sort(),
        };
        const hash = hashRecord(this.key, record);
        const { people, ...row } = record;
        rows.push({ ...row, hash });
        for (const personId of people) named.push({ eventId: record.id, personId });
        prevHash = hash;
      }
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
        await trx
          .insertInto('auditEvents')
          .values(rows.slice(i, i + ROWS_PER_INSERT))
          .execute();
      for (let i = 0; i < named.length; i += ROWS_PER_INSERT)
        await trx
          .insertInto('auditEventPeople')
          .values(named.slice(i, i + ROWS_PER_INSERT))
          .execute();
      await trx.updateTable('auditChainHeads').set({ seq, hash: prevHash }).where('chain', '=', chain).execute();
    }
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
      const anchor = await startOf(db, head.chain);
      if (anchor && ![this.key, ...this.previousKeys].some((key) => anchorMac(key, anchor) === anchor.mac))
        return {
          ok: false,
          records,
          chain: head.chain,
          seq: anchor.seq,
          id: null,
          reason: 'the mark where purged records end was changed after it was written',
        };
      let expectedSeq = (anchor?.seq ?? 0) + 1;
      let prevHash = anchor?.hash ?? GENESIS;
      const rows = await db
        .selectFrom('auditEvents')
        .selectAll()
        .where('chain', '=', head.chain)
        .orderBy('seq')
        .execute();
      const named = await peopleNamedIn(db, head.chain);
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
        const people = (named.get(row.id) ?? []).sort();
        const record = { ...fields, occurredAt: toInstant(fields.occurredAt), people };
        if (![this.key, ...this.previousKeys].some((key) => hashRecord(key, record) === hash))
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
  /**
   * Deletes a chain's records written before `before` (its oldest, from the start), in the
   * caller's transaction, and moves the chain's anchor to the last one deleted, so `verify` starts
   * from there. The chain is verified first: a broken chain is never purged, as that could hide the
   * break. Returns how many records were deleted.
   */
  async purgeBefore(trx: Kysely<DB>, chain: string, before: Date): Promise<number> {
    // A write first: it takes SQLite's write lock (and the head's row lock on PostgreSQL).
    await trx
      .updateTable('auditChainHeads')
      .set((eb) => ({ seq: eb.ref('seq') }))
      .where('chain', '=', chain)
      .execute();
    const last = await trx
      .selectFrom('auditEvents')
      .select(['seq', 'hash'])
      .where('chain', '=', chain)
      .where('occurredAt', '<', before.toISOString())
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) return 0;
    const verdict = await this.verify(trx, chain);
    if (!verdict.ok)
      throw new Error(
        `The audit log is broken at record ${verdict.seq} of chain ${chain}: ${verdict.reason}. ` +
          'Nothing was purged; see `hearth audit verify`.',
      );
    const purged = trx.selectFrom('auditEvents').select('id').where('chain', '=', chain).where('seq', '<=', last.seq);
    await trx.deleteFrom('auditEventPeople').where('eventId', 'in', purged).execute();
    const deleted = await trx
      .deleteFrom('auditEvents')
      .where('chain', '=', chain)
      .where('seq', '<=', last.seq)
      .executeTakeFirst();
    const anchor = { chain, seq: last.seq, hash: last.hash };
    const values = { ...anchor, purgedAt: new Date().toISOString(), mac: anchorMac(this.key, anchor) };
    await trx
      .insertInto('auditChainAnchors')
      .values(values)
      .onConflict((oc) =>
        oc.column('chain').doUpdateSet({ seq: last.seq, hash: last.hash, purgedAt: values.purgedAt, mac: values.mac }),
      )
      .execute();
    return Number(deleted.numDeletedRows);
  }

  /**
   * After a key rotation: re-hashes every chain with the current key, so the previous key can go.
   * Each chain is checked first (under either key) and re-hashed in one transaction that holds its
   * head, so a broken chain is never re-signed and writers wait. A chain already under the current
   * key changes nothing, so an interrupted run is simply run again. Returns the records re-hashed.
   */
  async rekey(db: Kysely<DB>): Promise<number> {
    const heads = await db.selectFrom('auditChainHeads').select('chain').orderBy('chain').execute();
    let rehashed = 0;
    for (const { chain } of heads) {
      rehashed += await db.transaction().execute(async (trx) => {
        // A write first: it takes SQLite's write lock (and the head's row lock on PostgreSQL).
        await trx
          .updateTable('auditChainHeads')
          .set((eb) => ({ seq: eb.ref('seq') }))
          .where('chain', '=', chain)
          .execute();
        const verdict = await this.verify(trx, chain);
        if (!verdict.ok)
          throw new Error(
            `The audit log is broken at record ${verdict.seq} of chain ${chain}: ${verdict.reason}. ` +
              'It was not re-keyed; see `hearth audit verify`.',
          );
        const rows = await trx
          .selectFrom('auditEvents')
          .selectAll()
          .where('chain', '=', chain)
          .orderBy('seq')
          .execute();
        const named = await peopleNamedIn(trx, chain);
        const anchor = await startOf(trx, chain);
        // The first kept record links to the last purged one's hash, which stays as it was.
        let prevHash = anchor?.hash ?? GENESIS;
        if (anchor)
          await trx
            .updateTable('auditChainAnchors')
            .set({ mac: anchorMac(this.key, anchor) })
            .where('chain', '=', chain)
            .execute();
        let changed = 0;
        for (const { hash, ...fields } of rows) {
          const people = (named.get(fields.id) ?? []).sort();
          const fresh = hashRecord(this.key, { ...fields, occurredAt: toInstant(fields.occurredAt), prevHash, people });
          if (fresh !== hash || fields.prevHash !== prevHash) {
            await trx.updateTable('auditEvents').set({ hash: fresh, prevHash }).where('id', '=', fields.id).execute();
            changed++;
          }
          prevHash = fresh;
        }
        await trx.updateTable('auditChainHeads').set({ hash: prevHash }).where('chain', '=', chain).execute();
        return changed;
      });
    }
    return rehashed;
  }
}
