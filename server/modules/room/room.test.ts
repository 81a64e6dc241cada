import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ROOM_COMMAND_ROLES, type RoomCommand, type RoomServerMessage } from '../../../domain/room-protocol.js';
import type { RoomEvent, RoomState } from '../../../domain/room.js';
import type { HearthApp } from '../../platform/http.js';
import type { Broker } from '../../platform/realtime/broker.js';
import { RedisBroker } from '../../platform/realtime/redis-broker.js';
import {
  backdateMembership,
  groupWithMembers,
  insertPastSession,
  type GroupFixture,
} from '../../testing/group-fixtures.js';
import {
  addPerson,
  buildTestApp,
  createTestDatabase,
  describeEachEngine,
  useTestApp,
  type SignedIn,
  type TestApp,
  type TestDatabase,
} from '../../testing/test-app.js';

async function listen(app: HearthApp): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/realtime`;
}

/** A socket in the room protocol: everything it hears, and a way to wait for what it expects. */
class Client {
  readonly heard: RoomServerMessage[] = [];
  #waiters: Array<() => void> = [];
  state: RoomState | null = null;
  closed = false;
  #lastCommand = 0;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as RoomServerMessage | { type: 'ready' | 'changed' };
      if (!m.type.startsWith('room.')) return;
      const message = m as RoomServerMessage;
      this.heard.push(message);
      for (const w of this.#waiters.splice(0)) w();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  static open(url: string, who: SignedIn): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers: { cookie: who.cookie } });
      const client = new Client(socket);
      socket.once('message', () => resolve(client)); // 'ready'
      socket.on('error', reject);
    });
  }

  send(type: string, data: unknown) {
    this.socket.send(JSON.stringify({ type, data }));
  }

  join(roomId: string, lastSeq = 0) {
    this.send('room.join', { roomId, lastSeq });
  }

  /** Sends a command; resolves with its ack or error. */
  async command(roomId: string, command: RoomCommand | Record<string, unknown>, id = crypto.randomUUID()) {
    // Within the socket's 20 messages a second, as the web app is.
    const wait = this.#lastCommand + 60 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.#lastCommand = Date.now();
    this.send('room.command', { roomId, id, command });
    return this.until(
      (m) => (m.type === 'room.ack' || m.type === 'room.error') && m.data.id === id,
      `answer to ${JSON.stringify(command)}`,
    );
  }

  /** Waits for a message this client has not yet been given by `until`, up to `ms`. */
  async until<T extends RoomServerMessage>(
    test: (m: RoomServerMessage) => boolean,
    what: string,
    ms = 3000,
  ): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.heard.find(test);
      if (found) return found as T;
      if (Date.now() > deadline)
        throw new Error(`never heard ${what}; heard ${JSON.stringify(this.heard.map((m) => m.type))}`);
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  events(): RoomEvent[] {
    return this.heard.flatMap((m) => (m.type === 'room.event' ? [m.data] : []));
  }

  async event(type: RoomEvent['type'], what = type): Promise<RoomEvent> {
    const m = await this.until((x) => x.type === 'room.event' && x.data.type === type, what);
    return (m as Extract<RoomServerMessage, { type: 'room.event' }>).data;
  }

  async snapshot(test: (s: RoomState) => boolean = () => true, what = 'a snapshot') {
    const m = await this.until((x) => x.type === 'room.snapshot' && test(x.data.state), what);
    return (m as Extract<RoomServerMessage, { type: 'room.snapshot' }>).data;
  }

  close() {
    this.socket.close();
  }
}

interface RoomFixture extends GroupFixture {
  sessionId: string;
  roomId: string;
  url: string;
  sam: SignedIn;
  samId: string;
  ana: SignedIn;
  anaId: string;
}

/** A group of two members on today's roster, a session that started five minutes ago, and its room open. */
async function openRoom(
  t: TestApp,
  url?: string,
  options: { meetingMode?: 'online' | 'in-person' | 'hybrid'; members?: string[] } = {},
): Promise<RoomFixture> {
  const fixture = await groupWithMembers(t, { members: ['Sam', 'Ana'], ...options });
  for (const m of fixture.members) await backdateMembership(t, m.memberId, new Date(Date.now() - 7 * 86_400_000));
  const sessionId = await insertPastSession(t, fixture, new Date(Date.now() - 5 * 60_000));
  const opened = await t.app.inject({
    method: 'POST',
    url: `/api/groups/${fixture.groupId}/sessions/${sessionId}/room`,
    headers: { cookie: fixture.maya.cookie },
  });
  expect(opened.statusCode, opened.body).toBe(200);
  const [sam, ana] = fixture.members;
  return {
    ...fixture,
    sessionId,
    roomId: opened.json().roomId,
    url: url ?? (await listen(t.app)),
    sam: sam!.person,
    samId: sam!.memberId,
    ana: ana!.person,
    anaId: ana!.memberId,
  };
}

/** Maya (facilitating) and Sam and Ana (admitted) in the room. */
async function everyoneIn(f: RoomFixture) {
  const maya = await Client.open(f.url, f.maya);
  maya.join(f.roomId);
  await maya.snapshot();
  const sam = await Client.open(f.url, f.sam);
  const ana = await Client.open(f.url, f.ana);
  sam.join(f.roomId);
  ana.join(f.roomId);
  await sam.snapshot();
  await ana.snapshot();
  await maya.until(() => maya.events().filter((e) => e.type === 'person.arrived').length >= 3, 'three arrivals');
  expect((await maya.command(f.roomId, { type: 'admitAll' })).type).toBe('room.ack');
  await sam.snapshot((s) => s.people[f.samId]?.admission === 'admitted', 'Sam admitted');
  await ana.snapshot((s) => s.people[f.anaId]?.admission === 'admitted', 'Ana admitted');
  return { maya, sam, ana };
}

const inject = (t: TestApp, who: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: who.cookie }, ...(payload && { payload }) });

describeEachEngine('the live session room', (engine) => {
  const t = useTestApp(engine);
  const clients: Client[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  it('opens from 30 minutes before, for the group’s facilitators only, and members see it to join', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const member = fixture.members[0]!;
    await backdateMembership(t.current, member.memberId, new Date(Date.now() - 86_400_000));
    const later = await insertPastSession(t.current, fixture, new Date(Date.now() + 45 * 60_000));
    const soon = await insertPastSession(t.current, fixture, new Date(Date.now() + 20 * 60_000));
    const open = (who: SignedIn, sessionId: string) =>
      inject(t.current, who, 'POST', `/api/groups/${fixture.groupId}/sessions/${sessionId}/room`);
    const early = await open(fixture.maya, later);
    expect(early.statusCode).toBe(409);
    expect(JSON.stringify(early.json())).toMatch(/30 minutes/);
    expect((await open(fixture.owner, soon)).statusCode).toBe(403);
    expect((await inject(t.current, member.person, 'GET', '/api/my/rooms')).json().rooms).toEqual([]);
    const first = await open(fixture.maya, soon);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'open', meetingLink: 'https://meet.example.org/skills-circle' });
    // Opening again is the same room.
    expect((await open(fixture.maya, soon)).json().roomId).toBe(first.json().roomId);
    const mine = (await inject(t.current, member.person, 'GET', '/api/my/rooms')).json().rooms;
    expect(mine.map((r: { roomId: string }) => r.roomId)).toEqual([first.json().roomId]);
    const you = (await inject(t.current, member.person, 'GET', `/api/rooms/${first.json().roomId}`)).json().you;
    expect(you).toEqual({ personId: member.memberId, kind: 'member' });
  });

  it('tells a member’s open pages when the room opens and ends, so "Join" appears and goes without a reload', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const member = fixture.members[0]!;
    await backdateMembership(t.current, member.memberId, new Date(Date.now() - 86_400_000));
    const sessionId = await insertPastSession(t.current, fixture, new Date(Date.now() + 10 * 60_000));
    const url = await listen(t.current.app);
    const heard: Array<{ type: string; data: unknown }> = [];
    const socket = new WebSocket(url, { headers: { cookie: member.person.cookie } });
    await new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; data: unknown };
        heard.push(m);
        if (m.type === 'ready') resolve();
      });
      socket.on('error', reject);
    });
    const changes = () => heard.filter((m) => m.type === 'changed');
    const until = async (n: number) => {
      for (let i = 0; i < 60 && changes().length < n; i++) await new Promise((r) => setTimeout(r, 50));
      return changes();
    };
    try {
      const opened = await inject(
        t.current,
        fixture.maya,
        'POST',
        `/api/groups/${fixture.groupId}/sessions/${sessionId}/room`,
      );
      expect(opened.statusCode, opened.body).toBe(200);
      expect(await until(1)).toEqual([{ type: 'changed', data: { group: fixture.groupId } }]);
      const maya = await Client.open(url, fixture.maya);
      clients.push(maya);
      maya.join(opened.json().roomId);
      await maya.snapshot();
      expect((await maya.command(opened.json().roomId, { type: 'room.end' })).type).toBe('room.ack');
      expect(await until(2)).toHaveLength(2);
    } finally {
      socket.close();
    }
  });

  it('ends a room left open an hour past its session, so members stop seeing "Join" and share of voice is kept', async () => {
    const f = await openRoom(t.current);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, sam, ana);
    await maya.command(f.roomId, { type: 'voice.tap', personId: f.anaId });
    await maya.command(f.roomId, { type: 'voice.tap', personId: null });
    const session = await t.current.database.db
      .selectFrom('groupSessions')
      .select('endsAt')
      .where('id', '=', f.sessionId)
      .executeTakeFirstOrThrow();
    const endsAt = Date.parse(String(session.endsAt instanceof Date ? session.endsAt.toISOString() : session.endsAt));
    // Still open just before the hour is up.
    await t.current.app.jobs.runDue(new Date(endsAt + 50 * 60_000));
    expect((await inject(t.current, f.sam, 'GET', '/api/my/rooms')).json().rooms).toHaveLength(1);
    await t.current.app.jobs.runDue(new Date(endsAt + 65 * 60_000));
    await sam.until((m) => m.type === 'room.closed' && m.data.reason === 'ended', 'the room ending');
    expect((await inject(t.current, f.sam, 'GET', '/api/my/rooms')).json().rooms).toEqual([]);
    const room = await t.current.database.db.selectFrom('rooms').select('status').executeTakeFirstOrThrow();
    expect(room.status).toBe('ended');
    const saved = await t.current.database.db.selectFrom('roomVoice').select(['groupMemberId', 'turns']).execute();
    expect(saved.map((v) => [v.groupMemberId, Number(v.turns)]).sort()).toEqual(
      [
        [f.anaId, 1],
        [f.samId, 0],
      ].sort(),
    );
  });

  it('keeps members waiting until admitted; a facilitator admits one, all, or sends back with a message', async () => {
    const f = await openRoom(t.current);
    const maya = await Client.open(f.url, f.maya);
    const sam = await Client.open(f.url, f.sam);
    clients.push(maya, sam);
    maya.join(f.roomId);
    await maya.snapshot();
    sam.join(f.roomId);
    const waiting = await sam.snapshot();
    // Waiting: only themself, and nothing else of the room.
    expect(Object.keys(waiting.state.people)).toEqual([f.samId]);
    expect(waiting.state.people[f.samId]).toMatchObject({ admission: 'waiting', displayName: 'Sam' });
    expect(waiting.you).toEqual({ personId: f.samId, kind: 'member' });
    await maya.event('person.arrived');
    // A member cannot admit anyone.
    expect(await sam.command(f.roomId, { type: 'admit', personIds: [f.samId] })).toMatchObject({
      type: 'room.error',
      data: { problem: 'notAllowed' },
    });
    await maya.command(f.roomId, { type: 'admit', personIds: [f.samId] });
    const admitted = await sam.snapshot((s) => s.people[f.samId]?.admission === 'admitted');
    expect(Object.keys(admitted.state.people)).toContain(f.maya.userId);
    // Shown by display name, never an address.
    expect(JSON.stringify(admitted.state)).not.toContain('@people.test');
    sam.heard.splice(0);
    await maya.command(f.roomId, { type: 'sendBack', personId: f.samId, message: 'Back in five minutes' });
    const back = await sam.snapshot((s) => s.people[f.samId]?.admission === 'waiting');
    expect(back.state.people[f.samId]!.sentBackMessage).toBe('Back in five minutes');
  });

  it('answers every command by role: members are refused facilitators’ commands, facilitators members’ own', async () => {
    const f = await openRoom(t.current);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, sam, ana);
    const examples: Record<RoomCommand['type'], RoomCommand> = {
      admit: { type: 'admit', personIds: [f.samId] },
      admitAll: { type: 'admitAll' },
      sendBack: { type: 'sendBack', personId: f.anaId },
      'checkIn.give': { type: 'checkIn.give', mood: 6, word: 'steady', share: 'group' },
      'checkIn.enter': { type: 'checkIn.enter', personId: f.anaId, mood: 4, word: 'tired', share: 'facilitators' },
      'round.start': { type: 'round.start', kind: 'talking', turnSeconds: 60 },
      'round.setOrder': { type: 'round.setOrder', order: [f.samId, f.anaId] },
      'round.shuffle': { type: 'round.shuffle' },
      'turn.next': { type: 'turn.next' },
      'turn.pass': { type: 'turn.pass' },
      'round.end': { type: 'round.end' },
      'hand.raise': { type: 'hand.raise' },
      'hand.lower': { type: 'hand.lower' },
      'floor.give': { type: 'floor.give', personId: f.samId },
      'floor.end': { type: 'floor.end' },
      'voice.tap': { type: 'voice.tap', personId: f.samId },
      'chat.post': { type: 'chat.post', text: 'Hello everyone' },
      'chat.hide': { type: 'chat.hide', messageId: 'none' },
      'chat.release': { type: 'chat.release', messageId: 'none' },
      'chat.setOff': { type: 'chat.setOff', off: false },
      'backChannel.post': { type: 'backChannel.post', text: 'Sam seems quiet today' },
      'breakouts.form': { type: 'breakouts.form', size: 2, method: 'random', seconds: 300 },
      'breakouts.rotate': { type: 'breakouts.rotate' },
      'breakouts.end': { type: 'breakouts.end' },
      'video.mute': { type: 'video.mute', personId: f.samId, what: 'audio' },
      'video.askUnmute': { type: 'video.askUnmute', personId: f.samId },
      'video.spotlight': { type: 'video.spotlight', personId: f.samId },
      'checkOut.start': { type: 'checkOut.start' },
      'safety.mark': { type: 'safety.mark', personId: f.anaId },
      'room.end': { type: 'room.end' },
    };
    for (const [type, command] of Object.entries(examples) as Array<[RoomCommand['type'], RoomCommand]>) {
      if (type === 'room.end' || type === 'sendBack') continue;
      for (const [who, kind] of [
        [sam, 'member'],
        [maya, 'facilitator'],
      ] as const) {
        const answer = await who.command(f.roomId, command);
        const refused = answer.type === 'room.error' && answer.data.problem === 'notAllowed';
        expect(refused, `${kind} ${type}: ${JSON.stringify(answer)}`).toBe(!ROOM_COMMAND_ROLES[type].includes(kind));
      }
    }
    expect(await sam.command(f.roomId, examples['room.end'])).toMatchObject({ data: { problem: 'notAllowed' } });
    expect((await maya.command(f.roomId, examples['room.end'])).type).toBe('room.ack');
    await sam.until((m) => m.type === 'room.closed' && m.data.reason === 'ended', 'the room ending');
  });

  it('holds a member’s crisis words in chat for the author and facilitators, alerts, and shows them to all on release', async () => {
    const f = await openRoom(t.current);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, sam, ana);
    // Everyday words pass straight to everyone.
    await sam.command(f.roomId, { type: 'chat.post', text: 'I am tired today' });
    expect(await ana.event('chat.posted')).toMatchObject({ text: 'I am tired today' });
    expect(await ana.event('chat.posted')).not.toHaveProperty('held');
    expect((await sam.command(f.roomId, { type: 'chat.post', text: 'I want to kill myself' })).type).toBe('room.ack');
    const seen = await maya.until(
      (m) => m.type === 'room.event' && m.data.type === 'chat.posted' && m.data.held === true,
      'the held message at the facilitator',
    );
    const held = (seen as Extract<RoomServerMessage, { type: 'room.event' }>).data;
    const messageId = held.type === 'chat.posted' ? held.messageId : '';
    await sam.until(
      (m) => m.type === 'room.event' && m.data.type === 'chat.posted' && m.data.messageId === messageId,
      'the author’s own held message',
    );
    // A facilitator's own words are never held.
    await maya.command(f.roomId, { type: 'chat.post', text: 'I want to kill myself is what someone might say' });
    await ana.until(
      (m) => m.type === 'room.event' && m.data.type === 'chat.posted' && m.data.personId !== f.samId,
      'the facilitator’s message',
    );
    expect(JSON.stringify(ana.heard)).not.toContain(messageId);
    // Nor in a snapshot on joining again, nor in a replay.
    const again = await Client.open(f.url, f.ana);
    clients.push(again);
    again.join(f.roomId);
    const snap = await again.snapshot((s) => s.chat.length > 0, 'Ana’s chat');
    expect(snap.state.chat.map((m) => m.messageId)).not.toContain(messageId);
    const replay = await Client.open(f.url, f.ana);
    clients.push(replay);
    replay.join(f.roomId, 1);
    await replay.until((m) => m.type === 'room.event' || m.type === 'room.snapshot', 'Ana’s replay');
    expect(JSON.stringify(replay.heard)).not.toContain(messageId);
    // Sam's own view keeps it, marked held; a facilitator's too.
    const samAgain = await Client.open(f.url, f.sam);
    clients.push(samAgain);
    samAgain.join(f.roomId);
    const own = await samAgain.snapshot((s) => s.chat.some((m) => m.messageId === messageId), 'Sam’s held message');
    expect(own.state.chat.find((m) => m.messageId === messageId)).toMatchObject({ held: true });
    // An urgent alert, raised with the event.
    const alerts = await t.current.database.db
      .selectFrom('alerts')
      .select(['kind', 'urgency', 'groupMemberId'])
      .where('groupId', '=', f.groupId)
      .execute();
    expect(alerts).toEqual([{ kind: 'room.crisis-language', urgency: 'urgent', groupMemberId: f.samId }]);
    // Softer words are held too, with a routine alert.
    expect((await ana.command(f.roomId, { type: 'chat.post', text: 'I feel hopeless' })).type).toBe('room.ack');
    const flagged = await maya.until(
      (m) => m.type === 'room.event' && m.data.type === 'chat.posted' && m.data.personId === f.anaId,
      'Ana’s held message at the facilitator',
    );
    expect(flagged).toMatchObject({ data: { held: true } });
    const routine = await t.current.database.db
      .selectFrom('alerts')
      .select(['urgency'])
      .where('groupMemberId', '=', f.anaId)
      .execute();
    expect(routine).toEqual([{ urgency: 'routine' }]);
    // Members may not release; a facilitator shows it to the group.
    expect(await ana.command(f.roomId, { type: 'chat.release', messageId })).toMatchObject({
      data: { problem: 'notAllowed' },
    });
    expect((await maya.command(f.roomId, { type: 'chat.release', messageId })).type).toBe('room.ack');
    const shown = await ana.snapshot(
      (s) => s.chat.some((m) => m.messageId === messageId),
      'the released message at Ana',
    );
    expect(shown.state.chat.find((m) => m.messageId === messageId)).toMatchObject({
      text: 'I want to kill myself',
      held: false,
    });
    // The ending summary lists it with the safety events.
    await maya.command(f.roomId, { type: 'room.end' });
    const summary = await inject(t.current, f.maya, 'GET', `/api/rooms/${f.roomId}/summary`);
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().heldChat).toEqual([
      expect.objectContaining({ messageId, displayName: 'Sam', text: 'I want to kill myself', released: true }),
      expect.objectContaining({ displayName: 'Ana', text: 'I feel hopeless', released: false }),
    ]);
  });

  it('never sends a member the back-channel, share of voice, others’ private check-ins or other breakouts', async () => {
    const f = await openRoom(t.current);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, sam, ana);
    await maya.command(f.roomId, { type: 'backChannel.post', text: 'Watch for Ana today' });
    await maya.command(f.roomId, { type: 'voice.tap', personId: f.samId });
    await ana.command(f.roomId, { type: 'checkIn.give', mood: 2, word: 'heavy', share: 'facilitators' });
    await sam.command(f.roomId, { type: 'checkIn.give', mood: 7, word: 'hopeful', share: 'group' });
    await maya.command(f.roomId, { type: 'chat.post', text: 'Welcome' });
    const posted = await sam.event('chat.posted');
    await maya.command(f.roomId, { type: 'chat.hide', messageId: (posted as { messageId: string }).messageId });
    await sam.event('chat.hidden');
    await maya.event('backChannel.posted');
    const samEvents = sam.events().map((e) => e.type);
    expect(samEvents).not.toContain('backChannel.posted');
    expect(samEvents).not.toContain('voice.tapped');
    expect(JSON.stringify(sam.heard)).not.toContain('heavy');
    expect(JSON.stringify(sam.heard)).not.toContain('Watch for Ana');
    expect(JSON.stringify(ana.heard)).toContain('hopeful');
    // Maya hears everything.
    expect(maya.events().map((e) => e.type)).toEqual(expect.arrayContaining(['backChannel.posted', 'voice.tapped']));
    // The back-channel is kept, readable by the session's facilitators, not its members.
    const kept = await inject(t.current, f.maya, 'GET', `/api/rooms/${f.roomId}/back-channel`);
    expect(kept.json().messages.map((m: { text: string }) => m.text)).toEqual(['Watch for Ana today']);
    expect((await inject(t.current, f.sam, 'GET', `/api/rooms/${f.roomId}/back-channel`)).statusCode).toBe(403);
    // Sealed at rest.
    const raw = await t.current.database.db.selectFrom('roomBackChannel').select('text').execute();
    expect(raw[0]!.text).not.toContain('Watch');
    const events = await t.current.database.db.selectFrom('roomEvents').select('body').execute();
    expect(events.map((e) => e.body).join()).not.toContain('hopeful');
  });

  it('breakouts: each member sees only their own; roles rotate; everyone returns together', async () => {
    const f = await openRoom(t.current);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, sam, ana);
    expect(
      (
        await maya.command(f.roomId, {
          type: 'breakouts.form',
          size: 2,
          method: 'by-hand',
          groups: [
            [f.samId, f.maya.userId],
            [f.anaId, f.maya.userId],
          ],
        })
      ).type,
    ).toBe('room.error');
    await maya.command(f.roomId, {
      type: 'breakouts.form',
      size: 2,
      method: 'by-hand',
      groups: [[f.samId, f.anaId]],
      seconds: 600,
    });
    const formed = await sam.event('breakouts.formed');
    expect(formed.type === 'breakouts.formed' && formed.list[0]!.members).toEqual([
      { personId: f.samId, role: 'speaker' },
      { personId: f.anaId, role: 'listener' },
    ]);
    expect(formed.type === 'breakouts.formed' && formed.list[0]!.cardId).toBeNull();
    await maya.command(f.roomId, { type: 'breakouts.rotate' });
    await ana.event('breakouts.rotated');
    await maya.command(f.roomId, { type: 'breakouts.end' });
    await sam.event('breakouts.ended');

    // A round can practise a skill card: one the practice may use, never a made-up id.
    const unknown = await maya.command(f.roomId, {
      type: 'breakouts.form',
      size: 2,
      method: 'by-hand',
      groups: [[f.samId, f.anaId]],
      cardId: 'hearth.no-such-card',
    });
    expect(unknown).toMatchObject({ type: 'room.error', data: { problem: 'cannotForm', field: 'cardId' } });
    await maya.command(f.roomId, {
      type: 'breakouts.form',
      size: 2,
      method: 'by-hand',
      groups: [[f.samId, f.anaId]],
      cardId: 'hearth.i-statements',
    });
    // Both members of the pair are told which card the round practises.
    for (const member of [sam, ana])
      await member.until(
        (m) =>
          m.type === 'room.event' &&
          m.data.type === 'breakouts.formed' &&
          m.data.list.every((b) => b.cardId === 'hearth.i-statements'),
        'breakouts formed with a card',
      );
    await maya.command(f.roomId, { type: 'breakouts.rotate' });
    expect(
      (await t.current.database.db.selectFrom('roomBreakouts').select('cardId').execute()).map((b) => b.cardId),
    ).toContain('hearth.i-statements');
    await maya.command(f.roomId, { type: 'breakouts.end' });
    await sam.event('breakouts.ended');
    const stored = await t.current.database.db.selectFrom('roomBreakouts').selectAll().execute();
    expect(JSON.parse(stored[0]!.members)[0]).toEqual({ personId: f.samId, role: 'listener' });
    expect(stored[0]!.endedAt).not.toBeNull();
  });

  it('a replayed command is done once; a reconnecting client receives exactly what it missed', async () => {
    const f = await openRoom(t.current);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, ana);
    const id = crypto.randomUUID();
    const first = await sam.command(f.roomId, { type: 'chat.post', text: 'Once only' }, id);
    sam.heard.splice(0);
    const again = await sam.command(f.roomId, { type: 'chat.post', text: 'Once only' }, id);
    expect(first).toMatchObject({ type: 'room.ack', data: { repeated: false } });
    expect(again).toMatchObject({
      type: 'room.ack',
      data: { repeated: true, seq: first.type === 'room.ack' && first.data.seq },
    });
    const lastSeq = Math.max(...sam.events().map((e) => e.seq), first.type === 'room.ack' ? first.data.seq : 0);
    sam.close();
    await maya.event('person.left');
    await ana.command(f.roomId, { type: 'chat.post', text: 'While Sam was away' });
    await maya.command(f.roomId, { type: 'round.start', kind: 'check-in', turnSeconds: 90 });
    const back = await Client.open(f.url, f.sam);
    clients.push(back);
    back.join(f.roomId, lastSeq);
    await back.event('person.arrived');
    const missed = back.events();
    expect(back.heard.some((m) => m.type === 'room.snapshot')).toBe(false);
    const seqs = missed.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(Math.min(...seqs)).toBeGreaterThan(lastSeq);
    expect(missed.map((e) => e.type)).toEqual(
      expect.arrayContaining(['person.left', 'chat.posted', 'round.started', 'turn.started', 'person.arrived']),
    );
    const chats = await t.current.database.db.selectFrom('roomChat').select('id').execute();
    expect(chats).toHaveLength(2);
  });

  it('refuses bad messages with an error and carries on: unknown room, not on the roster, 1 MB, 100 a second', async () => {
    const f = await openRoom(t.current);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, sam, ana);
    sam.join('no-such-room');
    expect(
      await sam.until((m) => m.type === 'room.error' && m.data.roomId === 'no-such-room', 'unknown room'),
    ).toMatchObject({
      data: { problem: 'notFound' },
    });
    expect(await sam.command('another-room', { type: 'hand.raise' })).toMatchObject({ data: { problem: 'notInRoom' } });
    expect(await sam.command(f.roomId, { type: 'hand.wave' })).toMatchObject({ data: { problem: 'invalid' } });
    expect(await sam.command(f.roomId, { type: 'chat.post', text: 'x'.repeat(5000) })).toMatchObject({
      data: { problem: 'invalid' },
    });
    sam.socket.send('{not json');
    await sam.until(
      (m) => m.type === 'room.error' && m.data.problem === 'invalid' && m.data.roomId === null,
      'bad JSON',
    );
    sam.socket.send(
      JSON.stringify({
        type: 'room.command',
        data: { roomId: f.roomId, id: 'big', command: { type: 'chat.post', text: 'x'.repeat(1_000_000) } },
      }),
    );
    await sam.until((m) => m.type === 'room.error' && m.data.problem === 'tooLarge', 'too large');
    await new Promise((r) => setTimeout(r, 1100));
    for (let i = 0; i < 100; i++)
      sam.send('room.command', { roomId: f.roomId, id: `burst-${i}`, command: { type: 'hand.raise' } });
    await sam.until(
      () => sam.heard.filter((m) => m.type === 'room.error' && m.data.problem === 'tooFast').length >= 50,
      'tooFast',
    );
    await new Promise((r) => setTimeout(r, 1100));
    // The stored log stays whole: one raised hand for all those messages, every seq once.
    const log = await t.current.database.db
      .selectFrom('roomEvents')
      .select(['seq', 'type'])
      .where('roomId', '=', f.roomId)
      .orderBy('seq')
      .execute();
    expect(log.map((e) => Number(e.seq))).toEqual(log.map((_, i) => i + 1));
    expect(log.filter((e) => e.type === 'hand.raised')).toHaveLength(1);
    // The socket and the room carry on.
    expect(sam.closed).toBe(false);
    expect((await sam.command(f.roomId, { type: 'chat.post', text: 'still here' })).type).toBe('room.ack');
    await ana.until((m) => m.type === 'room.event' && m.data.type === 'chat.posted', 'the room going on');
  });

  it('refuses out-of-order and repeated commands, a stale room and a message past 1 MiB; the stored log stays whole', async () => {
    const f = await openRoom(t.current);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, sam, ana);
    const stored = async () =>
      (
        await t.current.database.db
          .selectFrom('roomEvents')
          .select(['seq', 'type'])
          .where('roomId', '=', f.roomId)
          .orderBy('seq')
          .execute()
      ).map((r) => ({ seq: Number(r.seq), type: r.type }));
    const before = await stored();
    // Out of order: each refused by name, and nothing appended.
    const refusals: Array<[Client, RoomCommand, string]> = [
      [maya, { type: 'turn.next' }, 'noRound'],
      [maya, { type: 'round.end' }, 'noRound'],
      [maya, { type: 'round.shuffle' }, 'noRound'],
      [sam, { type: 'turn.pass' }, 'noRound'],
      [maya, { type: 'breakouts.rotate' }, 'noBreakouts'],
      [maya, { type: 'breakouts.end' }, 'noBreakouts'],
      [maya, { type: 'floor.give' }, 'noHands'],
      [maya, { type: 'chat.hide', messageId: 'never-posted' }, 'notFound'],
      [maya, { type: 'voice.tap', personId: 'not-on-the-roster' }, 'notOnRoster'],
      [maya, { type: 'breakouts.form', size: 2, method: 'by-hand', groups: [[f.samId, 'stranger']] }, 'cannotForm'],
    ];
    for (const [who, command, problem] of refusals)
      expect(await who.command(f.roomId, command), command.type).toMatchObject({
        type: 'room.error',
        data: { roomId: f.roomId, problem },
      });
    expect(await stored()).toEqual(before);
    // A round already running; a pass from someone who has already passed.
    expect((await maya.command(f.roomId, { type: 'round.start', kind: 'talking', turnSeconds: 60 })).type).toBe(
      'room.ack',
    );
    expect(await maya.command(f.roomId, { type: 'round.start', kind: 'talking', turnSeconds: 60 })).toMatchObject({
      data: { problem: 'roundRunning' },
    });
    expect((await sam.command(f.roomId, { type: 'turn.pass' })).type).toBe('room.ack');
    expect(await sam.command(f.roomId, { type: 'turn.pass' })).toMatchObject({ data: { problem: 'notYourTurn' } });
    // A reconnecting client sends its join and, right behind it, what was not answered: the
    // command is handled once the socket is in the room, not refused for being early.
    const quick = await Client.open(f.url, f.sam);
    clients.push(quick);
    const early = crypto.randomUUID();
    quick.join(f.roomId, before.at(-1)!.seq);
    quick.send('room.command', { roomId: f.roomId, id: early, command: { type: 'hand.raise' } });
    expect(
      await quick.until((m) => (m.type === 'room.ack' || m.type === 'room.error') && m.data.id === early, 'the answer'),
    ).toMatchObject({ type: 'room.ack', data: { repeated: false } });
    await maya.command(f.roomId, { type: 'hand.lower', personId: f.samId });
    // The same id again, from another socket of hers (a retry after a dropped connection), even
    // with another command: acknowledged as done, nothing appended.
    const id = crypto.randomUUID();
    const raised = await ana.command(f.roomId, { type: 'hand.raise' }, id);
    const head = await stored();
    const retry = await Client.open(f.url, f.ana);
    clients.push(retry);
    retry.join(f.roomId, head.at(-1)!.seq - 1);
    await retry.event('hand.raised');
    const repeat = await retry.command(f.roomId, { type: 'hand.lower' }, id);
    expect(repeat).toMatchObject({
      type: 'room.ack',
      data: { repeated: true, seq: raised.type === 'room.ack' && raised.data.seq },
    });
    expect(await stored()).toEqual(head);
    // A message past the socket's limit closes this socket with the reason; the room goes on.
    const big = await Client.open(f.url, f.sam);
    const code = new Promise<number>((resolve) => big.socket.on('close', (c) => resolve(c)));
    big.socket.send('x'.repeat(1024 * 1024 + 1));
    expect(await code).toBe(1009);
    // The room ends; joining it again is answered with its end, and commands with `ended`.
    expect((await maya.command(f.roomId, { type: 'room.end' })).type).toBe('room.ack');
    await sam.until((m) => m.type === 'room.closed' && m.data.reason === 'ended', 'the room ending');
    const late = await Client.open(f.url, f.ana);
    clients.push(late);
    late.join(f.roomId, 3);
    expect(await late.until((m) => m.type === 'room.closed', 'the ended room')).toMatchObject({
      data: { roomId: f.roomId, reason: 'ended' },
    });
    expect(await late.command(f.roomId, { type: 'hand.raise' })).toMatchObject({ type: 'room.error' });
    expect(await maya.command(f.roomId, { type: 'chat.post', text: 'After the end' })).toMatchObject({
      data: { problem: 'ended' },
    });
    const log = await stored();
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log.filter((e) => e.type === 'hand.raised')).toHaveLength(2);
    expect(log.at(-1)?.type).toBe('room.ended');
  });

  it('breakouts of two pairs: each member’s socket hears only their own, by hand, at random and keeping people apart', async () => {
    const f = await openRoom(t.current, undefined, { members: ['Sam', 'Ana', 'Leo', 'Kim'] });
    const [, , leo, kim] = f.members;
    const maya = await Client.open(f.url, f.maya);
    clients.push(maya);
    maya.join(f.roomId);
    await maya.snapshot();
    const people = [f.sam, f.ana, leo!.person, kim!.person];
    const ids = [f.samId, f.anaId, leo!.memberId, kim!.memberId];
    const sockets: Client[] = [];
    for (const who of people) {
      const c = await Client.open(f.url, who);
      clients.push(c);
      sockets.push(c);
      c.join(f.roomId);
      await c.snapshot();
    }
    await maya.until(() => maya.events().filter((e) => e.type === 'person.arrived').length >= 5, 'five arrivals');
    await maya.command(f.roomId, { type: 'admitAll' });
    for (const [i, c] of sockets.entries()) await c.snapshot((s) => s.people[ids[i]!]?.admission === 'admitted');
    const partnerOf = (list: Array<{ members: Array<{ personId: string }> }>, id: string) =>
      list.find((b) => b.members.some((m) => m.personId === id))!.members.map((m) => m.personId);
    const forms: RoomCommand[] = [
      {
        type: 'breakouts.form',
        size: 2,
        method: 'by-hand',
        groups: [
          [f.samId, f.anaId],
          [leo!.memberId, kim!.memberId],
        ],
      },
      { type: 'breakouts.form', size: 2, method: 'random', seconds: 300 },
      { type: 'breakouts.form', size: 3, method: 'random' },
      { type: 'breakouts.form', size: 2, method: 'keep-apart', apart: [[f.samId, f.anaId]] },
    ];
    for (const form of forms) {
      for (const c of sockets) c.heard.splice(0);
      expect((await maya.command(f.roomId, form)).type, JSON.stringify(form)).toBe('room.ack');
      const all = (await maya.event('breakouts.formed')) as Extract<RoomEvent, { type: 'breakouts.formed' }>;
      maya.heard.splice(0);
      // Two pairs, whatever the method (four in triads make two pairs).
      expect(all.list.map((b) => b.members.length)).toEqual([2, 2]);
      if (form.type === 'breakouts.form' && form.method === 'keep-apart')
        expect(partnerOf(all.list, f.samId)).not.toContain(f.anaId);
      for (const [i, c] of sockets.entries()) {
        const own = (await c.event('breakouts.formed')) as Extract<RoomEvent, { type: 'breakouts.formed' }>;
        expect(own.list).toHaveLength(1);
        expect(own.list[0]!.members.map((m) => m.personId).sort()).toEqual(partnerOf(all.list, ids[i]!).sort());
        const other = all.list.find((b) => !b.members.some((m) => m.personId === ids[i]));
        expect(JSON.stringify(c.heard)).not.toContain(other!.breakoutId);
      }
      await maya.command(f.roomId, { type: 'breakouts.rotate' });
      await maya.command(f.roomId, { type: 'breakouts.end' });
      for (const c of sockets) await c.event('breakouts.ended');
    }
    // A member joining while breakouts run is given only their own in the snapshot.
    await maya.command(f.roomId, forms[0]!);
    const again = await Client.open(f.url, f.sam);
    clients.push(again);
    again.join(f.roomId);
    const snap = await again.snapshot((s) => s.breakouts !== null, 'breakouts in the snapshot');
    expect(snap.state.breakouts!.list.map((b) => b.members.map((m) => m.personId))).toEqual([[f.samId, f.anaId]]);
  });

  it('a member not on the session’s roster cannot enter, nor a facilitator of another group', async () => {
    const f = await openRoom(t.current);
    // Ana joined the group after the session started: not on that date's roster.
    await backdateMembership(t.current, f.anaId, new Date(Date.now() + 60_000));
    const ana = await Client.open(f.url, f.ana);
    clients.push(ana);
    ana.join(f.roomId);
    expect(await ana.until((m) => m.type === 'room.error', 'refusal')).toMatchObject({ data: { problem: 'notFound' } });
    expect((await inject(t.current, f.ana, 'GET', `/api/rooms/${f.roomId}`)).statusCode).toBe(404);
    // A clinician of the practice who does not facilitate this group, and the practice's owner and
    // supervisor, are not in the room either (a supervisor reads what it kept, afterwards).
    for (const role of ['clinician', 'supervisor', 'owner'] as const) {
      const who =
        role === 'owner'
          ? f.owner
          : await addPerson(t.current, { email: `${role}@harbour.test`, role, practiceId: f.practiceId });
      const c = await Client.open(f.url, who);
      clients.push(c);
      c.join(f.roomId);
      expect(await c.until((m) => m.type === 'room.error', `${role} refused`)).toMatchObject({
        data: { roomId: f.roomId, problem: 'notFound' },
      });
      expect(await c.command(f.roomId, { type: 'backChannel.post', text: 'hello' })).toMatchObject({
        data: { problem: 'notInRoom' },
      });
    }
  });

  it('takes a member removed from the group out of the room within 2 seconds', async () => {
    const f = await openRoom(t.current);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, sam, ana);
    const started = Date.now();
    const removed = await inject(t.current, f.maya, 'POST', `/api/groups/${f.groupId}/members/${f.samId}/status`, {
      status: 'removed',
      reason: 'Asked to leave',
    });
    expect(removed.statusCode, removed.body).toBe(200);
    await sam.until((m) => m.type === 'room.closed' && m.data.reason === 'removed', 'removal', 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    const gone = await ana.event('person.removed');
    expect(gone).toMatchObject({ personId: f.samId });
    // And cannot come back.
    sam.join(f.roomId);
    expect(await sam.until((m) => m.type === 'room.error', 'refusal')).toMatchObject({ data: { problem: 'notFound' } });
  });

  it('takes a member whose account is disabled out of the room within 2 seconds, and the room tells the others', async () => {
    const f = await openRoom(t.current);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, sam, ana);
    const started = Date.now();
    const disabled = await inject(t.current, f.owner, 'POST', `/api/people/${f.sam.userId}/disable`);
    expect(disabled.statusCode, disabled.body).toBe(204);
    await sam.until(() => sam.closed, 'the socket closing', 2000);
    const gone = await ana.event('person.left');
    expect(gone).toMatchObject({ personId: f.samId });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a safety concern raises the urgent alert; check-out is the measures form; the summary has it all', async () => {
    const f = await openRoom(t.current);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, sam, ana);
    await sam.command(f.roomId, {
      type: 'checkIn.give',
      mood: 3,
      word: 'wobbly',
      part: 'the part that worries',
      share: 'facilitators',
    });
    await maya.command(f.roomId, { type: 'floor.give', personId: f.anaId });
    await ana.command(f.roomId, { type: 'hand.raise' });
    await sam.command(f.roomId, { type: 'hand.raise' });
    await maya.command(f.roomId, { type: 'floor.end' });
    await sam.command(f.roomId, { type: 'chat.post', text: 'Something unkind' });
    const posted = await maya.event('chat.posted');
    await maya.command(f.roomId, {
      type: 'chat.hide',
      messageId: posted.type === 'chat.posted' ? posted.messageId : '',
    });
    expect((await maya.command(f.roomId, { type: 'safety.mark', personId: f.anaId })).type).toBe('room.ack');
    const alerts = (await inject(t.current, f.maya, 'GET', `/api/groups/${f.groupId}/alerts`)).json().alerts;
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'room.safety-concern',
        urgency: 'urgent',
        member: expect.objectContaining({ id: f.anaId }),
      }),
    ]);
    // Like every urgent alert, it goes to the backup clinician if nobody acknowledges it in time.
    const escalation = await t.current.database.db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'alerts.escalate')
      .execute();
    expect(escalation.map((job) => JSON.parse(String(job.payload)).alertId)).toContain(alerts[0].id);
    expect((await inject(t.current, f.sam, 'GET', `/api/rooms/${f.roomId}/check-out`)).statusCode).toBe(409);
    await maya.command(f.roomId, { type: 'checkOut.start' });
    await sam.event('checkOut.started');
    const form = await inject(t.current, f.sam, 'GET', `/api/rooms/${f.roomId}/check-out`);
    expect(form.statusCode, form.body).toBe(200);
    const sent = await inject(t.current, f.sam, 'POST', `/api/rooms/${f.roomId}/check-out`, {
      answers: { heard: 8, safe: 9, mattered: 7, fit: 7 },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    await maya.event('checkOut.answered');
    // The same form the measures module shows the member.
    const own = await inject(t.current, f.sam, 'GET', `/api/my/measures/${form.json().formId}`);
    expect(own.statusCode).toBe(200);
    await maya.command(f.roomId, { type: 'room.end' });
    const summary = await inject(t.current, f.maya, 'GET', `/api/rooms/${f.roomId}/summary`);
    expect(summary.statusCode, summary.body).toBe(200);
    const s = summary.json();
    expect(s.room.status).toBe('ended');
    expect(s.attendance.map((a: { suggested: string }) => a.suggested)).toEqual(['present', 'present']);
    expect(s.checkIns).toEqual([
      expect.objectContaining({ memberId: f.samId, word: 'wobbly', part: 'the part that worries' }),
    ]);
    expect(s.checkOuts).toEqual([
      expect.objectContaining({ memberId: f.samId, status: 'completed', band: 'Going well' }),
    ]);
    const anaVoice = s.voice.find((v: { memberId: string }) => v.memberId === f.anaId);
    expect(anaVoice).toMatchObject({ turns: 1, quiet: false });
    expect(s.voice.find((v: { memberId: string }) => v.memberId === f.samId)).toMatchObject({ turns: 0, quiet: true });
    expect(s.hiddenChat).toEqual([expect.objectContaining({ text: 'Something unkind', displayName: 'Sam' })]);
    expect(s.safety).toEqual([expect.objectContaining({ memberId: f.anaId, displayName: 'Ana' })]);
    // Saved for every member in the room, the silent one too (0 turns: quiet, not absent).
    const saved = await t.current.database.db
      .selectFrom('roomVoice')
      .select(['groupMemberId', 'turns'])
      .orderBy('turns')
      .execute();
    expect(saved.map((v) => [v.groupMemberId, Number(v.turns)])).toEqual([
      [f.samId, 0],
      [f.anaId, 1],
    ]);
    // Attendance is confirmed through the attendance sheet, as the summary suggests.
    const confirm = await inject(
      t.current,
      f.maya,
      'PUT',
      `/api/groups/${f.groupId}/sessions/${f.sessionId}/attendance`,
      {
        marks: s.attendance.map((a: { memberId: string; suggested: string }) => ({
          memberId: a.memberId,
          status: a.suggested,
        })),
      },
    );
    expect(confirm.statusCode, confirm.body).toBe(204);
  });

  it('share of voice over the group’s last sessions before this one names who has been quiet in them', async () => {
    const f = await openRoom(t.current);
    const db = t.current.database.db;
    const week = 7 * 86_400_000;
    const earlier = [
      await insertPastSession(t.current, f, new Date(Date.now() - 2 * week)),
      await insertPastSession(t.current, f, new Date(Date.now() - week)),
    ];
    const later = await insertPastSession(t.current, f, new Date(Date.now() + week));
    const voice = (sessionId: string, groupMemberId: string, seconds: number, turns: number) =>
      db.insertInto('roomVoice').values({ sessionId, groupMemberId, groupId: f.groupId, seconds, turns }).execute();
    // Sam was in both earlier rooms and never had the floor; Ana spoke in one.
    for (const sessionId of earlier) await voice(sessionId, f.samId, 0, 0);
    await voice(earlier[0]!, f.anaId, 240, 2);
    // A later session's figures are not "the last sessions" of this one.
    await voice(later, f.samId, 600, 5);
    const { maya, sam, ana } = await everyoneIn(f);
    clients.push(maya, sam, ana);
    await maya.command(f.roomId, { type: 'voice.tap', personId: f.samId });
    const live = await inject(t.current, f.maya, 'GET', `/api/rooms/${f.roomId}/summary`);
    expect(live.statusCode, live.body).toBe(200);
    const byId = new Map(live.json().voice.map((v: { memberId: string }) => [v.memberId, v]));
    expect(byId.get(f.samId)).toMatchObject({
      turns: 1,
      quiet: false,
      earlier: { sessions: 2, seconds: 0, turns: 0 },
      quietEarlier: true,
    });
    expect(byId.get(f.anaId)).toMatchObject({
      turns: 0,
      quiet: true,
      earlier: { sessions: 1, seconds: 240, turns: 2 },
      quietEarlier: false,
    });
  });

  it('in person, suggests present whoever was admitted, checked in or spoke, and leaves the unseen to the facilitator', async () => {
    const f = await openRoom(t.current, undefined, { meetingMode: 'in-person', members: ['Sam', 'Ana', 'Leo', 'Kim'] });
    const [, , leo, kim] = f.members;
    // The facilitator runs the room from a laptop; no member ever connects.
    const maya = await Client.open(f.url, f.maya);
    clients.push(maya);
    maya.join(f.roomId);
    await maya.snapshot();
    expect((await maya.command(f.roomId, { type: 'admit', personIds: [f.samId] })).type).toBe('room.ack');
    const entered = await maya.command(f.roomId, {
      type: 'checkIn.enter',
      personId: f.anaId,
      mood: 6,
      word: 'steady',
      share: 'facilitators',
    });
    expect(entered.type).toBe('room.ack');
    expect((await maya.command(f.roomId, { type: 'voice.tap', personId: leo!.memberId })).type).toBe('room.ack');
    expect((await maya.command(f.roomId, { type: 'voice.tap', personId: null })).type).toBe('room.ack');
    await maya.command(f.roomId, { type: 'room.end' });
    const summary = await inject(t.current, f.maya, 'GET', `/api/rooms/${f.roomId}/summary`);
    expect(summary.statusCode, summary.body).toBe(200);
    const suggested = Object.fromEntries(
      summary.json().attendance.map((a: { memberId: string; suggested: string | null }) => [a.memberId, a.suggested]),
    );
    expect(suggested).toEqual({
      [f.samId]: 'present',
      [f.anaId]: 'present',
      [leo!.memberId]: 'present',
      [kim!.memberId]: null,
    });
  });
});

const redisUrl = process.env.HEARTH_TEST_REDIS_URL;

describe.skipIf(!redisUrl)('one room served by two instances sharing Redis', () => {
  let testDb: TestDatabase | undefined;
  const apps: HearthApp[] = [];
  const brokers: Broker[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const app of apps.splice(0)) await app.close();
    for (const broker of brokers.splice(0)) await broker.close();
    await testDb?.cleanup();
  });

  it.each(['sqlite', 'postgres'] as const)('keeps one order of events for sockets on both [%s]', async (engine) => {
    if (engine === 'postgres' && !process.env.HEARTH_TEST_DATABASE_URL) return;
    testDb = await createTestDatabase(engine);
    const first = await buildTestApp(testDb, { broker: new RedisBroker(redisUrl as string) });
    const second = await buildTestApp(testDb, { broker: new RedisBroker(redisUrl as string) });
    apps.push(first.app, second.app);
    brokers.push(first.broker, second.broker);
    const f = await openRoom(first, await listen(first.app));
    const url2 = await listen(second.app);
    const maya = await Client.open(f.url, f.maya);
    const sam = await Client.open(url2, f.sam);
    const ana = await Client.open(f.url, f.ana);
    clients.push(maya, sam, ana);
    maya.join(f.roomId);
    await maya.snapshot();
    sam.join(f.roomId);
    ana.join(f.roomId);
    await sam.snapshot();
    await maya.until(() => maya.events().filter((e) => e.type === 'person.arrived').length >= 3, 'arrivals');
    await maya.command(f.roomId, { type: 'admitAll' });
    await sam.snapshot((s) => s.people[f.samId]?.admission === 'admitted');
    await ana.snapshot((s) => s.people[f.anaId]?.admission === 'admitted');
    // Both instances take commands at once; one order comes out.
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => sam.command(f.roomId, { type: 'chat.post', text: `from second ${i}` })),
      ...Array.from({ length: 8 }, (_, i) => ana.command(f.roomId, { type: 'chat.post', text: `from first ${i}` })),
    ]);
    const chats = (c: Client) =>
      c
        .events()
        .filter((e) => e.type === 'chat.posted')
        .map((e) => e.seq);
    await maya.until(() => chats(maya).length === 16, 'sixteen chats on the first instance');
    await sam.until(() => chats(sam).length === 16, 'sixteen chats on the second');
    const seqs = (c: Client) => c.events().map((e) => e.seq);
    for (const c of [maya, sam, ana]) {
      expect(seqs(c)).toEqual([...seqs(c)].sort((a, b) => a - b));
      expect(new Set(seqs(c)).size).toBe(seqs(c).length);
    }
    expect(chats(sam)).toEqual(chats(maya));
    const stored = await testDb.database.db
      .selectFrom('roomEvents')
      .select('seq')
      .where('roomId', '=', f.roomId)
      .orderBy('seq')
      .execute();
    expect(stored.map((r) => r.seq)).toEqual(stored.map((_, i) => i + 1));
  });
});
