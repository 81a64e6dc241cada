// `npm run bench:load`: simulated people using Hearth at once, on this machine, over real sockets.
// Members open home, answer a check-in and read their group's space; clinicians open a roster, the
// agenda and write a session note; one group in four is meeting now, its people in the live room
// over /api/realtime (domain/room-protocol.ts), posting to the chat. The pages, think times, ramp
// and thresholds are bench/load-scenario.ts.
//
// Needs PostgreSQL and Redis (HEARTH_TEST_DATABASE_URL, HEARTH_TEST_REDIS_URL): the practice is
// seeded into a database of its own, which Hearth instances (bench/load-server.ts, each its own
// process, as `hearth serve`) share behind nginx (Debian's nginx-light, run with a config written
// to a temporary folder; WebSockets proxied with the Upgrade headers, as deploy/nginx/hearth.conf).
// Sessions are made the way people make them (POST /api/session, two-step enrolment for
// clinicians), in process before the servers start, each from an address of its own so the
// production sign-in limits apply unchanged.
//
// The ramp runs on one instance, then on two, in the same run: each step brings that many people in
// over `arriveSeconds`, measures `measureSeconds`, then everyone leaves. The capacity is the number
// of people at the first step that breaks a threshold. Last, an audit run sends `auditRequests`
// requests as fast as the two instances answer (autocannon), then runs `hearth audit verify`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import events from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { connectDatabase } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { generateDueForms } from '../server/modules/measures/measures.service.js';
import { insertMembership, insertPerson } from '../server/modules/people/people.repository.js';
import { hashPassword } from '../server/platform/auth/password-hasher.js';
import {
  buildTestApp,
  enrolTwoFactor,
  sessionCookie,
  setUpPractice,
  setupPracticeId,
  TEST_PASSWORD,
  withAdminClient,
  type TestApp,
} from '../server/testing/test-app.js';
import { CLINICIAN_PAGES, MEMBER_PAGES, SCENARIO, type Page } from './load-scenario.js';

const adminUrl = process.env.HEARTH_TEST_DATABASE_URL;
const redisUrl = process.env.HEARTH_TEST_REDIS_URL;
if (!adminUrl || !redisUrl)
  throw new Error('bench:load needs HEARTH_TEST_DATABASE_URL (PostgreSQL) and HEARTH_TEST_REDIS_URL (Redis)');
const RAMP = (process.env.BENCH_RAMP ?? SCENARIO.ramp.join(',')).split(',').map(Number);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? SCENARIO.measureSeconds);
const AUDIT_REQUESTS = Number(process.env.BENCH_AUDIT_REQUESTS ?? SCENARIO.auditRequests);
const NGINX = process.env.BENCH_NGINX ?? '/usr/sbin/nginx';
const SECRET = crypto.randomBytes(32).toString('hex');
const DAY = 86_400_000;
const log = (text: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);

interface Person {
  kind: 'member' | 'clinician';
  cookie: string;
  groupId: string;
  /** The member's open GAD-7, answered on each check-in visit; `sent` once it has been sent. */
  formId?: string;
  sent?: boolean;
  /** The past session whose notes the clinician writes. */
  sessionId?: string;
  /** The live room, when the group is meeting now. */
  roomId?: string;
}

// ---------------------------------------------------------------------------------------------
// Seeding

async function pool<T>(items: T[], width: number, run: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i]!, i);
      }
    }),
  );
}

const randomIp = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

