import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HearthApp } from '../../platform/http.js';
import type { Broker, RealtimeMessage } from '../../platform/realtime/broker.js';
import { RedisBroker } from '../../platform/realtime/redis-broker.js';
import { groupWithMembers } from '../../testing/group-fixtures.js';
import {
  addPerson,
  buildTestApp,
  createTestDatabase,
  describeEachEngine,
  setUpPractice,
  useTestApp,
  type TestDatabase,
} from '../../testing/test-app.js';

async function listen(app: HearthApp): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/realtime`;
}

/** Opens a socket and resolves with it and its first ('ready') message. */
function connect(
  url: string,
  cookie?: string,
  origin?: string,
): Promise<{ socket: WebSocket; messages: RealtimeMessage[]; next(): Promise<RealtimeMessage> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: cookie ? { cookie } : {}, ...(origin && { origin }) });
    const messages: RealtimeMessage[] = [];
    const waiting: Array<(m: RealtimeMessage) => void> = [];
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as RealtimeMessage;
      if (message.type === 'ready') return resolve({ socket, messages, next });
      const waiter = waiting.shift();
      if (waiter) waiter(message);
      else messages.push(message);
    });
    function next(): Promise<RealtimeMessage> {
      const queued = messages.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((r) => waiting.push(r));
    }
    socket.on('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`upgrade refused: ${res.statusCode}`));
    });
    socket.on('error', reject);
  });
}

async function ownerId(app: HearthApp, cookie: string): Promise<string> {
  return (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json().user.id;
}

describeEachEngine('the realtime socket', (engine) => {
  const t = useTestApp(engine);

  it('refuses an upgrade without a session', async () => {
    const url = await listen(t.current.app);
    await expect(connect(url)).rejects.toThrow(/401/);
  });

  it('refuses an upgrade from a page of another origin: another site, port or scheme', async () => {
    const { cookie } = await setUpPractice(t.current.app);
    const url = await listen(t.current.app);
    const port = new URL(url).port;
    for (const origin of [
      'https://evil.example',
      `http://127.0.0.1:${Number(port) + 1}`,
      `https://127.0.0.1:${port}`,
      'http://localhost:3001',
    ]) {
      await expect(connect(url, cookie, origin), origin).rejects.toThrow(/403/);
    }
    // The page's own origin, and the public address (http://localhost:3000 by default), connect.
    for (const origin of [`http://127.0.0.1:${port}`, 'http://localhost:3000']) {
      const client = await connect(url, cookie, origin);
      client.socket.close();
    }
  });

  it("delivers a message published to the person's room", async () => {
    const { cookie } = await setUpPractice(t.current.app);
    const userId = await ownerId(t.current.app, cookie);
    const client = await connect(await listen(t.current.app), cookie);
    await t.current.broker.publish(`user:${userId}`, { type: 'hello', data: { n: 1 } });
    expect(await client.next()).toEqual({ type: 'hello', data: { n: 1 } });
    client.socket.close();
  });

  it("tells the group's staff, and nobody else, when an alert is raised or closed", async () => {
    const { app } = t.current;
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const inject = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app.inject({ method, url, headers: { cookie }, payload });
    await inject(fixture.maya.cookie, 'PUT', `/api/groups/${fixture.groupId}/measures`, {
      measures: [{ instrumentId: 'phq-9', cadence: 'admission', main: true }],
    });
    const sam = fixture.members[0]!.person;
    const [form] = (await inject(sam.cookie, 'GET', '/api/my/measures')).json().waiting;
    const sent = await inject(sam.cookie, 'POST', `/api/my/measures/${form.id}/submission`, {
      answers: { 1: 2, 2: 2, 3: 1, 4: 2, 5: 1, 6: 2, 7: 1, 8: 0, 9: 1 },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const ola = await addPerson(t.current, {
      email: 'ola@harbour.test',
      role: 'clinician',
      practiceId: fixture.practiceId,
      name: 'Ola Berg',
    });

    const url = await listen(app);
    const facilitator = await connect(url, fixture.maya.cookie);
    const otherClinician = await connect(url, ola.cookie);
    const member = await connect(url, sam.cookie);
    const changed = { type: 'changed', data: { group: fixture.groupId } };

    // The new alert reaches the facilitator's open pages once its notice goes out.
    await app.jobs.runDue();
    expect(await facilitator.next()).toEqual(changed);

    const [alert] = (await inject(fixture.maya.cookie, 'GET', `/api/groups/${fixture.groupId}/alerts`)).json().alerts;
    const closed = await inject(
      fixture.maya.cookie,
      'POST',
      `/api/groups/${fixture.groupId}/alerts/${alert.id}/resolution`,
      { outcome: 'Called Sam; safe tonight.' },
    );
    expect(closed.statusCode, closed.body).toBe(204);
    expect(await facilitator.next()).toEqual(changed);

    // Delivery to a room reaches every listener at once: the others would have heard by now.
    expect(otherClinician.messages).toEqual([]);
    expect(member.messages).toEqual([]);
    for (const client of [facilitator, otherClinician, member]) client.socket.close();
  });
});

const redisUrl = process.env.HEARTH_TEST_REDIS_URL;

describe.skipIf(!redisUrl)('two instances sharing Redis', () => {
  let testDb: TestDatabase | undefined;
  const apps: HearthApp[] = [];
  const brokers: Broker[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const broker of brokers.splice(0)) await broker.close();
    await testDb?.cleanup();
  });

  it('delivers a message published through one instance to a socket held by the other', async () => {
    testDb = await createTestDatabase('sqlite');
    const first = await buildTestApp(testDb, { broker: new RedisBroker(redisUrl as string) });
    const second = await buildTestApp(testDb, { broker: new RedisBroker(redisUrl as string) });
    apps.push(first.app, second.app);
    brokers.push(first.broker, second.broker);

    const { cookie } = await setUpPractice(first.app);
    const userId = await ownerId(first.app, cookie);
    const client = await connect(await listen(second.app), cookie);
    await first.broker.publish(`user:${userId}`, { type: 'across-instances', data: { from: 'first' } });
    expect(await client.next()).toEqual({ type: 'across-instances', data: { from: 'first' } });
    client.socket.close();
  });
});
