/// <reference lib="dom" />
// `npm run bench:video`: what Janus and Hearth cost per participant in a live room's call, with 3,
// 6 and 12 participants (docs/video.md, bench/RESULTS.md). One Hearth (in this process, embedded
// SQLite) and one Janus (`janus -F` with Hearth's config, server/testing/janus.ts) on this machine;
// the participants are pages of one headless Chromium with a fake camera (640×480) and a fake
// microphone playing a tone that comes and goes (made with sox), each admitted through the room,
// given its token by Hearth, publishing once and subscribing to everyone else (the browser's
// RTCPeerConnection, Janus's signalling through janode as the web app's janus-gateway would).
// Measured over BENCH_SECONDS after a warm-up: Janus's and this process's CPU (share of one core)
// and resident memory, the media each participant received, and the talking events Hearth turned
// into share of voice. Needs the test network (.ci/run) for media: Janus gathers no candidates on
// the loopback interface.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Janode, { type JanodeConnection } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import { chromium, type Page } from 'playwright-core';
import WebSocket from 'ws';
import type { RoomServerMessage } from '../domain/room-protocol.js';
import type { VideoJoin } from '../domain/video.js';
import {
  backdateMembership,
  groupWithMembers,
  insertPastSession,
  referAndJoin,
} from '../server/testing/group-fixtures.js';
import { startJanus, videoTestNetwork } from '../server/testing/janus.js';
import { addPerson, buildTestApp, createTestDatabase, type SignedIn } from '../server/testing/test-app.js';

const SIZES = (process.env.BENCH_SIZES ?? '3,6,12').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CHROMIUM = process.env.HEARTH_CHROMIUM ?? '/usr/bin/chromium';
const NAMES = ['Sam', 'Ana', 'Lee', 'Kim', 'Ola', 'Ren', 'Ivy', 'Max', 'Zoe', 'Eli', 'Noa'];

const network = videoTestNetwork();
if (!network) {
  console.error('bench:video needs the test network (hearth-v0): run the network part of .ci/run as root first.');
  process.exit(1);
}

/** A tone for 1.5 s, silence for 1.5 s, over and over (Chromium loops the file). */
function toneFile(): string {
  const file = path.join(os.tmpdir(), 'hearth-bench-tone.wav');
  if (!fs.existsSync(file)) {
    execFileSync('sox', [
      '-n',
      '-r',
      '48000',
      '-c',
      '1',
      file,
      'synth',
      '1.5',
      'sine',
      '440',
      'vol',
      '0.8',
      'pad',
      '0',
      '1.5',
    ]);
  }
  return file;
}

/** CPU seconds (user + system) and resident bytes of a process, from /proc. */
function usageOf(pid: number): { cpu: number; rss: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
  const cpu = (Number(fields[11]) + Number(fields[12])) / ticks;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  return { cpu, rss };
}

function janusPid(dir: string): number {
  const out = execFileSync('pgrep', ['-f', `janus -F ${dir}`])
    .toString()
    .trim()
    .split('\n')[0];
  return Number(out);
}

