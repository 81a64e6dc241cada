import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { INSUFFICIENT_STORAGE } from '../platform/problem.js';
import {
  buildTestApp,
  createTestDatabase,
  describeEachEngine,
  setUpPractice,
  type SignedIn,
  type TestApp,
} from '../testing/test-app.js';
import type { Engine } from './connect.js';

/**
 * How each engine is made to run out of room, and given room again.
 * - SQLite: a size-limited file stands in for a full disk; SQLite answers SQLITE_FULL either way.
 * - PostgreSQL: a full disk is the server's error 53100 (disk_full, "could not extend file … No
 *   space left on device"). A trigger raises that same error where the server would, on the table
 *   the test writes to, so Hearth meets exactly what the server sends, without filling a shared disk.
 */
const ROOM: Record<Engine, { fill(t: TestApp): Promise<void>; free(t: TestApp): Promise<void>; logged: string }> = {
  sqlite: {
    async fill(t) {
      const { pageCount } = (await sql<{ pageCount: number }>`pragma page_count`.execute(t.database.db)).rows[0]!;
      await sql.raw(`pragma max_page_count = ${pageCount}`).execute(t.database.db);
    },
    async free(t) {
      await sql.raw('pragma max_page_count = 1073741823').execute(t.database.db);
    },
    logged: 'SQLITE_FULL',
  },
  postgres: {
    async fill(t) {
      await sql
        .raw(
          `create function disk_is_full() returns trigger language plpgsql as $$ begin
             raise exception 'could not extend file "base/16384/16385": No space left on device'
               using errcode = 'disk_full';
           end $$`,
        )
        .execute(t.database.db);
      await sql
        .raw(
          'create trigger disk_is_full before insert on practice_invitations for each row execute function disk_is_full()',
        )
        .execute(t.database.db);
    },
    async free(t) {
      await sql.raw('drop trigger disk_is_full on practice_invitations').execute(t.database.db);
    },
    logged: '53100',
  },
};

describeEachEngine('the database runs out of room', (engine) => {
  let t: TestApp;
  let owner: SignedIn;
  const log: string[] = [];

  beforeEach(async () => {
    log.length = 0;
    const testDb = await createTestDatabase(engine);
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
    await ROOM[engine].fill(t);

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
    expect(logged).toContain(ROOM[engine].logged);
    expect(logged).not.toContain('cannot rollback');

    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ type: INSUFFICIENT_STORAGE });

    // Room again (an operator freed space): writes work and /readyz says so at once.
    await ROOM[engine].free(t);
    expect((await invite(1000)).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