async function seed(t: TestApp, people: number): Promise<Person[]> {
  const db = t.database.db;
  const owner = await setUpPractice(t.app);
  const practiceId = await setupPracticeId(t);
  const perGroup = SCENARIO.membersPerGroup + 1;
  const groups = Math.ceil(people / perGroup);
  const now = Date.now();
  const nowIso = new Date(now).toISOString();
  const start = new Date(now - 12 * 7 * DAY).toISOString();
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const inject = async (cookie: string, method: string, url: string, payload?: object) => {
    const r = await t.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie, 'idempotency-key': crypto.randomUUID() },
      remoteAddress: randomIp(),
      ...(payload && { payload }),
    });
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return r;
  };
  const out: Array<Person & { userId: string; email: string }> = [];
  for (let g = 0; g < groups; g++) {
    const groupId = crypto.randomUUID();
    const clinician = { id: crypto.randomUUID(), email: `clinician${g}@load.test` };
    const members = Array.from({ length: SCENARIO.membersPerGroup }, (_, m) => ({
      id: crypto.randomUUID(),
      memberId: crypto.randomUUID(),
      email: `member${g}-${m}@load.test`,
      name: `Member ${g}-${m}`,
    }));
    await db.transaction().execute(async (trx) => {
      for (const [p, role] of [
        [{ ...clinician, name: `Clinician ${g}` }, 'clinician'] as const,
        ...members.map((m) => [m, 'member'] as const),
      ]) {
        await insertPerson(trx, 'postgres', { id: p.id, name: p.name, email: p.email, passwordHash, now: start });
        await insertMembership(trx, { practiceId, userId: p.id, role, now: start });
      }
      await trx
        .insertInto('groups')
        .values({
          id: groupId,
          practiceId,
          name: `Load group ${g + 1}`,
          description: 'A group of the load benchmark.',
          modality: 'process',
          format: 'closed',
          capacity: 30,
          timeZone: 'Europe/London',
          meetingMode: 'online',
          place: null,
          meetingLink: 'https://meet.example.org/load',
          status: 'active',
          selfReferralToken: null,
          screeningQuestions: null,
          closedAt: null,
          archivedAt: null,
          createdAt: start,
          updatedAt: start,
        })
        .execute();
      await trx.insertInto('groupFacilitators').values({ groupId, userId: clinician.id, addedAt: start }).execute();
      await trx
        .insertInto('groupAgreements')
        .values({
          id: crypto.randomUUID(),
          groupId,
          version: 1,
          text: 'What is said here stays here.',
          createdBy: clinician.id,
          createdAt: start,
        })
        .execute();
      await trx
        .insertInto('groupMembers')
        .values(
          members.map((m, i) => ({
            id: m.memberId,
            practiceId,
            groupId,
            userId: m.id,
            email: m.email,
            name: m.name,
            status: 'active',
            displayName: `M${i + 1}`,
            displayNameKey: `m${i + 1}`,
            agreementVersion: 1,
            agreementAcceptedAt: start,
            statusChangedAt: start,
            createdAt: start,
          })),
        )
        .execute();
      await trx
        .insertInto('groupMemberEvents')
        .values(
          members.map((m) => ({
            id: crypto.randomUUID(),
            groupMemberId: m.memberId,
            fromStatus: null,
            toStatus: 'active',
            reason: null,
            byUserId: null,
            at: start,
          })),
        )
        .execute();
      await trx
        .insertInto('groupMeasures')
        .values(
          [
            { instrumentId: 'phq-9', cadence: 'every-weeks', everyWeeks: 1, main: true },
            { instrumentId: 'gad-7', cadence: 'every-weeks', everyWeeks: 1, main: false },
            { instrumentId: 'hearth-checkout', cadence: 'every-session', everyWeeks: null, main: false },
          ].map((p) => ({ ...p, id: crypto.randomUUID(), groupId, createdAt: start })),
        )
        .execute();
      // Twelve weekly sessions behind them, everyone present, and one yesterday whose notes the clinician writes.
      const sessions = Array.from({ length: 12 }, (_, s) => {
        const at = new Date(now - (12 - s) * 7 * DAY + (s === 11 ? 6 * DAY : 0)).toISOString();
        return {
          id: crypto.randomUUID(),
          practiceId,
          groupId,
          occurrenceStart: at,
          startsAt: at,
          endsAt: new Date(Date.parse(at) + 90 * 60_000).toISOString(),
          status: 'scheduled',
          createdAt: start,
          updatedAt: start,
        };
      });
      await trx.insertInto('groupSessions').values(sessions).execute();
      await trx
        .insertInto('sessionAttendance')
        .values(
          sessions.flatMap((s) =>
            members.map((m) => ({
              sessionId: s.id,
              groupMemberId: m.memberId,
              practiceId,
              status: 'present',
              note: null,
              recordedBy: clinician.id,
              recordedAt: s.endsAt,
            })),
          ),
        )
        .execute();
      // A quarter's weekly PHQ-9 and GAD-7 scores for the roster.
      await trx
        .insertInto('measureForms')
        .values(
          members.flatMap((m) =>
            Array.from({ length: 11 }, (_, w) => w).flatMap((w) =>
              (['phq-9', 'gad-7'] as const).map((instrumentId) => {
                const at = new Date(now - (12 - w) * 7 * DAY).toISOString();
                return {
                  id: crypto.randomUUID(),
                  practiceId,
                  groupId,
                  groupMemberId: m.memberId,
                  instrumentId,
                  occasion: `weeks:${w}`,
                  dueAt: at,
                  status: 'completed',
                  total: instrumentId === 'phq-9' ? 16 - w : 12 - w,
                  band: null,
                  submittedAt: at,
                  createdAt: at,
                  updatedAt: at,
                };
              }),
            ),
          ),
        )
        .execute();
      out.push({ kind: 'clinician', cookie: '', groupId, userId: clinician.id, email: clinician.email });
      for (const m of members) out.push({ kind: 'member', cookie: '', groupId, userId: m.id, email: m.email });
    });
    if (g % 20 === 19) log(`seeded ${g + 1} of ${groups} groups`);
  }
  // The forms now due (this week's PHQ-9 and GAD-7 for everyone), as the job worker would make them.
  await generateDueForms(t.database, new Date());
  const open = await db
    .selectFrom('measureForms')
    .innerJoin('groupMembers', 'groupMembers.id', 'measureForms.groupMemberId')
    .select(['groupMembers.userId', 'measureForms.id'])
    .where('measureForms.instrumentId', '=', 'gad-7')
    .where('measureForms.status', 'in', ['due', 'in-progress'])
    .execute();
  const formOf = new Map(open.map((r) => [r.userId, r.id]));
  log(`signing ${out.length} people in (argon2 each; clinicians set up two-step sign-in)`);
  let signed = 0;
  await pool(out, 4, async (p) => {
    const ip = randomIp();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: p.email, password: TEST_PASSWORD },
      remoteAddress: ip,
    });
    if (response.statusCode !== 200) throw new Error(`sign-in: ${response.statusCode} ${response.body}`);
    let cookie = sessionCookie(response.headers['set-cookie']);
    if (p.kind === 'clinician')
      cookie = (await enrolTwoFactor(t.app, { cookie, userId: p.userId, ip }, TEST_PASSWORD)).cookie;
    p.cookie = cookie;
    if (p.kind === 'member') {
      p.formId = formOf.get(p.userId);
      if (!p.formId) throw new Error(`no open GAD-7 for ${p.email}`);
    }
    if (++signed % 250 === 0) log(`signed in ${signed}`);
  });
  // The clinician starts yesterday's notes; every fourth group is meeting now, its room open.
  for (const [g, clinician] of out.filter((p) => p.kind === 'clinician').entries()) {
    const yesterday = await db
      .selectFrom('groupSessions')
      .select('id')
      .where('groupId', '=', clinician.groupId)
      .orderBy('startsAt', 'desc')
      .executeTakeFirstOrThrow();
    await inject(clinician.cookie, 'POST', `/api/groups/${clinician.groupId}/sessions/${yesterday.id}/notes`);
    let roomId: string | undefined;
    if (g % SCENARIO.liveEvery === 0) {
      const sessionId = crypto.randomUUID();
      const at = new Date(now - 5 * 60_000).toISOString();
      await db
        .insertInto('groupSessions')
        .values({
          id: sessionId,
          practiceId,
          groupId: clinician.groupId,
          occurrenceStart: at,
          startsAt: at,
          endsAt: new Date(now + 85 * 60_000).toISOString(),
          status: 'scheduled',
          createdAt: nowIso,
          updatedAt: nowIso,
        })
        .execute();
      roomId = (
        await inject(clinician.cookie, 'POST', `/api/groups/${clinician.groupId}/sessions/${sessionId}/room`)
      ).json().roomId as string;
    }
    for (const p of out.filter((q) => q.groupId === clinician.groupId)) {
      if (p.kind === 'clinician') p.sessionId = yesterday.id;
      p.roomId = roomId;
    }
  }
  void owner;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Servers and nginx

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Instance {
  child: ChildProcess;
  port: number;
}

