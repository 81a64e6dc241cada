import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HearthApp } from './http.js';
import { RedisBroker } from './realtime/redis-broker.js';
import { groupWithMembers, openGroupSpace } from '../testing/group-fixtures.js';
import { startRedisServer, REDIS_SERVER_AVAILABLE, type RedisServer } from '../testing/redis-server.js';
import {
  addPerson,
  buildTestApp,
  createTestDatabase,
  OWNER,
  setUpPractice,
  setupPracticeId,
  type TestApp,
  type TestDatabase,
} from '../testing/test-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a member's live socket on an app and resolves once it is subscribed, with its close code to come. */
async function openSocket(app: HearthApp, cookie: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const socket = new WebSocket(`ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/realtime`, {
    headers: { cookie },
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('message', resolve).once('error', reject));
  return { socket, closed };
}

/** Resolves with the close code, or 'open' when the socket is still open after `ms`. */
function within(closed: Promise<number>, ms: number): Promise<number | 'open'> {
  return Promise.race([closed, sleep(ms).then(() => 'open' as const)]);
}

// A Redis of the test's own that it stops and starts; the shared one on 6379 is never touched.
describe.skipIf(!REDIS_SERVER_AVAILABLE)('Redis down', () => {
  let redis: RedisServer;
  let testDb: TestDatabase;
  const instances: TestApp[] = [];
  afterEach(async () => {
    for (const instance of instances.splice(0)) {
      await instance.app.close();
      await instance.broker.close();
    }
    await testDb?.cleanup();
    await redis?.stop();
  });

  async function instance(log?: string[]): Promise<TestApp> {
    const built = await buildTestApp(testDb, {
      broker: new RedisBroker(redis.url),
      env: { REDIS_URL: redis.url },
      ...(log && { logger: { level: 'warn', stream: { write: (line: string) => log.push(line) } } }),
    });
    instances.push(built);
    return built;
  }

  it('sign-in answers in bounded time, never 500, and attempt limits fall back to this instance with a warning', async () => {
    redis = await startRedisServer();
    testDb = await createTestDatabase('sqlite');
    const log: string[] = [];
    const { app } = await instance(log);
    await setUpPractice(app);
    await redis.stop();

    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const started = Date.now();
      const response = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: OWNER.email, password: 'a wrong password entirely' },
        remoteAddress: '10.1.2.3',
      });
      expect(Date.now() - started).toBeLessThan(2500);
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(log.join('\n')).toContain('attempt limits are counted per instance: Redis cannot be reached');

    const right = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: OWNER.email, password: OWNER.password },
      remoteAddress: '10.9.9.9',
    });
    // The account's own count is at its limit too, on this instance.
    expect(right.statusCode).toBe(429);
  }, 30_000);

  it('a post is saved and answered, and a safety alert still reaches its facilitators, while pages cannot be told live', async () => {
    redis = await startRedisServer();
    testDb = await createTestDatabase('sqlite');
    const log: string[] = [];
    const t = await instance(log);
    const fixture = await groupWithMembers(t, { members: ['Sam'] });
    const sam = fixture.members[0]!.person;
    const inject = (cookie: string, method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { cookie }, ...(payload && { payload }) });
    await openGroupSpace(t, fixture);
    expect(
      (
        await inject(fixture.maya.cookie, 'PUT', `/api/groups/${fixture.groupId}/measures`, {
          measures: [{ instrumentId: 'phq-9', cadence: 'admission', main: true }],
        })
      ).statusCode,
    ).toBe(200);
    await redis.stop();

    // The post is saved, so it is answered as saved: the group's pages see it on their next load.
    const posted = await inject(sam.cookie, 'POST', `/api/groups/${fixture.groupId}/space/threads`, {
      title: 'Hello',
      body: 'Glad to be here.',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(log.join('\n')).toContain('a change was saved but not announced');

    // A PHQ-9 with question 9 above "Not at all": the urgent notice goes out without the broker.
    const [form] = (await inject(sam.cookie, 'GET', '/api/my/measures')).json().waiting as Array<{ id: string }>;
    const sent = await inject(sam.cookie, 'POST', `/api/my/measures/${form!.id}/submission`, {
      answers: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1 },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    await t.app.jobs.runDue();
    const jobs = await t.database.db.selectFrom('jobs').select(['kind', 'status', 'dedupeKey', 'lastError']).execute();
    expect(jobs.filter((j) => j.kind === 'alerts.notify')).toEqual([
      expect.objectContaining({ status: 'done', lastError: null }),
    ]);
    expect(jobs.filter((j) => j.kind === 'mail.send' && j.dedupeKey?.startsWith('mail:alert:'))).toHaveLength(1);
  }, 40_000);

  it('disabling someone answers 204 and closes their sockets on every instance once Redis is back', async () => {
    redis = await startRedisServer();
    testDb = await createTestDatabase('sqlite');
    const first = await instance();
    const second = await instance();
    const owner = await setUpPractice(first.app);
    const practiceId = await setupPracticeId(first);
    const member = await addPerson(first, { email: 'm@harbour.test', role: 'member', practiceId });
    const here = await openSocket(first.app, member.cookie);
    const there = await openSocket(second.app, member.cookie);

    await redis.stop();
    const disable = await first.app.inject({
      method: 'POST',
      url: `/api/people/${member.userId}/disable`,
      headers: { cookie: owner.cookie },
    });
    expect(disable.statusCode).toBe(204);
    // The instance that disabled them closes its own socket at once; the other cannot hear it yet.
    expect(await within(here.closed, 2000)).toBe(1008);
    expect(await within(there.closed, 500)).toBe('open');

    await redis.start();
    expect(await within(there.closed, 8000)).toBe(1008);
  }, 40_000);
});
