// `npm run bench:room`: the live session room (docs/room.md) under load. Rooms of 12 members and
// 2 facilitators, one socket each, up to ROOMS × 14 sockets (143 rooms: 2,002 sockets). In each
// room one member posts chat at a steady rate; every post is a persisted, numbered event fanned out
// to the room's 14 sockets. Measured: deliveries per second and send→deliver latency, next to a raw
// `ws` server in the same run doing the same fan-out (parse, number, stringify, send to the room)
// with nothing else. One Hearth instance (in-memory broker), then two instances sharing Redis
// (HEARTH_TEST_REDIS_URL or REDIS_URL set), with half the sockets on each.
//
// Everything runs in this one process over loopback (the clients too), so the ratio is what matters.
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import WebSocket, { WebSocketServer } from 'ws';
import type { HearthApp } from '../server/platform/http.js';
import { RedisBroker } from '../server/platform/realtime/redis-broker.js';
import {
  backdateMembership,
  createGroup,
  groupWithMembers,
  insertPastSession,
  referAndJoin,
} from '../server/testing/group-fixtures.js';
import { addPerson, buildTestApp, createTestDatabase, type SignedIn } from '../server/testing/test-app.js';

const ROOMS = Number(process.env.BENCH_ROOMS ?? 143);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/** Posts per second in each room, one rate after another. */
const RATES = (process.env.BENCH_RATES ?? '2,6').split(',').map(Number);
const MEMBERS = 12;
const redisUrl = process.env.HEARTH_TEST_REDIS_URL ?? process.env.REDIS_URL;

interface Row {
  server: string;
  rate: number;
  sockets: number;
  sent: number;
  deliveries: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}

/** A socket that counts chat deliveries and their latency (the post carries its send time). */
class Counter {
  deliveries = 0;
  latencies: number[] = [];
  measuring = false;
  seen(text: string) {
    if (!this.measuring) return;
    this.deliveries += 1;
    this.latencies.push(performance.now() - Number(text));
  }
}

/** Opens a socket; with a cookie (Hearth), resolves once the server says it is ready. */
function openSocket(url: string, cookie?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: cookie ? { cookie } : {} });
    socket.once(cookie ? 'message' : 'open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Drives the rooms: one sender socket each, posting `rate` times a second for SECONDS. */
async function drive(
  name: string,
  senders: Array<(text: string) => void>,
  counter: Counter,
  rate: number,
  sockets: number,
): Promise<Row> {
  // Warm-up second, not measured.
  // Each room posts on its own timer, offset across the interval, as independent rooms would:
  // the offered load does not wait on how fast anything else in this process runs.
  const tick = async (seconds: number) => {
    const interval = 1000 / rate;
    let sent = 0;
    const timers: NodeJS.Timeout[] = [];
    senders.forEach((send, i) => {
      timers.push(
        setTimeout(
          () => {
            const post = () => {
              send(String(performance.now()));
              sent += 1;
            };
            post();
            timers.push(setInterval(post, interval));
          },
          (i / senders.length) * interval,
        ),
      );
    });
    await new Promise((r) => setTimeout(r, seconds * 1000));
    for (const timer of timers) clearInterval(timer);
    return sent;
  };
  await tick(1);
  await new Promise((r) => setTimeout(r, 500));
  counter.deliveries = 0;
  counter.latencies = [];
  counter.measuring = true;
  const sent = await tick(SECONDS);
  // Let what is in flight arrive: deliveries of the window's posts, per second of posting.
  await new Promise((r) => setTimeout(r, 1000));
  counter.measuring = false;
  const sorted = counter.latencies.sort((a, b) => a - b);
  const row = {
    server: name,
    rate,
    sockets,
    sent,
    deliveries: counter.deliveries,
    perSecond: counter.deliveries / SECONDS,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
  };
  // Each row as soon as it is measured, so a run cut short still says what it found.
  process.stderr.write(`${JSON.stringify(row)}\n`);
  return row;
}

/** The baseline: a bare ws server that numbers each message and sends it to the 14 sockets of its room. */
async function rawBaseline(rate: number): Promise<Row> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  const rooms = new Map<string, Set<WebSocket>>();
  let seq = 0;
  server.on('connection', (socket, request) => {
    const room = new URL(request.url ?? '/', 'http://x').searchParams.get('room') ?? '';
    const set = rooms.get(room) ?? new Set();
    set.add(socket);
    rooms.set(room, set);
    socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as { data: { roomId: string; command: { text: string } } };
      const event = JSON.stringify({
        type: 'room.event',
        data: {
          type: 'chat.posted',
          roomId: room,
          seq: ++seq,
          at: new Date().toISOString(),
          text: m.data.command.text,
        },
      });
      for (const s of rooms.get(room) ?? []) s.send(event);
    });
  });
  const counter = new Counter();
  const sockets: WebSocket[] = [];
  const senders: Array<(text: string) => void> = [];
  for (let r = 0; r < ROOMS; r++) {
    for (let p = 0; p < MEMBERS + 2; p++) {
      const socket = await openSocket(`ws://127.0.0.1:${port}/?room=r${r}`);
      socket.on('message', (data) => {
        const m = JSON.parse(String(data)) as { data: { text: string } };
        counter.seen(m.data.text);
      });
      sockets.push(socket);
      if (p === 0)
        senders.push((text) =>
          socket.send(
            JSON.stringify({
              type: 'room.command',
              data: { roomId: `r${r}`, id: crypto.randomUUID(), command: { type: 'chat.post', text } },
            }),
          ),
        );
    }
  }
  const row = await drive('raw ws fan-out (baseline)', senders, counter, rate, sockets.length);
  for (const s of sockets) s.terminate();
  await new Promise((r) => server.close(r));
  return row;
}

