import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase, describeEachEngine, type TestDatabase } from '../../testing/test-app.js';
import { JobQueue } from './job-queue.js';

const quiet = { error: () => undefined, info: () => undefined };

describeEachEngine('job queue', (engine) => {
  let testDb: TestDatabase;
  const extra: Database[] = [];
  beforeEach(async () => {
    testDb = await createTestDatabase(engine);
  });
  afterEach(async () => {
    for (const connection of extra.splice(0)) await connection.close();
    await testDb.cleanup();
  });
  const secondConnection = () => {
    const connection = testDb.connectAgain();
    extra.push(connection);
    return connection;
  };

  it('runs each job exactly once when two workers on two connections share the table', async () => {
    const ran: string[] = [];
    const workers = [new JobQueue(testDb.database, quiet), new JobQueue(secondConnection(), quiet)];
    const byWorker = [0, 0];
    workers.forEach((queue, i) =>
      queue.handle('count', async (payload) => {
        ran.push(String(payload.n));
        byWorker[i]! += 1;
        // A little work, so the two workers overlap.
        await new Promise((resolve) => setTimeout(resolve, 1));
      }),
    );
    for (let n = 0; n < 200; n++) await workers[0]!.enqueue(testDb.database.db, { kind: 'count', payload: { n } });
    const totals = await Promise.all(workers.map((w) => w.runDue()));
    expect(totals[0]! + totals[1]!).toBe(200);
    expect(ran.length).toBe(200);
    expect(new Set(ran).size).toBe(200);
    if (engine === 'postgres') expect(byWorker.every((n) => n > 0)).toBe(true);
    expect(await workers[0]!.runDue()).toBe(0);
  });

  it('keeps jobs across a restart, runs each due one once, and waits for later ones', async () => {
    const first = new JobQueue(testDb.database, quiet);
    await first.enqueue(testDb.database.db, { kind: 'say', payload: { word: 'now' }, dedupeKey: 'say:now' });
    await first.enqueue(testDb.database.db, { kind: 'say', payload: { word: 'again' }, dedupeKey: 'say:now' });
    await first.enqueue(testDb.database.db, {
      kind: 'say',
      payload: { word: 'later' },
      runAt: new Date(Date.now() + 3_600_000),
    });
    // "Restart": a new queue on a new connection, with the handler registered afresh.
    const said: string[] = [];
    const second = new JobQueue(secondConnection(), quiet);
    second.handle('say', async (payload) => void said.push(String(payload.word)));
    expect(await second.runDue()).toBe(1);
    expect(said).toEqual(['now']);
    expect(await second.runDue(new Date(Date.now() + 2 * 3_600_000))).toBe(1);
    expect(said).toEqual(['now', 'later']);
  });

  it('takes back a job whose worker stopped mid-run, and retries a failing one with growing waits', async () => {
    const queue = new JobQueue(testDb.database, quiet);
    await queue.enqueue(testDb.database.db, { kind: 'flaky', payload: {} });
    // A worker claims it and "dies" without finishing.
    expect(await queue.claim(new Date())).toHaveLength(1);
    let calls = 0;
    queue.handle('flaky', async () => {
      calls += 1;
      if (calls === 1) throw new Error('mail server down');
    });
    expect(await queue.runDue()).toBe(0);
    // Once its lock lapses, it runs again: this time it fails and is put back for later.
    const afterLock = new Date(Date.now() + 6 * 60_000);
    expect(await queue.runDue(afterLock)).toBe(1);
    const failed = await testDb.database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'pending', attempts: 2, lastError: 'mail server down' });
    expect(await queue.runDue(afterLock)).toBe(0);
    expect(await queue.runDue(new Date(afterLock.getTime() + 5 * 60_000))).toBe(1);
    expect(calls).toBe(2);
    const done = await testDb.database.db.selectFrom('jobs').select('status').executeTakeFirstOrThrow();
    expect(done.status).toBe('done');
  });

  it('runs a recurring job once per period however many workers ask', async () => {
    let sweeps = 0;
    const workers = [new JobQueue(testDb.database, quiet), new JobQueue(secondConnection(), quiet)];
    for (const w of workers) w.every('sweep', 60_000, async () => void (sweeps += 1));
    const at = new Date('2030-01-01T10:00:10Z');
    await Promise.all(workers.map((w) => w.runDue(at)));
    await workers[0]!.runDue(new Date('2030-01-01T10:00:50Z'));
    expect(sweeps).toBe(1);
    await workers[1]!.runDue(new Date('2030-01-01T10:01:05Z'));
    expect(sweeps).toBe(2);
  });

  it("takes a killed worker's jobs back within a minute, urgent ones first", async () => {
    const killed = new JobQueue(testDb.database, quiet);
    const now = new Date();
    await killed.enqueue(testDb.database.db, {
      kind: 'say',
      payload: { word: 'reminder' },
      runAt: new Date(now.getTime() - 60_000),
    });
    await killed.enqueue(testDb.database.db, {
      kind: 'say',
      payload: { word: 'escalation' },
      runAt: now,
      urgent: true,
    });
    expect(await killed.claim(now)).toHaveLength(2);

    const said: string[] = [];
    const survivor = new JobQueue(secondConnection(), quiet);
    survivor.handle('say', async (payload) => void said.push(String(payload.word)));
    expect(await survivor.runDue(new Date(now.getTime() + 10_000))).toBe(0);
    expect(await survivor.runDue(new Date(now.getTime() + 60_000))).toBe(2);
    expect(said).toEqual(['escalation', 'reminder']);
  });

  it('keeps a live worker’s job however long it runs: its heartbeat renews the lease', async () => {
    const slow = new JobQueue(testDb.database, quiet, { leaseMs: 300 });
    const other = new JobQueue(secondConnection(), quiet, { leaseMs: 300 });
    let runs = 0;
    for (const queue of [slow, other])
      queue.handle('long', async () => {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 1200));
      });
    await slow.enqueue(testDb.database.db, { kind: 'long', payload: {} });
    const running = slow.runDue();
    await new Promise((resolve) => setTimeout(resolve, 700));
    // Past the first lease: without renewal the other worker would take the job and run it again.
    expect(await other.runDue()).toBe(0);
    expect(await running).toBe(1);
    expect(runs).toBe(1);
  });
});
