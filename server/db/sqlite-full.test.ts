import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INSUFFICIENT_STORAGE } from '../platform/problem.js';
import { buildTestApp, createTestDatabase, setUpPractice, type SignedIn, type TestApp } from '../testing/test-app.js';

// A size-limited SQLite file stands in for a full disk: SQLite answers SQLITE_FULL either way.
describe('the embedded database runs out of room', () => {
  let t: TestApp;
  let owner: SignedIn;
  const log: string[] = [];

  beforeEach(async () => {
    log.length = 0;
    const testDb = await createTestDatabase('sqlite');
    t = {
      ...(await buildTestApp(testDb, {
        logger: { level: 'warn', stream: { write: (line: string) => log.push(line) } },
      })),
      cleanup: testDb.cleanup,
    };
    owner = await setUpPractice(t.app);
  });

  afterEach(async () => {
    await t.app.close();
    await t.cleanup();
  });

  const invite = (n: number) =>
    t.app.inject({
      method: 'POST',
      url: '/api/people/invitations',
      headers: { cookie: owner.cookie },
      payload: { email: `person${n}@harbour.test`, name: `Person ${n} ${'x'.repeat(60)}`, role: 'member' },
    });

  it('answers writes 503 insufficient storage, names the cause in the log and on /readyz, and recovers', async () => {
    const { pageCount } = (await sql<{ pageCount: number }>`pragma page_count`.execute(t.database.db)).rows[0]!;
    await sql.raw(`pragma max_page_count = ${pageCount}`).execute(t.database.db);

    const statuses: number[] = [];
    let refused;
    for (let n = 0; n < 200 && !refused; n += 1) {
      const response = await invite(n);
      statuses.push(response.statusCode);
      if (response.statusCode !== 201) refused = response;
    }
    expect(refused?.statusCode).toBe(503);
    expect(refused?.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused?.json()).toMatchObject({ type: INSUFFICIENT_STORAGE, title: 'Insufficient storage', status: 503 });
    const logged = log.join('\n');
    expect(logged).toContain('no space left for the database');
    expect(logged).toContain('SQLITE_FULL');
    expect(logged).not.toContain('cannot rollback');

    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ type: INSUFFICIENT_STORAGE });

    // Room again (an operator freed space): writes work and /readyz says so at once.
    await sql.raw('pragma max_page_count = 1073741823').execute(t.database.db);
    expect((await invite(1000)).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
