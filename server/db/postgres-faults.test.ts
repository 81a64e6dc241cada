import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { DATABASE_UNAVAILABLE } from '../platform/problem.js';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.js';
import {
  buildTestApp,
  createTestDatabase,
  OWNER,
  setUpPractice,
  type SignedIn,
  type TestApp,
  type TestDatabase,
  withAdminClient,
} from '../testing/test-app.js';
import type { Database } from './connect.js';

const url = process.env.HEARTH_TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The test server's URL with its host and port replaced by the proxy's. */
function throughProxy(proxy: TcpProxy): string {
  const proxied = new URL(url as string);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  return proxied.toString();
}

function expect503(response: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(response.statusCode).toBe(503);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(JSON.parse(response.body)).toMatchObject({ type: DATABASE_UNAVAILABLE, status: 503 });
}

describe.skipIf(!url)('PostgreSQL faults', () => {
  let proxy: TcpProxy;
  let testDb: TestDatabase;
  let database: Database;
  let t: TestApp;
  let owner: SignedIn;

  beforeEach(async () => {
    testDb = await createTestDatabase('postgres');
    const target = new URL(url as string);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    // Short waits, so a partition shows within the test's time.
    database = testDb.connectAgain({
      databaseUrl: throughProxy(proxy),
      timeouts: { connectMs: 1000, statementMs: 1000 },
    });
    // Set up directly, so the short waits below apply only to what the test measures.
    const direct = await buildTestApp(testDb);
    owner = await setUpPractice(direct.app);
    await direct.app.close();
    t = await buildTestApp({ ...testDb, database });
  });

  afterEach(async () => {
    await t?.app.close();
    await database?.close();
    await proxy?.close();
    await testDb?.cleanup();
  });

  /** Signed-in requests and sign-ins from several callers at once until stopped; every status seen. */
  function load() {
    const statuses: number[] = [];
    const problems: Array<Parameters<typeof expect503>[0]> = [];
    let running = true;
    const caller = async (n: number) => {
      while (running) {
        const response =
          n % 2
            ? await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: owner.cookie } })
            : await t.app.inject({
                method: 'POST',
                url: '/api/session',
                payload: { email: OWNER.email, password: 'not the password at all' },
                remoteAddress: `10.0.0.${n}`,
              });
        statuses.push(response.statusCode);
        if (response.statusCode === 503) problems.push(response);
      }
    };
    const callers = Array.from({ length: 6 }, (_, n) => caller(n));
    return {
      statuses,
      problems,
      stop: async () => {
        running = false;
        await Promise.all(callers);
      },
    };
  }

  it('answers 503 with Retry-After, never 500, when connections are reset under load, and recovers', async () => {
    const traffic = load();
    await sleep(300);
    for (let i = 0; i < 3; i += 1) {
      proxy.cut();
      await sleep(150);
    }
    await traffic.stop();
    expect(traffic.statuses.filter((s) => ![200, 401, 429, 503].includes(s))).toEqual([]);
    expect(traffic.problems.length).toBeGreaterThan(0);
    for (const response of traffic.problems) expect503(response);
    // The pool replaced the broken connections by itself.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: owner.cookie } })).statusCode,
    ).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it("survives pg_terminate_backend of the app's connections (a restart or failover)", async () => {
    const traffic = load();
    await sleep(300);
    for (let i = 0; i < 3; i += 1) {
      const ports = proxy.upstreamPorts();
      await withAdminClient(url as string, (admin) =>
        admin.query('select pg_terminate_backend(pid) from pg_stat_activity where client_port = any($1::int[])', [
          ports,
        ]),
      );
      await sleep(150);
    }
    await traffic.stop();
    expect(traffic.statuses.filter((s) => ![200, 401, 429, 503].includes(s))).toEqual([]);
    for (const response of traffic.problems) expect503(response);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: owner.cookie } })).statusCode,
    ).toBe(200);
  });

  it('answers 503 within seconds while packets are dropped, says so on /readyz, and recovers', async () => {
    proxy.setMode('blackhole');
    const started = Date.now();
    expect503(await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: owner.cookie } }));
    expect(Date.now() - started).toBeLessThan(5000);
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().detail).toMatch(/database cannot be reached/);

    proxy.setMode('forward');
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i += 1) {
      status = (await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: owner.cookie } }))
        .statusCode;
      if (status !== 200) await sleep(250);
    }
    expect(status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe.skipIf(!url)('starting against an unreachable PostgreSQL', () => {
  it('stops within the connect timeout with a message naming the database', async () => {
    const target = new URL(url as string);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    proxy.setMode('blackhole');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-unreachable-'));
    const started = Date.now();
    try {
      await expect(
        runCli(
          ['serve'],
          {
            DATABASE_URL: throughProxy(proxy),
            HEARTH_SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
            HEARTH_DATA_DIR: dataDir,
            PORT: '0',
            LOG_LEVEL: 'silent',
          },
          { out: () => undefined, err: () => undefined },
        ),
      ).rejects.toThrow(/database at postgres:\/\/.*127\.0\.0\.1.* cannot be reached .*timeout/);
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      await proxy.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 15_000);
});