async function startInstance(databaseUrl: string, dataDir: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'load-server.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      HEARTH_SECRET_KEY: SECRET,
      HEARTH_DATA_DIR: dataDir,
      HEARTH_TRUST_PROXY: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (first) => {
      resolve(first);
      // After the port, the instance's log (errors only): the first few reach the bench's log.
      let shown = 0;
      lines.on('line', (text) => {
        if (shown++ < 5) log(`instance on ${port}: ${text.slice(0, 600)}`);
      });
    });
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)));
  });
  return { child, port: (JSON.parse(line) as { port: number }).port };
}

async function stopInstance(instance: Instance) {
  if (instance.child.exitCode !== null) return;
  const exited = new Promise((r) => instance.child.once('exit', r));
  instance.child.kill('SIGTERM');
  await exited;
}

/** nginx in front of the instances: deploy/nginx/hearth.conf's proxy settings, on a port of its own. */
function nginxConfig(dir: string, port: number, upstreams: number[]) {
  const shipped = fs.readFileSync(path.join(import.meta.dirname, '..', 'deploy', 'nginx', 'hearth-proxy.conf'), 'utf8');
  fs.writeFileSync(path.join(dir, 'hearth-proxy.conf'), shipped);
  return `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  upstream hearth {
${upstreams.map((p) => `    server 127.0.0.1:${p};`).join('\n')}
    keepalive 64;
  }
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  server {
    listen 127.0.0.1:${port};
    include ${dir}/hearth-proxy.conf;
  }
}
`;
}

