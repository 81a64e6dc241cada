import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Janode, { type JanodeConnection, type JanodeSession } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RoomCommand, RoomServerMessage } from '../../../domain/room-protocol.js';
import type { VideoJoin } from '../../../domain/video.js';
import type { HearthApp } from '../../platform/http.js';
import {
  backdateMembership,
  groupWithMembers,
  insertPastSession,
  type GroupFixture,
} from '../../testing/group-fixtures.js';
import { startJanus, videoSkipReason, type JanusServer } from '../../testing/janus.js';
import { TEST_ENGINES, useTestApp, type SignedIn, type TestApp } from '../../testing/test-app.js';
import { JanusLink } from './janus-link.js';

/** A room socket that sends commands and waits for their answers. */
class RoomSocket {
  readonly heard: RoomServerMessage[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as RoomServerMessage;
      if (m.type.startsWith('room.')) this.heard.push(m);
    });
  }
  static open(url: string, who: SignedIn): Promise<RoomSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers: { cookie: who.cookie } });
      const client = new RoomSocket(socket);
      socket.once('message', () => resolve(client));
      socket.on('error', reject);
    });
  }
  async until(test: (m: RoomServerMessage) => boolean, what: string, ms = 3000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.heard.find(test);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`never heard ${what}: ${JSON.stringify(this.heard.slice(-3))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  async join(roomId: string) {
    await this.#pace();
    this.socket.send(JSON.stringify({ type: 'room.join', data: { roomId, lastSeq: 0 } }));
    await this.until((m) => m.type === 'room.snapshot' && m.data.state.roomId === roomId, 'a snapshot');
  }
  #last = 0;
  /** Within the socket's 20 messages a second, as the web app is. */
  async #pace() {
    const wait = this.#last + 60 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.#last = Date.now();
  }
  async command(roomId: string, command: RoomCommand) {
    await this.#pace();
    const id = crypto.randomUUID();
    this.socket.send(JSON.stringify({ type: 'room.command', data: { roomId, id, command } }));
    const answer = await this.until(
      (m) => (m.type === 'room.ack' || m.type === 'room.error') && m.data.id === id,
      JSON.stringify(command),
    );
    expect(answer.type, JSON.stringify(answer)).toBe('room.ack');
  }
  close() {
    this.socket.close();
  }
}

interface Fixture extends GroupFixture {
  roomId: string;
  url: string;
  sam: SignedIn;
  samId: string;
}

async function listen(app: HearthApp): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  return `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/realtime`;
}

async function openRoomIn(t: TestApp, f: GroupFixture, secondsAgo = 300): Promise<string> {
  const sessionId = await insertPastSession(t, f, new Date(Date.now() - secondsAgo * 1000));
  const opened = await t.app.inject({
    method: 'POST',
    url: `/api/groups/${f.groupId}/sessions/${sessionId}/room`,
    headers: { cookie: f.maya.cookie },
  });
  expect(opened.statusCode, opened.body).toBe(200);
  return opened.json().roomId as string;
}

/** A group with Sam on today's roster and its room open. */
async function openRoom(
  t: TestApp,
  meetingMode: 'online' | 'in-person' = 'online',
  members = ['Sam'],
): Promise<Fixture> {
  const f = await groupWithMembers(t, { members, meetingMode });
  for (const m of f.members.slice(1)) await backdateMembership(t, m.memberId, new Date(Date.now() - 7 * 86_400_000));
  const sam = f.members[0]!;
  await backdateMembership(t, sam.memberId, new Date(Date.now() - 7 * 86_400_000));
  return { ...f, roomId: await openRoomIn(t, f), url: await listen(t.app), sam: sam.person, samId: sam.memberId };
}

const call = (t: TestApp, who: SignedIn, method: 'GET' | 'POST', url: string) =>
  t.app.inject({ method, url, headers: { cookie: who.cookie, 'idempotency-key': crypto.randomUUID() } });

async function until(test: () => boolean | Promise<boolean>, what: string, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A browser's side of Janus, as far as signalling goes: a session with a token, in a media room. */
async function enter(janus: JanusServer, join: Pick<VideoJoin, 'token' | 'mediaRoom' | 'pin' | 'display'>) {
  const connection: JanodeConnection = await Janode.connect({
    address: [{ url: janus.url, token: join.token } as { url: string }],
    max_retries: 1,
    retry_time_secs: 1,
  });
  connection.on('error', () => undefined);
  let session: JanodeSession | null = null;
  try {
    session = await connection.create(5);
    const handle = await session.attach(VideoRoomPlugin);
    await handle.joinPublisher({ room: join.mediaRoom, pin: join.pin, display: join.display });
    return { connection, session };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}

const skip = videoSkipReason();
const TURN = { urls: 'turn:turn.example.org:3478', secret: 'turn-shared-secret-0123456789' };

(skip ? describe.skip : describe)('video through Janus', () => {
  let janus: JanusServer;
  const options = { env: {} as Record<string, string> };
  /** Hearth's own view of Janus, to see what is there (admin API, rooms). */
  let probe: JanusLink;
  beforeAll(async () => {
    janus = await startJanus();
    options.env = { ...janus.env, TURN_URLS: TURN.urls, TURN_SECRET: TURN.secret };
    const { loadConfig } = await import('../../config.js');
    probe = new JanusLink(loadConfig(janus.env).video!, { warn: () => undefined, info: () => undefined });
    probe.start();
    await until(() => probe.state === 'ready', 'the probe');
  });
  afterAll(async () => {
    await probe?.close();
    await janus?.cleanup();
  });
  const tokens = async () =>
    (((await probe.admin({ janus: 'list_tokens' })).data as { tokens: Array<{ token: string }> }).tokens ?? []).map(
      (t) => t.token,
    );
  const sessions = async () => ((await probe.admin({ janus: 'list_sessions' })).sessions as number[]) ?? [];
  const mediaRooms = async () =>
    ((await probe.videoroom({ request: 'list', admin_key: janus.env.JANUS_ROOM_ADMIN_KEY })).list as Array<{
      room: string;
    }>) ?? [];

  for (const engine of TEST_ENGINES) {
    describe(engine, () => {
      const t = useTestApp(engine, options);
      const sockets: RoomSocket[] = [];
      afterEach(async () => {
        for (const s of sockets.splice(0)) s.close();
        // Janus is shared by the tests: each ends its rooms' media and tokens.
        for (const token of await tokens()) await probe.admin({ janus: 'remove_token', token });
        for (const r of await mediaRooms())
          await probe
            .videoroom({ request: 'destroy', room: r.room, secret: t.current.app.video.secretOf(r.room) })
            .catch(() => undefined);
      });
      const ready = () => until(() => t.current.app.video.readiness() === 'ready', 'Hearth connected to Janus');

      /** Maya in the room, Sam waiting in it. */
      async function inRoom(f: Fixture) {
        const maya = await RoomSocket.open(f.url, f.maya);
        const sam = await RoomSocket.open(f.url, f.sam);
        sockets.push(maya, sam);
        await maya.join(f.roomId);
        await sam.join(f.roomId);
        return { maya, sam };
      }

      it('gives a token only to facilitators and admitted members of the session, and Janus takes only those', async () => {
        const f = await openRoom(t.current);
        await ready();
        const { maya } = await inRoom(f);
        const video = `/api/rooms/${f.roomId}/video`;
        expect((await call(t.current, f.sam, 'GET', video)).json()).toEqual({ state: 'ready' });
        expect((await call(t.current, f.maya, 'GET', video)).json()).toEqual({ state: 'ready' });
        // The practice's owner is neither facilitator nor on the roster.
        expect((await call(t.current, f.owner, 'GET', video)).statusCode).toBe(404);
        expect((await call(t.current, f.owner, 'POST', `${video}/join`)).statusCode).toBe(404);
        // Sam waits: no token yet.
        const waiting = await call(t.current, f.sam, 'POST', `${video}/join`);
        expect(waiting.statusCode).toBe(409);
        expect(waiting.json().type).toMatch(/video-waiting$/);
        expect(await tokens()).toEqual([]);
        // The facilitator always.
        const mayaJoin = await call(t.current, f.maya, 'POST', `${video}/join`);
        expect(mayaJoin.statusCode, mayaJoin.body).toBe(200);
        const m = mayaJoin.json() as VideoJoin;
        expect(m).toMatchObject({ server: janus.url, mediaRoom: f.roomId, breakout: false });
        // TURN credentials in coturn's REST form: <expiry>:<personId>, HMAC-SHA1 under the shared secret.
        const [ice] = m.iceServers;
        expect(ice).toMatchObject({
          urls: [TURN.urls],
          username: expect.stringMatching(new RegExp(`^\\d+:${f.maya.userId}$`)),
        });
        expect(ice!.credential).toBe(crypto.createHmac('sha1', TURN.secret).update(ice!.username!).digest('base64'));
        expect(Date.parse(m.expiresAt) - Date.now()).toBeGreaterThan(290_000);
        await maya.command(f.roomId, { type: 'admit', personIds: [f.samId] });
        const samJoin = await call(t.current, f.sam, 'POST', `${video}/join`);
        expect(samJoin.statusCode, samJoin.body).toBe(200);
        const s = samJoin.json() as VideoJoin;
        expect(s.display).toBe(f.samId);
        expect(s.token).not.toBe(m.token);
        expect(await tokens()).toEqual(expect.arrayContaining([m.token, s.token]));
        // Asking again before it expires renews the same token (a call under it carries on).
        const again = (await call(t.current, f.sam, 'POST', `${video}/join`)).json() as VideoJoin;
        expect(again.token).toBe(s.token);
        expect(Date.parse(again.expiresAt)).toBeGreaterThanOrEqual(Date.parse(s.expiresAt));
        // Janus takes Sam's token into his room, and refuses a forged token or a wrong pin.
        const entered = await enter(janus, s);
        await entered.connection.close();
        await expect(enter(janus, { ...s, token: `${s.token}x` })).rejects.toThrow(/403|Unauthorized/);
        await expect(enter(janus, { ...s, pin: 'guessed' })).rejects.toThrow(/433|pin/i);
      });

      /** Sam admitted and in the call: his join, and his Janus session. */
      async function samInCall(f: Fixture) {
        const { maya, sam } = await inRoom(f);
        await maya.command(f.roomId, { type: 'admit', personIds: [f.samId] });
        const join = (await call(t.current, f.sam, 'POST', `/api/rooms/${f.roomId}/video/join`)).json() as VideoJoin;
        const entered = await enter(janus, join);
        expect(await sessions()).toContain(entered.session.id);
        return { maya, sam, join, entered };
      }

      /** Sam's media ended: his Janus session gone, his token removed and refused. */
      async function mediaEnded(join: VideoJoin, sessionId: number, started: number) {
        await until(
          async () => !(await sessions()).includes(sessionId) && !(await tokens()).includes(join.token),
          'Sam’s session and token gone',
          2000,
        );
        expect(Date.now() - started).toBeLessThan(2000);
        await expect(enter(janus, join)).rejects.toThrow(/403|Unauthorized/);
      }

      it('ends the media of a member sent back to the waiting room within 2 s, and refuses a new token', async () => {
        const f = await openRoom(t.current);
        await ready();
        const { maya, join, entered } = await samInCall(f);
        const started = Date.now();
        await maya.command(f.roomId, { type: 'sendBack', personId: f.samId, message: null });
        await mediaEnded(join, entered.session.id, started);
        await entered.connection.close();
        const again = await call(t.current, f.sam, 'POST', `/api/rooms/${f.roomId}/video/join`);
        expect(again.statusCode).toBe(409);
        // Kicked from the media room too: only Hearth's own watcher is left in it.
        const left = await probe.videoroom({ request: 'listparticipants', room: f.roomId });
        expect((left.participants as Array<{ display: string }>).map((p) => p.display)).toEqual(['hearth']);
      });

      it('ends the media of a member removed from the group within 2 s', async () => {
        const f = await openRoom(t.current);
        await ready();
        const { join, entered } = await samInCall(f);
        const started = Date.now();
        const removed = await t.current.app.inject({
          method: 'POST',
          url: `/api/groups/${f.groupId}/members/${f.samId}/status`,
          headers: { cookie: f.maya.cookie },
          payload: { status: 'removed', reason: 'Asked to leave' },
        });
        expect(removed.statusCode, removed.body).toBe(200);
        await mediaEnded(join, entered.session.id, started);
        await entered.connection.close();
        expect((await call(t.current, f.sam, 'POST', `/api/rooms/${f.roomId}/video/join`)).statusCode).toBe(404);
      });

      it('ends the media of a member whose account is disabled within 2 s, even with the room socket closed', async () => {
        const f = await openRoom(t.current);
        await ready();
        const { sam, join, entered } = await samInCall(f);
        // Only the call is left: the removal is noticed by video itself.
        sam.close();
        const started = Date.now();
        const disabled = await t.current.app.inject({
          method: 'POST',
          url: `/api/people/${f.sam.userId}/disable`,
          headers: { cookie: f.owner.cookie },
        });
        expect(disabled.statusCode, disabled.body).toBe(204);
        await mediaEnded(join, entered.session.id, started);
        await entered.connection.close();
      });

      it('removes a token once it expires unrenewed: Janus refuses it', async () => {
        const f = await openRoom(t.current);
        await ready();
        const { join, entered } = await samInCall(f);
        await entered.connection.close();
        await t.current.app.video.sweep(Date.parse(join.expiresAt) + 1000);
        expect(await tokens()).not.toContain(join.token);
        await expect(enter(janus, join)).rejects.toThrow(/403|Unauthorized/);
      });

      it('leaves nothing in Janus after 100 rooms opened, joined and ended', async () => {
        const f = await openRoom(t.current);
        await ready();
        const maya = await RoomSocket.open(f.url, f.maya);
        sockets.push(maya);
        const rooms = [f.roomId];
        for (let i = 1; i < 100; i += 1) rooms.push(await openRoomIn(t.current, f, 300 + i * 7));
        expect(new Set(rooms).size).toBe(100);
        for (const roomId of rooms) {
          await maya.join(roomId);
          const joined = await call(t.current, f.maya, 'POST', `/api/rooms/${roomId}/video/join`);
          expect(joined.statusCode, joined.body).toBe(200);
          await maya.command(roomId, { type: 'room.end' });
        }
        await until(async () => (await mediaRooms()).length === 0, 'every media room destroyed', 10_000);
        await until(async () => (await tokens()).length === 0, 'every token removed', 10_000);
      }, 120_000);

      it('gives each breakout its own media room, out of the main one, and ends them when breakouts end', async () => {
        const f = await openRoom(t.current, 'online', ['Sam', 'Ana']);
        await ready();
        const ana = f.members[1]!;
        const { maya, join: samMain } = await samInCall(f);
        const anaSocket = await RoomSocket.open(f.url, ana.person);
        sockets.push(anaSocket);
        await anaSocket.join(f.roomId);
        await maya.command(f.roomId, { type: 'admit', personIds: [ana.memberId] });
        const displays = async (room: string) =>
          ((await probe.videoroom({ request: 'listparticipants', room })).participants as Array<{ display: string }>)
            .map((p) => p.display)
            .sort();
        expect(await displays(f.roomId)).toEqual(['hearth', f.samId].sort());
        await maya.command(f.roomId, {
          type: 'breakouts.form',
          size: 2,
          method: 'by-hand',
          groups: [[f.samId, ana.memberId]],
        });
        // Sam is out of the main room's media at once.
        await until(async () => !(await displays(f.roomId)).includes(f.samId), 'Sam out of the main room', 2000);
        const samJoin = (await call(t.current, f.sam, 'POST', `/api/rooms/${f.roomId}/video/join`)).json() as VideoJoin;
        const anaJoin = (
          await call(t.current, ana.person, 'POST', `/api/rooms/${f.roomId}/video/join`)
        ).json() as VideoJoin;
        expect(samJoin).toMatchObject({ breakout: true, mediaRoom: anaJoin.mediaRoom });
        expect(samJoin.mediaRoom).not.toBe(f.roomId);
        expect(samJoin.pin).not.toBe(samMain.pin);
        // The main room's pin opens nothing else.
        await expect(enter(janus, { ...samJoin, pin: samMain.pin })).rejects.toThrow(/433|pin/i);
        const inBreakout = await enter(janus, samJoin);
        expect(await displays(samJoin.mediaRoom)).toEqual(['hearth', f.samId].sort());
        await maya.command(f.roomId, { type: 'breakouts.end' });
        await until(
          async () => !(await mediaRooms()).some((r) => r.room === samJoin.mediaRoom),
          'the breakout’s media room destroyed',
          2000,
        );
        await inBreakout.connection.close();
        expect((await call(t.current, f.sam, 'POST', `/api/rooms/${f.roomId}/video/join`)).json()).toMatchObject({
          mediaRoom: f.roomId,
          breakout: false,
        });
      });

      it('refuses video when Janus is unreachable (503, Retry-After), the room carries on, and video comes back', async () => {
        const f = await openRoom(t.current);
        await ready();
        const { maya } = await inRoom(f);
        await janus.stop();
        try {
          await until(
            async () =>
              (await call(t.current, f.maya, 'GET', `/api/rooms/${f.roomId}/video`)).json().state === 'unavailable',
            'video unavailable',
          );
          const refused = await call(t.current, f.maya, 'POST', `/api/rooms/${f.roomId}/video/join`);
          expect(refused.statusCode).toBe(503);
          expect(refused.headers['retry-after']).toBe('5');
          expect(refused.json().type).toMatch(/video-unavailable$/);
          const ready503 = await t.current.app.inject({ method: 'GET', url: '/readyz' });
          expect(ready503.statusCode).toBe(200);
          expect(ready503.json().video).toBe('degraded');
          // The room itself carries on.
          await maya.command(f.roomId, { type: 'chat.post', text: 'Video is down; we carry on' });
        } finally {
          await janus.start();
        }
        await until(() => probe.state === 'ready', 'the probe back', 20_000);
        await until(
          async () => (await call(t.current, f.maya, 'GET', `/api/rooms/${f.roomId}/video`)).json().state === 'ready',
          'video back',
          20_000,
        );
        const back = await call(t.current, f.maya, 'POST', `/api/rooms/${f.roomId}/video/join`);
        expect(back.statusCode, back.body).toBe(200);
        await (await enter(janus, back.json())).connection.close();
      }, 45_000);

      it('says why a room has no video: an in-person group, or Hearth without Janus', async () => {
        const f = await openRoom(t.current, 'in-person');
        expect((await call(t.current, f.maya, 'GET', `/api/rooms/${f.roomId}/video`)).json()).toEqual({
          state: 'off',
          reason: 'inPerson',
        });
        const off = await call(t.current, f.maya, 'POST', `/api/rooms/${f.roomId}/video/join`);
        expect(off.statusCode).toBe(409);
        expect(off.json().type).toMatch(/video-off$/);
      });
    });
  }
});