async function main() {
  const janus = await startJanus({ ip: network!.address });
  const testDb = await createTestDatabase('sqlite');
  const t = await buildTestApp(testDb, { env: janus.env });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const pageServer = http.createServer((_req, res) => res.end('<!doctype html><title>bench</title>'));
  await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', r));
  const pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${toneFile()}`,
    ],
  });
  try {
    // A group of 11 members (above the default capacity of 10) and its facilitator.
    const f = await groupWithMembers(t, { members: [] });
    await t.database.db.updateTable('groups').set({ capacity: 14 }).where('id', '=', f.groupId).execute();
    for (const name of NAMES) {
      const email = `${name.toLowerCase()}@people.test`;
      const person = await addPerson(t, { email, role: 'member', practiceId: f.practiceId, name: `${name} Legal` });
      f.members.push({ person, memberId: await referAndJoin(t, f.maya, f.groupId, person, name, email), email });
    }
    for (const m of f.members) await backdateMembership(t, m.memberId, new Date(Date.now() - 7 * 86_400_000));
    const sessionId = await insertPastSession(t, f, new Date(Date.now() - 5 * 60_000));
    const opened = await t.app.inject({
      method: 'POST',
      url: `/api/groups/${f.groupId}/sessions/${sessionId}/room`,
      headers: { cookie: f.maya.cookie },
    });
    const roomId = opened.json().roomId as string;
    const wsUrl = `${base.replace('http', 'ws')}/api/realtime`;
    const heard: RoomServerMessage[] = [];
    const sockets: WebSocket[] = [];
    const open = (who: SignedIn, listen = false) =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(wsUrl, { headers: { cookie: who.cookie } });
        socket.once('message', () => {
          socket.send(JSON.stringify({ type: 'room.join', data: { roomId, lastSeq: 0 } }));
          resolve(socket);
        });
        if (listen) socket.on('message', (d) => heard.push(JSON.parse(String(d)) as RoomServerMessage));
        socket.on('error', reject);
        sockets.push(socket);
      });
    const maya = await open(f.maya, true);
    for (const m of f.members) await open(m.person);
    await new Promise((r) => setTimeout(r, 1500));
    maya.send(
      JSON.stringify({
        type: 'room.command',
        data: { roomId, id: crypto.randomUUID(), command: { type: 'admitAll' } },
      }),
    );
    await new Promise((r) => setTimeout(r, 1000));
    await until(() => t.app.video.readiness() === 'ready');
    const people = [f.maya, ...f.members.map((m) => m.person)];

    const rows: string[] = [];
    for (const size of SIZES) {
      const joins: VideoJoin[] = [];
      for (const who of people.slice(0, size)) {
        const r = await t.app.inject({
          method: 'POST',
          url: `/api/rooms/${roomId}/video/join`,
          headers: { cookie: who.cookie, 'idempotency-key': crypto.randomUUID() },
        });
        if (r.statusCode !== 200) throw new Error(`join: ${r.statusCode} ${r.body}`);
        joins.push(r.json() as VideoJoin);
      }
      const context = await browser.newContext();
      const connections: JanodeConnection[] = [];
      const pages: Page[] = [];
      const feeds: Array<string | number> = [];
      // Everyone publishes …
      for (const join of joins) {
        const page = await context.newPage();
        await page.goto(pageUrl);
        pages.push(page);
        const connection = await Janode.connect({
          address: [{ url: janus.url, token: join.token } as { url: string }],
        });
        connections.push(connection);
        const session = await connection.create(15);
        const handle = await session.attach(VideoRoomPlugin);
        const offer = await page.evaluate(async () => {
          const pc = new RTCPeerConnection();
          (window as unknown as { pub: RTCPeerConnection }).pub = pc;
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
          for (const track of stream.getTracks()) pc.addTrack(track, stream);
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise<void>((resolve) => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
            setTimeout(resolve, 3000);
          });
          return { type: 'offer' as const, sdp: pc.localDescription!.sdp };
        });
        const joined = (await handle.joinConfigurePublisher({
          room: join.mediaRoom,
          pin: join.pin,
          display: join.display,
          audio: true,
          video: true,
          jsep: offer,
        })) as { feed: string | number; jsep: RTCSessionDescriptionInit };
        feeds.push(joined.feed);
        await page.evaluate(
          (jsep) => (window as unknown as { pub: RTCPeerConnection }).pub.setRemoteDescription(jsep),
          joined.jsep,
        );
        (page as unknown as { session: typeof session }).session = session;
      }
      // Janus offers a feed once its media is up.
      for (const page of pages)
        await page.waitForFunction(
          () => (window as unknown as { pub: RTCPeerConnection }).pub.connectionState === 'connected',
          undefined,
          { timeout: 15_000 },
        );
      await new Promise((r) => setTimeout(r, 1000));
      // … and subscribes to everyone else.
      for (const [i, join] of joins.entries()) {
        const page = pages[i]!;
        const session = (page as unknown as { session: { attach: (p: unknown) => Promise<never> } }).session;
        const handle = (await session.attach(VideoRoomPlugin)) as unknown as {
          joinSubscriber(p: object): Promise<{ jsep: RTCSessionDescriptionInit }>;
          start(p: object): Promise<unknown>;
        };
        const others = feeds.filter((_, j) => j !== i);
        const subscribed = await handle.joinSubscriber({
          room: join.mediaRoom,
          pin: join.pin,
          streams: others.map((feed) => ({ feed })),
        });
        const answer = await page.evaluate(async (jsep) => {
          const pc = new RTCPeerConnection();
          (window as unknown as { sub: RTCPeerConnection }).sub = pc;
          await pc.setRemoteDescription(jsep);
          await pc.setLocalDescription(await pc.createAnswer());
          await new Promise<void>((resolve) => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
            setTimeout(resolve, 3000);
          });
          return { type: 'answer' as const, sdp: pc.localDescription!.sdp };
        }, subscribed.jsep);
        await handle.start({ jsep: answer });
      }
      const received = () =>
        Promise.all(
          pages.map((page) =>
            page.evaluate(async () => {
              const stats = await (window as unknown as { sub: RTCPeerConnection }).sub.getStats();
              let bytes = 0;
              stats.forEach((s) => {
                if (s.type === 'inbound-rtp') bytes += (s as { bytesReceived?: number }).bytesReceived ?? 0;
              });
              return bytes;
            }),
          ),
        );
      await new Promise((r) => setTimeout(r, 5000));
      const pid = janusPid(janus.dir);
      const j0 = usageOf(pid);
      const h0 = process.cpuUsage();
      const b0 = await received();
      const talk0 = heard.filter(
        (m) => m.type === 'room.event' && m.data.type === 'voice.tapped' && m.data.by === null,
      ).length;
      const started = Date.now();
      await new Promise((r) => setTimeout(r, SECONDS * 1000));
      const elapsed = (Date.now() - started) / 1000;
      const j1 = usageOf(pid);
      const h1 = process.cpuUsage(h0);
      const b1 = await received();
      const talks =
        heard.filter((m) => m.type === 'room.event' && m.data.type === 'voice.tapped' && m.data.by === null).length -
        talk0;
      const kbps = b1.map((b, i) => ((b - b0[i]!) * 8) / 1000 / elapsed);
      const row = {
        participants: size,
        janusCpu: (((j1.cpu - j0.cpu) / elapsed) * 100).toFixed(1),
        janusMiB: (j1.rss / 2 ** 20).toFixed(0),
        hearthCpu: (((h1.user + h1.system) / 1e6 / elapsed) * 100).toFixed(1),
        hearthMiB: (process.memoryUsage().rss / 2 ** 20).toFixed(0),
        minKbps: Math.min(...kbps).toFixed(0),
        talkingEvents: talks,
      };
      console.log(JSON.stringify(row));
      rows.push(
        `| ${row.participants} | ${row.janusCpu} % | ${row.janusMiB} MiB | ${row.hearthCpu} % | ${row.hearthMiB} MiB | ${row.minKbps} kbit/s | ${row.talkingEvents} |`,
      );
      if (size === SIZES[0]) {
        // A facilitator mutes the second participant's microphone: Janus stops relaying it.
        const audioIn = () =>
          pages[0]!.evaluate(async () => {
            const stats = await (window as unknown as { sub: RTCPeerConnection }).sub.getStats();
            const out: Record<string, number> = {};
            stats.forEach((s) => {
              const r = s as { type: string; kind?: string; id: string; bytesReceived?: number };
              if (r.type === 'inbound-rtp' && r.kind === 'audio') out[r.id] = r.bytesReceived ?? 0;
            });
            return out;
          });
        maya.send(
          JSON.stringify({
            type: 'room.command',
            data: {
              roomId,
              id: crypto.randomUUID(),
              command: { type: 'video.mute', personId: joins[1]!.display, what: 'audio' },
            },
          }),
        );
        await new Promise((r) => setTimeout(r, 2000));
        const a0 = await audioIn();
        await new Promise((r) => setTimeout(r, 2000));
        const a1 = await audioIn();
        const flowing = Object.keys(a1).filter((id) => a1[id]! > (a0[id] ?? 0)).length;
        const muted = heard.some((m) => m.type === 'room.event' && m.data.type === 'video.muted');
        console.log(
          JSON.stringify({ muteCheck: { event: muted, audioStreamsFlowing: flowing, of: Object.keys(a1).length } }),
        );
      }
      await context.close();
      for (const c of connections) await c.close().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 2000));
    }
    console.log(
      [
        `\n| participants | Janus CPU (one core) | Janus RSS | Hearth CPU | Hearth RSS | least received per participant | talking → share of voice in ${SECONDS} s |`,
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    );
    for (const s of sockets) s.close();
  } finally {
    await browser.close();
    pageServer.close();
    await t.app.close();
    await testDb.cleanup();
    await janus.cleanup();
  }
}

async function until(test: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('Hearth did not connect to Janus');
    await new Promise((r) => setTimeout(r, 100));
  }
}

await main();