async function startNginx(upstreams: number[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-nginx-'));
  const port = await freePort();
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, nginxConfig(dir, port, upstreams));
  const child = spawn(NGINX, ['-c', file, '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(true)).once('error', () => resolve(false));
      s.once('connect', () => s.end());
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Simulated people

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
  kind: 'http' | 'room';
}

class Recorder {
  samples: Sample[] = [];
  failures = new Map<string, number>();
  add(kind: Sample['kind'], started: number, ok: boolean, what: string) {
    this.samples.push({ at: started, ms: performance.now() - started, ok, kind });
    if (!ok) this.failures.set(what, (this.failures.get(what) ?? 0) + 1);
  }
}

const exponential = (mean: number) => -Math.log(1 - Math.random()) * mean;
// Every person of a step waits on the step's one signal.
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

function pickPage(pages: Page[]): Page {
  let r = Math.random() * pages.reduce((a, p) => a + p.weight, 0);
  for (const p of pages) if ((r -= p.weight) < 0) return p;
  return pages[0]!;
}

function httpCall(agent: http.Agent, port: number, method: string, url: string, cookie: string, body?: unknown) {
  return new Promise<number>((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path: url,
        headers: {
          cookie,
          accept: 'application/json',
          ...(method === 'POST' && { 'idempotency-key': crypto.randomUUID() }),
          ...(payload !== undefined && {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          }),
        },
        timeout: 30_000,
      },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', () => resolve(0));
      },
    );
    request.once('error', () => resolve(0));
    request.once('timeout', () => request.destroy());
    if (method === 'POST' && payload === undefined) request.end();
    else request.end(payload);
  });
}

/** One person browsing: a page, think, another page, until the step ends. */
async function browse(p: Person, port: number, agent: http.Agent, recorder: Recorder, signal: AbortSignal) {
  const pages = p.kind === 'member' ? MEMBER_PAGES : CLINICIAN_PAGES;
  // People arrive mid-visit, not all on their first page at once.
  await sleep(exponential(SCENARIO.thinkSeconds * 1000) / 2, signal);
  while (!signal.aborted) {
    const page = pickPage(pages);
    const week = new Date();
    const fill = (s: string) =>
      s
        .replaceAll('{group}', p.groupId)
        .replaceAll('{form}', p.formId ?? '')
        .replaceAll('{session}', p.sessionId ?? '')
        .replaceAll('{from}', encodeURIComponent(new Date(week.getTime() - 7 * DAY).toISOString()))
        .replaceAll('{to}', encodeURIComponent(new Date(week.getTime() + 7 * DAY).toISOString()));
    for (const step of page.steps) {
      if (signal.aborted) return;
      // A sent check-in takes no more saves (409): the page offers them only while the form is open.
      if (step.whileOpen && p.sent) continue;
      const started = performance.now();
      const status = await httpCall(agent, port, step.method, fill(step.path), p.cookie, step.body);
      recorder.add('http', started, status >= 200 && status < 400, `${step.method} ${step.path} → ${status}`);
      if (step.path.endsWith('/submission') && status === 200) p.sent = true;
      await sleep(exponential(SCENARIO.stepPauseMs), signal);
    }
    await sleep(exponential(SCENARIO.thinkSeconds * 1000), signal);
  }
}

