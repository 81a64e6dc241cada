import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  UnknownRow,
} from 'kysely';
import { expect, it } from 'vitest';
import { DatabaseUnavailable } from '../../db/errors.js';
import { describeEachEngine, useTestApp } from '../../testing/test-app.js';
import { AuditLog, GROUP_COMMIT_MAX_RECORDS, type AuditEntry } from './audit-log.js';

/** Watches the statements a connection sends: counts inserts into a table, and can make them fail. */
class InsertWatch implements KyselyPlugin {
  inserts = 0;
  transactions = 0;
  failOn: string | null = null;
  constructor(private readonly table: string) {}
  transformQuery({ node }: PluginTransformQueryArgs) {
    if (node.kind === 'InsertQueryNode') {
      const name = node.into?.table.identifier.name;
      if (name === this.failOn) throw new Error(`the disk refused the write to ${name}`);
      if (name === this.table) this.inserts += 1;
    }
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

const KEY = Buffer.alloc(32, 7);

describeEachEngine('the audit log', (engine) => {
  const t = useTestApp(engine);

  async function writeThree(log: AuditLog) {
    const { database } = t.current;
    const entry = (n: number): AuditEntry => ({
      action: 'auth.signed_in',
      practiceId: 'practice-a',
      actor: { userId: `user-${n}`, role: 'clinician' },
      ip: '127.0.0.1',
      userAgent: 'test',
      detail: { n },
    });
    for (const n of [1, 2, 3]) await database.db.transaction().execute((trx) => log.record(trx, entry(n)));
  }

  it('chains records and verifies an untouched log', async () => {
    const log = new AuditLog(engine, KEY);
    await writeThree(log);
    const rows = await t.current.database.db
      .selectFrom('auditEvents')
      .select(['seq', 'prevHash', 'hash'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(await log.verify(t.current.database.db)).toEqual({ ok: true, records: 3, chains: 1 });
  });

  it('names the edited record', async () => {
    const log = new AuditLog(engine, KEY);
    await writeThree(log);
    await t.current.database.db
      .updateTable('auditEvents')
      .set({ actorUserId: 'someone-else' })
      .where('seq', '=', 2)
      .execute();
    const verdict = await log.verify(t.current.database.db);
    expect(verdict).toMatchObject({ ok: false, chain: 'practice-a', seq: 2 });
    expect(!verdict.ok && verdict.reason).toMatch(/changed/);
  });

  it('notices a deleted record', async () => {
    const log = new AuditLog(engine, KEY);
    await writeThree(log);
    await t.current.database.db.deleteFrom('auditEvents').where('seq', '=', 2).execute();
    expect(await log.verify(t.current.database.db)).toMatchObject({ ok: false, seq: 3 });
  });

  it('notices records removed from the end', async () => {
    const log = new AuditLog(engine, KEY);
    await writeThree(log);
    await t.current.database.db.deleteFrom('auditEvents').where('seq', '=', 3).execute();
    const verdict = await log.verify(t.current.database.db);
    expect(verdict).toMatchObject({ ok: false, seq: 3 });
    expect(!verdict.ok && verdict.reason).toMatch(/ends at 2/);
  });

  it('notices reordered records', async () => {
    const log = new AuditLog(engine, KEY);
    await writeThree(log);
    const db = t.current.database.db;
    // Swap the positions of records 1 and 2.
    await db.updateTable('auditEvents').set({ seq: 100 }).where('seq', '=', 1).execute();
    await db.updateTable('auditEvents').set({ seq: 1 }).where('seq', '=', 2).execute();
    await db.updateTable('auditEvents').set({ seq: 2 }).where('seq', '=', 100).execute();
    expect(await log.verify(db)).toMatchObject({ ok: false, seq: 1 });
  });

  it('cannot be re-signed without the key', async () => {
    await writeThree(new AuditLog(engine, KEY));
    expect(await new AuditLog(engine, Buffer.alloc(32, 8)).verify(t.current.database.db)).toMatchObject({
      ok: false,
      seq: 1,
    });
  });

  it('keeps one gapless chain under concurrent writers', async () => {
    const log = new AuditLog(engine, KEY);
    const { database } = t.current;
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        database.db
          .transaction()
          .execute((trx) =>
            log.record(trx, { action: 'auth.signed_in', practiceId: 'practice-a', actor: null, detail: { n } }),
          ),
      ),
    );
    expect(await log.verify(database.db)).toEqual({ ok: true, records: 20, chains: 1 });
  });

  it('rolls back with the change it describes', async () => {
    const log = new AuditLog(engine, KEY);
    const { database } = t.current;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await log.record(trx, { action: 'people.disabled', practiceId: 'practice-a', actor: null });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await database.db.selectFrom('auditEvents').select('id').execute()).toHaveLength(0);
  });

  const read = (n: number, people: string[] = []): AuditEntry => ({
    action: 'clinical.safety_plan_viewed',
    practiceId: n % 3 === 0 ? 'practice-b' : 'practice-a',
    actor: { userId: 'clinician', role: 'clinician' },
    detail: { n },
    people,
  });

  it('group-commits concurrent reads: a few inserts for many records, each chain in arrival order', async () => {
    const log = new AuditLog(engine, KEY);
    const watch = new InsertWatch('audit_events');
    const db = t.current.database.db.withPlugin(watch);
    const count = 60;
    const settled: number[] = [];
    await Promise.all(
      Array.from({ length: count }, (_, n) => log.record(db, read(n, [`member-${n}`])).then(() => settled.push(n))),
    );
    expect(settled).toHaveLength(count);
    // One batch (one insert per chain) when all arrive in one turn; never one insert per record.
    expect(watch.inserts).toBeLessThanOrEqual(4);
    const rows = await t.current.database.db
      .selectFrom('auditEvents')
      .select(['chain', 'seq', 'detail'])
      .orderBy('chain')
      .orderBy('seq')
      .execute();
    const order = (chain: string) =>
      rows.filter((r) => r.chain === chain).map((r) => (JSON.parse(r.detail) as { n: number }).n);
    const expected = Array.from({ length: count }, (_, n) => n);
    expect(order('practice-a')).toEqual(expected.filter((n) => n % 3 !== 0));
    expect(order('practice-b')).toEqual(expected.filter((n) => n % 3 === 0));
    expect(await t.current.database.db.selectFrom('auditEventPeople').select('personId').execute()).toHaveLength(count);
    expect(await log.verify(t.current.database.db)).toEqual({ ok: true, records: count, chains: 2 });
  });

  it('settles a record only after its batch has committed', async () => {
    const log = new AuditLog(engine, KEY);
    const { database } = t.current;
    // Seen from another connection, as after a crash: the record is there when the promise settles.
    const other = t.current.connectAgain();
    try {
      for (let n = 0; n < 3; n++) {
        await log.record(database.db, read(1));
        const seen = await other.db.selectFrom('auditEvents').select('id').execute();
        expect(seen).toHaveLength(n + 1);
      }
    } finally {
      await other.close();
    }
  });

  it('bounds a batch and keeps one gapless chain when more records wait than one batch takes', async () => {
    const log = new AuditLog(engine, KEY);
    const watch = new InsertWatch('audit_events');
    const db = t.current.database.db.withPlugin(watch);
    const count = GROUP_COMMIT_MAX_RECORDS + 10;
    await Promise.all(
      Array.from({ length: count }, (_, n) => log.record(db, { ...read(n), practiceId: 'practice-a' })),
    );
    expect(watch.inserts).toBe(2);
    expect(await log.verify(t.current.database.db)).toEqual({ ok: true, records: count, chains: 1 });
  });

  it('fails every record of a failed batch as a database fault, writes none of it, and goes on afterwards', async () => {
    const log = new AuditLog(engine, KEY);
    const { database } = t.current;
    await log.record(database.db, read(1));
    const watch = new InsertWatch('audit_events');
    // The people are written after the records: a failure there must take the records back too.
    watch.failOn = 'audit_event_people';
    const db = database.db.withPlugin(watch);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => log.record(db, read(n, ['m']))));
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof DatabaseUnavailable)).toBe(true);
    expect(watch.inserts).toBeGreaterThan(0);
    expect(await database.db.selectFrom('auditEvents').select('id').execute()).toHaveLength(1);
    expect(await database.db.selectFrom('auditChainHeads').select(['chain', 'seq']).execute()).toEqual([
      { chain: 'practice-a', seq: 1 },
    ]);
    watch.failOn = null;
    await Promise.all(Array.from({ length: 5 }, (_, n) => log.record(db, read(n, ['m']))));
    expect(await log.verify(database.db)).toEqual({ ok: true, records: 6, chains: 2 });
  });

  it('lines up group commits and transactional writers on one chain', async () => {
    const log = new AuditLog(engine, KEY);
    const { database } = t.current;
    await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        n % 2 === 0
          ? log.record(database.db, { ...read(n), practiceId: 'practice-a' })
          : database.db
              .transaction()
              .execute((trx) => log.record(trx, { action: 'people.disabled', practiceId: 'practice-a', actor: null })),
      ),
    );
    expect(await log.verify(database.db)).toEqual({ ok: true, records: 30, chains: 1 });
  });
});