async function listen(app: HearthApp): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/realtime`;
}

/** Builds the practice: ROOMS groups of 12 members and 2 facilitators, a session now in each, its room open. */
async function buildPractice() {
  const testDb = await createTestDatabase('sqlite');
  const setup = await buildTestApp(testDb);
  const names = ['Sam', 'Ana', 'Kofi', 'Rosa', 'Jin', 'Tomas', 'Priya', 'Omar', 'Lena', 'Dev', 'Ines', 'Yusuf'].slice(
    0,
    MEMBERS,
  );
  const base = await groupWithMembers(setup, { members: [] });
  // The fixture's group holds ten; a room of twelve needs more places.
  await testDb.database.db
    .updateTable('groups')
    .set({ capacity: MEMBERS + 2 })
    .execute();
  const members = [];
  for (const name of names) {
    const email = `${name.toLowerCase()}@people.test`;
    const person = await addPerson(setup, {
      email,
      role: 'member',
      practiceId: base.practiceId,
      name: `${name} Legal`,
    });
    members.push({ person, memberId: await referAndJoin(setup, base.maya, base.groupId, person, name, email) });
  }
  const first = { ...base, members };
  const lee = await addPerson(setup, {
    email: 'lee@harbour.test',
    role: 'clinician',
    practiceId: first.practiceId,
    name: 'Lee',
  });
  const db = testDb.database.db;
  const weekAgo = new Date(Date.now() - 7 * 86_400_000);
  const groupIds = [first.groupId];
  for (let g = 1; g < ROOMS; g++) groupIds.push(await createGroup(setup, first.maya, { name: `Bench group ${g + 1}` }));
  const template = await db.selectFrom('groupMembers').selectAll().where('groupId', '=', first.groupId).execute();
  const now = new Date().toISOString();
  for (const groupId of groupIds.slice(1)) {
    const rows = template.map((m) => ({ ...m, id: crypto.randomUUID(), groupId, createdAt: now }));
    await db.insertInto('groupMembers').values(rows).execute();
    await db
      .insertInto('groupMemberEvents')
      .values(
        rows.map((m) => ({
          id: crypto.randomUUID(),
          groupMemberId: m.id,
          fromStatus: null,
          toStatus: 'active',
          reason: null,
          byUserId: null,
          at: weekAgo.toISOString(),
        })),
      )
      .execute();
  }
  for (const m of first.members) await backdateMembership(setup, m.memberId, weekAgo);
  await db
    .insertInto('groupFacilitators')
    .values(groupIds.map((groupId) => ({ groupId, userId: lee.userId, addedAt: now })))
    .execute();
  const roomIds: string[] = [];
  for (const groupId of groupIds) {
    const sessionId = await insertPastSession(
      setup,
      { practiceId: first.practiceId, groupId },
      new Date(Date.now() - 5 * 60_000),
    );
    const opened = await setup.app.inject({
      method: 'POST',
      url: `/api/groups/${groupId}/sessions/${sessionId}/room`,
      headers: { cookie: first.maya.cookie },
    });
    if (opened.statusCode !== 200) throw new Error(`room: ${opened.body}`);
    roomIds.push(opened.json().roomId);
  }
  await setup.app.close();
  const people: SignedIn[] = [...first.members.map((m) => m.person), first.maya, lee];
  return { testDb, roomIds, people, maya: first.maya };
}

/** Hearth: every socket joins its room; facilitators admit everyone; one member per room posts. */
async function hearth(
  name: string,
  urls: string[],
  practice: Awaited<ReturnType<typeof buildPractice>>,
  rates: number[],
): Promise<Row[]> {
  const counter = new Counter();
  const sockets: WebSocket[] = [];
  const senders: Array<(text: string) => void> = [];
  let joined = 0;
  let connected = 0;
  for (const [r, roomId] of practice.roomIds.entries()) {
    const roomSockets: WebSocket[] = [];
    for (const [p, person] of practice.people.entries()) {
      const socket = await openSocket(urls[(r * practice.people.length + p) % urls.length]!, person.cookie);
      socket.on('message', (data) => {
        const text = String(data);
        if (text.includes('"room.snapshot"')) joined += 1;
        const m = JSON.parse(text) as { type: string; data: { type?: string; text?: string } };
        if (m.type === 'room.event' && m.data.type === 'chat.posted') counter.seen(m.data.text!);
      });
      socket.send(JSON.stringify({ type: 'room.join', data: { roomId } }));
      roomSockets.push(socket);
      sockets.push(socket);
      connected += 1;
    }
    const sender = roomSockets[0]!;
    senders.push((text) =>
      sender.send(
        JSON.stringify({
          type: 'room.command',
          data: { roomId, id: crypto.randomUUID(), command: { type: 'chat.post', text } },
        }),
      ),
    );
  }
  process.stderr.write(`${name}: ${connected} sockets open\n`);
  while (joined < connected) await new Promise((r) => setTimeout(r, 50));
  process.stderr.write(`${name}: all joined\n`);
  // Let the arrivals settle, then Maya admits everyone in each room.
  await new Promise((r) => setTimeout(r, 1000));
  const maya = practice.people.length - 2;
  for (const [r, roomId] of practice.roomIds.entries()) {
    const facilitator = sockets[r * practice.people.length + maya]!;
    facilitator.send(
      JSON.stringify({
        type: 'room.command',
        data: { roomId, id: crypto.randomUUID(), command: { type: 'admitAll' } },
      }),
    );
  }
  await new Promise((r) => setTimeout(r, 2000));
  const rows: Row[] = [];
  for (const rate of rates) rows.push(await drive(name, senders, counter, rate, sockets.length));
  for (const s of sockets) s.terminate();
  return rows;
}

const log = (text: string) => process.stderr.write(`${text}\n`);
const rows: Row[] = [];
for (const rate of RATES) rows.push(await rawBaseline(rate));
log('raw baseline measured');
const practice = await buildPractice();
log(`practice built: ${practice.roomIds.length} rooms`);
{
  const one = await buildTestApp(practice.testDb);
  rows.push(...(await hearth('Hearth, one instance', [await listen(one.app)], practice, RATES)));
  await one.app.close();
}
if (redisUrl) {
  const a = await buildTestApp(practice.testDb, { broker: new RedisBroker(redisUrl) });
  const b = await buildTestApp(practice.testDb, { broker: new RedisBroker(redisUrl) });
  // The rooms were left by the first run's sockets: nobody is connected, everyone waits again.
  rows.push(
    ...(await hearth('Hearth, two instances + Redis', [await listen(a.app), await listen(b.app)], practice, RATES)),
  );
  await a.app.close();
  await b.app.close();
  await a.broker.close();
  await b.broker.close();
}
await practice.testDb.cleanup();

console.log(
  `\nRoom benchmark: ${ROOMS} rooms × ${MEMBERS + 2} sockets, ${SECONDS} s per rate, SQLite, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}\n`,
);
console.log('| server | posts/s per room | sockets | posts | deliveries/s | vs raw | p50 ms | p99 ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  const raw = rows.find((r) => r.rate === row.rate && r.server.startsWith('raw'))!;
  console.log(
    `| ${row.server} | ${row.rate} | ${row.sockets} | ${row.sent} | ${row.perSecond.toFixed(0)} | ${(row.perSecond / raw.perSecond).toFixed(2)} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} |`,
  );
}
process.exit(0);