/** One person in the live room: joins, is admitted (clinicians admit whoever waits), posts now and then. */
async function sitInRoom(p: Person, port: number, recorder: Recorder, signal: AbortSignal) {
  const roomId = p.roomId!;
  const pending = new Map<string, number>();
  let admitted = false;
  const started = performance.now();
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api/realtime`, { headers: { cookie: p.cookie } });
  let joined = false;
  const command = (command: object) => {
    // Nothing to say before the room has answered the join (a slow upgrade under load).
    if (!joined || socket.readyState !== WebSocket.OPEN) return;
    const id = crypto.randomUUID();
    pending.set(id, performance.now());
    socket.send(JSON.stringify({ type: 'room.command', data: { roomId, id, command } }));
  };
  // The server says `ready` once it has the socket's session; a join sent earlier would be lost.
  socket.on('message', (data) => {
    const m = JSON.parse(String(data)) as {
      type: string;
      data: {
        id?: string;
        problem?: string;
        state?: { people: Record<string, { admission: string }> };
        you?: { personId: string };
        type?: string;
      };
    };
    if (m.type === 'ready') socket.send(JSON.stringify({ type: 'room.join', data: { roomId } }));
    else if (m.type === 'room.snapshot') {
      if (!joined) recorder.add('room', started, true, 'join');
      joined = true;
      admitted = m.data.state?.people[m.data.you!.personId]?.admission === 'admitted';
    } else if (m.type === 'room.ack' || m.type === 'room.error') {
      const sent = pending.get(m.data.id ?? '');
      if (sent === undefined) {
        if (m.type === 'room.error') recorder.add('room', performance.now(), false, `room → ${m.data.problem}`);
        return;
      }
      pending.delete(m.data.id!);
      recorder.add('room', sent, m.type === 'room.ack', `room command → ${m.data.problem ?? 'ack'}`);
    } else if (p.kind === 'clinician' && m.type === 'room.event' && m.data.type === 'person.arrived') {
      command({ type: 'admitAll' });
    }
  });
  let closedEarly = false;
  socket.on('close', () => {
    if (!signal.aborted) closedEarly = true;
  });
  socket.on('error', () => undefined);
  await sleep(exponential(SCENARIO.roomPostSeconds * 1000) / 2, signal);
  let checkedIn = false;
  while (!signal.aborted && !closedEarly) {
    if (p.kind === 'clinician') command({ type: 'admitAll' });
    else if (admitted && !checkedIn) {
      command({ type: 'checkIn.give', mood: 6, word: 'steady', share: 'group' });
      checkedIn = true;
    } else if (admitted) command({ type: 'chat.post', text: 'Thank you, that helps.' });
    await sleep(exponential(SCENARIO.roomPostSeconds * 1000), signal);
  }
  if (closedEarly) recorder.add('room', performance.now(), false, 'socket closed by the server');
  if (!joined) recorder.add('room', started, false, 'never joined');
  socket.close();
}

interface StepResult {
  instances: number;
  people: number;
  requests: number;
  perSecond: number;
  errors: number;
  errorRate: number;
  mean: number;
  p50: number;
  p99: number;
  roomP99: number;
  sockets: number;
  failures: Map<string, number>;
  passed: boolean;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

async function runStep(instances: number, port: number, everyone: Person[], people: number): Promise<StepResult> {
  const recorder = new Recorder();
  const controller = new AbortController();
  events.setMaxListeners(0, controller.signal);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const running: Array<Promise<void>> = [];
  const here = everyone.slice(0, people);
  const spacing = (SCENARIO.arriveSeconds * 1000) / here.length;
  let sockets = 0;
  for (const p of here) {
    if (p.roomId) {
      sockets += 1;
      running.push(sitInRoom(p, port, recorder, controller.signal));
    } else running.push(browse(p, port, agent, recorder, controller.signal));
    await new Promise((r) => setTimeout(r, spacing));
  }
  const from = performance.now();
  await new Promise((r) => setTimeout(r, MEASURE_SECONDS * 1000));
  const to = performance.now();
  controller.abort();
  await Promise.all(running);
  agent.destroy();
  const window = recorder.samples.filter((s) => s.at >= from && s.at < to);
  const sorted = window.map((s) => s.ms).sort((a, b) => a - b);
  const roomSorted = window
    .filter((s) => s.kind === 'room')
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const errors = window.filter((s) => !s.ok).length;
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  const p99 = quantile(sorted, 0.99);
  const errorRate = errors / Math.max(1, window.length);
  const { thresholds } = SCENARIO;
  const result: StepResult = {
    instances,
    people,
    requests: window.length,
    perSecond: window.length / MEASURE_SECONDS,
    errors,
    errorRate,
    mean,
    p50: quantile(sorted, 0.5),
    p99,
    roomP99: quantile(roomSorted, 0.99),
    sockets,
    failures: recorder.failures,
    passed: errorRate < thresholds.errorRate && mean < thresholds.meanMs && p99 < thresholds.p99Ms,
  };
  log(
    `${instances} instance(s), ${people} people (${sockets} sockets): ${result.requests} requests, ${result.perSecond.toFixed(0)}/s, ` +
      `errors ${errors} (${(errorRate * 100).toFixed(3)} %), mean ${mean.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms → ${result.passed ? 'pass' : 'BREAKS'}`,
  );
  if (recorder.failures.size) log(`  failures: ${JSON.stringify([...recorder.failures])}`);
  // Let the rooms notice everyone left before the next step.
  await new Promise((r) => setTimeout(r, 3000));
  return result;
}

async function ramp(instances: number, port: number, everyone: Person[]): Promise<StepResult[]> {
  const rows: StepResult[] = [];
  for (const people of RAMP) {
    if (people > everyone.length) break;
    const row = await runStep(instances, port, everyone, people);
    rows.push(row);
    if (!row.passed) break;
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// The audit run

async function auditRun(port: number, everyone: Person[]) {
  const members = everyone.filter((p) => p.kind === 'member');
  const clinicians = everyone.filter((p) => p.kind === 'clinician');
  // Reads a person makes most, and the audited clinical read (the roster) one time in four.
  const pick = () => {
    const r = Math.random();
    if (r < 0.25) {
      const c = clinicians[crypto.randomInt(clinicians.length)]!;
      return { path: `/api/groups/${c.groupId}/outcomes`, cookie: c.cookie };
    }
    const m = members[crypto.randomInt(members.length)]!;
    const paths = ['/api/session', '/api/my/groups', '/api/my/measures', `/api/groups/${m.groupId}/space`];
    return { path: paths[crypto.randomInt(paths.length)]!, cookie: m.cookie };
  };
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 64,
    amount: AUDIT_REQUESTS,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const { path: p, cookie } = pick();
          return { ...request, path: p, headers: { ...request.headers, cookie } };
        },
      },
    ],
  });
  return result;
}

function countAudit(databaseUrl: string) {
  return withAdminClient(databaseUrl, async (client) => {
    const r = await client.query<{ n: string }>('select count(*) as n from audit_events');
    return Number(r.rows[0]!.n);
  });
}

// ---------------------------------------------------------------------------------------------

const maxPeople = Math.max(...RAMP);
const dbName = `hearth_load_${crypto.randomBytes(4).toString('hex')}`;
const databaseUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-load-'));
await withAdminClient(adminUrl, (c) => c.query(`create database ${dbName}`));
const instances: Instance[] = [];
let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
try {
  const database = connectDatabase({ databaseUrl, dataDir });
  await migrateToLatest(database);
  const seeding = await buildTestApp(
    { database, dataDir, connectAgain: () => database, cleanup: async () => undefined },
    { keys: { current: SECRET } },
  );
  log(`seeding ${maxPeople} people into ${dbName}`);
  const everyone = await seed(seeding, maxPeople);
  await seeding.app.close();
  await database.close();
  await withAdminClient(databaseUrl, (c) => c.query('vacuum analyze'));
  log('seeded');

  const results: StepResult[] = [];
  for (const count of [1, 2]) {
    while (instances.length < count) instances.push(await startInstance(databaseUrl, dataDir));
    nginx = await startNginx(instances.map((i) => i.port));
    log(`${count} instance(s) behind nginx on ${nginx.port}`);
    results.push(...(await ramp(count, nginx.port, everyone)));
    await nginx.stop();
    nginx = undefined;
  }

  nginx = await startNginx(instances.map((i) => i.port));
  const before = await countAudit(databaseUrl);
  log(`audit run: ${AUDIT_REQUESTS} requests through nginx to two instances`);
  const audit = await auditRun(nginx.port, everyone);
  const after = await countAudit(databaseUrl);
  await nginx.stop();
  nginx = undefined;
  for (const instance of instances.splice(0)) await stopInstance(instance);
  const verify = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, '..', 'server', 'cli-entry.ts'), 'audit', 'verify'],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        HEARTH_SECRET_KEY: SECRET,
        HEARTH_DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
      },
      encoding: 'utf8',
    },
  );

  // ------------------------------------------------------------------------------------------
  console.log(
    `\nLoad benchmark: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, PostgreSQL and Redis local, ` +
      `nginx ${spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: ', '')}; ` +
      `think ${SCENARIO.thinkSeconds} s (exponential), ${MEASURE_SECONDS} s measured per step after ${SCENARIO.arriveSeconds} s of arrivals; ` +
      `load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
  );
  console.log(
    '| instances | people | live sockets | requests | requests/s | errors | error rate | mean ms | p50 ms | p99 ms | room p99 ms | verdict |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of results)
    console.log(
      `| ${r.instances} | ${r.people} | ${r.sockets} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.errors} | ${(r.errorRate * 100).toFixed(3)} % | ${r.mean.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.roomP99.toFixed(1)} | ${r.passed ? 'pass' : 'breaks'} |`,
    );
  const capacity = (n: number) => {
    const rows = results.filter((r) => r.instances === n);
    const broke = rows.find((r) => !r.passed);
    const held = rows.filter((r) => r.passed).at(-1);
    return { broke: broke?.people, held: held?.people ?? 0 };
  };
  const one = capacity(1);
  const two = capacity(2);
  const words = (c: { broke?: number; held: number }) =>
    c.broke ? `breaks at ${c.broke} people (held at ${c.held})` : `held at every step up to ${c.held} people`;
  console.log(`\nCapacity, one instance: ${words(one)}.`);
  console.log(`Capacity, two instances behind nginx: ${words(two)}.`);
  const shared = results.filter(
    (r) => r.instances === 1 && results.some((s) => s.instances === 2 && s.people === r.people),
  );
  const top = shared.at(-1);
  const topTwo = top && results.find((s) => s.instances === 2 && s.people === top.people);
  console.log(
    `Scale-out ratio (two instances ÷ one): capacity ${two.held && one.held ? (two.held / one.held).toFixed(2) : 'n/a'}` +
      (top && topTwo
        ? `; at ${top.people} people requests/s ${(topTwo.perSecond / top.perSecond).toFixed(2)}, mean ${top.mean.toFixed(1)} → ${topTwo.mean.toFixed(1)} ms, p99 ${top.p99.toFixed(1)} → ${topTwo.p99.toFixed(1)} ms`
        : ''),
  );
  const non2xx = audit.non2xx + audit.errors + audit.timeouts;
  const statuses = Object.entries(audit.statusCodeStats ?? {})
    .map(([code, { count }]) => `${code}: ${count}`)
    .join(', ');
  console.log(
    `\nAudit run: ${audit.requests.sent} requests in ${audit.duration.toFixed(1)} s (${audit.requests.average.toFixed(0)}/s), ` +
      `${non2xx} not 2xx or failed (${statuses}; ${audit.errors} errors, ${audit.timeouts} timeouts), latency mean ${audit.latency.mean.toFixed(1)} ms p99 ${audit.latency.p99} ms; ` +
      `${after - before} audit records written during it (${after} in all).`,
  );
  console.log(`hearth audit verify (exit ${verify.status}): ${(verify.stdout + verify.stderr).trim()}`);
  process.exitCode = verify.status === 0 ? 0 : 1;
} finally {
  if (nginx) await nginx.stop();
  for (const instance of instances) await stopInstance(instance);
  await withAdminClient(adminUrl, (c) => c.query(`drop database if exists ${dbName} with (force)`));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
