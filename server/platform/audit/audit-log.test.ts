import { expect, it } from 'vitest';
import { describeEachEngine, useTestApp } from '../../testing/test-app.js';
import { AuditLog, type AuditEntry } from './audit-log.js';

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
});
