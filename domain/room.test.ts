import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRoomEvent,
  catchUp,
  eventFor,
  deliveryFor,
  emptyRoom,
  quietMembers,
  rotateRoles,
  viewOf,
  voiceUntil,
  attendanceSuggestion,
  type RoomDelivery,
  type RoomEvent,
  type RoomEventBody,
  type RoomState,
  type RoomViewer,
} from './room.js';
import { chunk, decideRoomCommand, type DecideContext } from './room-decide.js';
import { ROOM_COMMAND_ROLES, RoomCommandSchema, type RoomCommand } from './room-protocol.js';

const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5'];
const FACILITATORS = ['f1', 'f2'];
const viewerOf = (id: string): RoomViewer => ({ personId: id, kind: id.startsWith('f') ? 'facilitator' : 'member' });

/** A seeded shuffle so a failing run can be replayed. */
function contextFrom(seed: number, clock: { now: number }): DecideContext {
  let s = seed >>> 0 || 1;
  let n = 0;
  const random = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  return {
    get now() {
      return new Date(clock.now);
    },
    newId: () => `id${++n}`,
    shuffle<T>(list: readonly T[]) {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}

/** The server of the model: the log, the state, and who is connected. */
class ModelServer {
  log: RoomEvent[] = [];
  state: RoomState = emptyRoom('room');
  clients = new Map<string, ModelClient>();
  clock = { now: Date.parse('2026-12-01T18:00:00Z') };

  append(bodies: RoomEventBody[], by: string | null) {
    for (const body of bodies) {
      this.clock.now += 1000;
      const event = {
        ...body,
        roomId: 'room',
        seq: this.log.length + 1,
        at: new Date(this.clock.now).toISOString(),
        by,
      } as RoomEvent;
      const before = this.state;
      this.state = applyRoomEvent(before, event);
      this.log.push(event);
      for (const client of this.clients.values()) {
        if (!client.connected) continue;
        const delivery = deliveryFor(event, before, this.state, client.viewer);
        if (delivery) client.receive(delivery);
      }
    }
  }
}

class ModelClient {
  connected = false;
  state: RoomState | null = null;
  lastSeq = 0;
  received: RoomDelivery[] = [];
  constructor(readonly viewer: RoomViewer) {}

  receive(delivery: RoomDelivery) {
    this.received.push(delivery);
    if (delivery.kind === 'snapshot') {
      expect(delivery.state.seq).toBeGreaterThanOrEqual(this.lastSeq);
      this.state = delivery.state;
      this.lastSeq = delivery.state.seq;
      return;
    }
    // In order, and never twice.
    expect(delivery.event.seq).toBeGreaterThan(this.lastSeq);
    expect(this.state).not.toBeNull();
    this.state = applyRoomEvent(this.state!, delivery.event);
    this.lastSeq = delivery.event.seq;
  }
}

type Action =
  | { kind: 'connect'; who: string }
  | { kind: 'disconnect'; who: string }
  | { kind: 'command'; who: string; command: RoomCommand }
  | { kind: 'remove'; who: string }
  | { kind: 'tick'; seconds: number };

const anyone = fc.constantFrom(...MEMBERS, ...FACILITATORS);
const someone = fc.constantFrom(...MEMBERS, ...FACILITATORS, 'stranger');
/** Words the model's screening holds (the server's is crisis-language screening). */
const HELD_WORDS = 'held words';
const commandArb: fc.Arbitrary<RoomCommand> = fc.oneof(
  fc.record({ type: fc.constant('admit' as const), personIds: fc.array(someone, { minLength: 1, maxLength: 3 }) }),
  fc.constant({ type: 'admitAll' as const }),
  fc.constant({ type: 'admitAll' as const }),
  fc.record({
    type: fc.constant('sendBack' as const),
    personId: someone,
    message: fc.constantFrom(null, 'In a moment'),
  }),
  fc.record({
    type: fc.constant('checkIn.give' as const),
    mood: fc.integer({ min: 0, max: 10 }),
    word: fc.constantFrom('tired', 'ok'),
    part: fc.constantFrom(null, 'the worrier'),
    share: fc.constantFrom('group' as const, 'facilitators' as const),
  }),
  fc.record({
    type: fc.constant('checkIn.enter' as const),
    personId: someone,
    mood: fc.integer({ min: 0, max: 10 }),
    word: fc.constant('calm'),
    share: fc.constantFrom('group' as const, 'facilitators' as const),
  }),
  fc.record({
    type: fc.constant('round.start' as const),
    kind: fc.constantFrom('check-in' as const, 'talking' as const),
    shuffle: fc.boolean(),
    turnSeconds: fc.constantFrom(60, 120),
    roundSeconds: fc.constantFrom(null, 600),
  }),
  fc.record({ type: fc.constant('round.setOrder' as const), order: fc.array(anyone, { maxLength: 5 }) }),
  fc.constant({ type: 'round.shuffle' as const }),
  fc.constant({ type: 'turn.next' as const }),
  fc.constant({ type: 'turn.next' as const }),
  fc.constant({ type: 'turn.pass' as const }),
  fc.constant({ type: 'round.end' as const }),
  fc.constant({ type: 'hand.raise' as const }),
  fc.constant({ type: 'hand.raise' as const }),
  fc.record({ type: fc.constant('hand.lower' as const) }),
  fc.record({ type: fc.constant('floor.give' as const) }),
  fc.constant({ type: 'floor.end' as const }),
  fc.record({ type: fc.constant('voice.tap' as const), personId: fc.option(anyone, { nil: null }) }),
  fc.record({ type: fc.constant('chat.post' as const), text: fc.constantFrom('hello', 'thank you', HELD_WORDS) }),
  fc.record({ type: fc.constant('chat.hide' as const), messageId: fc.constantFrom('id1', 'id2', 'id3') }),
  fc.record({ type: fc.constant('chat.release' as const), messageId: fc.constantFrom('id1', 'id2', 'id3') }),
  fc.record({ type: fc.constant('chat.setOff' as const), off: fc.boolean() }),
  fc.record({ type: fc.constant('backChannel.post' as const), text: fc.constant('watch m2') }),
  fc.record({
    type: fc.constant('breakouts.form' as const),
    size: fc.constantFrom(2 as const, 3 as const),
    method: fc.constantFrom('random' as const, 'keep-apart' as const),
    apart: fc.constant([['m1', 'm2']] as Array<[string, string]>),
    seconds: fc.constant(300),
  }),
  fc.record({
    type: fc.constant('breakouts.form' as const),
    size: fc.constant(2 as const),
    method: fc.constant('by-hand' as const),
    groups: fc.constant<string[][]>([
      ['m1', 'm3'],
      ['m2', 'm4', 'm5'],
    ]),
  }),
  fc.constant({ type: 'breakouts.rotate' as const }),
  fc.constant({ type: 'breakouts.end' as const }),
  fc.record({
    type: fc.constant('video.mute' as const),
    personId: someone,
    what: fc.constantFrom('audio' as const, 'video' as const),
  }),
  fc.record({ type: fc.constant('video.askUnmute' as const), personId: someone }),
  fc.record({ type: fc.constant('video.spotlight' as const), personId: fc.option(someone, { nil: null }) }),
  fc.constant({ type: 'checkOut.start' as const }),
  fc.constant({ type: 'room.end' as const }),
);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('connect' as const), who: anyone }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), who: anyone }) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('command' as const), who: anyone, command: commandArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), who: fc.constantFrom(...MEMBERS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), seconds: fc.integer({ min: 1, max: 90 }) }) },
);

const without = (list: string[], id: string) => list.filter((x) => x !== id);

function checkInvariants(state: RoomState, raisedOrder: string[]) {
  // One speaker at most: the round's, or the floor's.
  expect(state.round?.speaker && state.floor).toBeFalsy();
  // Whoever passed does not hold the turn. (Share of voice follows the turn, unless a facilitator's tap says otherwise.)
  if (state.round?.speaker) expect(state.round.passed).not.toContain(state.round.speaker);
  // The queue: first come, first served, each once, only people in the room.
  expect(new Set(state.hands).size).toBe(state.hands.length);
  expect(state.hands).toEqual(raisedOrder.filter((id) => state.hands.includes(id)));
  for (const id of state.hands) expect(state.people[id]).toBeDefined();
  // The roster: nobody but the roster and facilitators.
  for (const id of Object.keys(state.people)) expect([...MEMBERS, ...FACILITATORS]).toContain(id);
  for (const f of FACILITATORS) expect(state.people[f]?.admission).toBe('admitted');
  // Breakouts: each person in one breakout at most, roles distinct within it.
  const inBreakouts = state.breakouts?.list.flatMap((b) => b.members.map((m) => m.personId)) ?? [];
  expect(new Set(inBreakouts).size).toBe(inBreakouts.length);
}

/** Breakouts as formed: pairs or triads of members in the room, one role each, never two kept apart together. */
function checkBreakouts(state: RoomState, formed: Extract<RoomEventBody, { type: 'breakouts.formed' }>) {
  for (const b of formed.list) {
    expect(b.members.length).toBeGreaterThanOrEqual(2);
    expect(b.members.length).toBeLessThanOrEqual(3);
    expect(new Set(b.members.map((m) => m.role)).size).toBe(b.members.length);
    for (const m of b.members) {
      expect(state.people[m.personId]).toMatchObject({ kind: 'member', admission: 'admitted' });
      if (formed.method !== 'by-hand' && !state.inPerson) expect(state.people[m.personId]!.connected).toBe(true);
    }
    if (formed.method === 'keep-apart')
      expect(b.members.map((m) => m.personId).filter((id) => id === 'm1' || id === 'm2').length).toBeLessThan(2);
  }
}

/** Every fourth seed runs an in-person room (members never connect; the facilitator runs it from a laptop). */
function run(seed: number, actions: Action[], inPerson = seed % 4 === 0) {
  const server = new ModelServer();
  const context = contextFrom(seed, server.clock);
  const removed = new Set<string>();
  for (const id of [...MEMBERS, ...FACILITATORS]) server.clients.set(id, new ModelClient(viewerOf(id)));
  server.append(
    [
      {
        type: 'room.opened',
        inPerson,
        people: [...MEMBERS, ...FACILITATORS].map((id) => ({ ...viewerOf(id), displayName: id.toUpperCase() })),
      },
    ],
    'f1',
  );
  const raisedOrder: string[] = [];
  for (const action of actions) {
    if (action.kind === 'tick') {
      server.clock.now += action.seconds * 1000;
      continue;
    }
    const client = server.clients.get(action.who)!;
    if (removed.has(action.who)) continue;
    if (action.kind === 'connect') {
      if (client.connected) continue;
      client.connected = true;
      for (const delivery of catchUp('room', server.log, client.viewer, client.lastSeq, 8)) client.receive(delivery);
      if (!server.state.people[action.who]?.connected)
        server.append([{ type: 'person.arrived', personId: action.who }], null);
    } else if (action.kind === 'disconnect') {
      if (!client.connected) continue;
      client.connected = false;
      server.append([{ type: 'person.left', personId: action.who }], null);
    } else if (action.kind === 'remove') {
      server.append([{ type: 'person.removed', personId: action.who }], null);
      client.connected = false;
      removed.add(action.who);
    } else {
      if (!client.connected) continue;
      context.held = action.command.type === 'chat.post' && action.command.text === HELD_WORDS;
      const decision = decideRoomCommand(server.state, client.viewer, action.command, context);
      if ('problem' in decision) {
        if (!ROOM_COMMAND_ROLES[action.command.type].includes(client.viewer.kind))
          expect(decision.problem).toBe('notAllowed');
        continue;
      }
      for (const e of decision.events) if (e.type === 'breakouts.formed') checkBreakouts(server.state, e);
      // A hand raised again goes to the back of the queue.
      for (const e of decision.events)
        if (e.type === 'hand.raised')
          raisedOrder.splice(0, raisedOrder.length, ...without(raisedOrder, e.personId), e.personId);
      server.append(decision.events, action.who);
    }
    checkInvariants(server.state, raisedOrder);
  }
  // Everyone still on the roster comes back and ends in the server's state, as they may see it.
  for (const [id, client] of server.clients) {
    if (removed.has(id)) continue;
    if (!client.connected) {
      client.connected = true;
      for (const delivery of catchUp('room', server.log, client.viewer, client.lastSeq, 8)) client.receive(delivery);
    }
    // The seq a viewer last heard differs (a member is not sent everything); the room does not.
    expect({ ...viewOf(client.state!, client.viewer), seq: 0 }).toEqual({
      ...viewOf(server.state, client.viewer),
      seq: 0,
    });
    expect(client.lastSeq).toBeLessThanOrEqual(server.log.length);
  }
  // The log has every seq once, in order.
  expect(server.log.map((e) => e.seq)).toEqual(server.log.map((_, i) => i + 1));
  return server;
}

describe('the room, folded from its events', () => {
  it('brings every client to the server’s state, in order, each event once, whatever the disconnects (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(actionArb, { minLength: 20, maxLength: 120 }), (seed, actions) => {
        run(seed, actions);
      }),
      { numRuns: 1000 },
    );
  });

  it('forms pairs from an odd number by making one triad, each person in exactly one breakout', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const server = run(seed, [
        ...['m1', 'm2', 'm3', 'm4', 'm5', 'f1'].map((who): Action => ({ kind: 'connect', who })),
        { kind: 'command', who: 'f1', command: { type: 'admitAll' } },
        {
          kind: 'command',
          who: 'f1',
          command: { type: 'breakouts.form', size: 2, method: 'random', seconds: 300 },
        },
      ]);
      const sizes = server.state.breakouts!.list.map((b) => b.members.length).sort();
      expect(sizes).toEqual([2, 3]);
      const everyone = server.state.breakouts!.list.flatMap((b) => b.members.map((m) => m.personId)).sort();
      expect(everyone).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    }
  });
  it('makes only pairs and triads, whatever the number of people, each person once', () => {
    const ids = Array.from({ length: 14 }, (_, i) => `p${i}`);
    for (let n = 2; n <= ids.length; n++)
      for (const size of [2, 3] as const) {
        const groups = chunk(ids.slice(0, n), size);
        expect(groups.flat().sort()).toEqual(ids.slice(0, n).sort());
        for (const g of groups) expect([2, 3], `${n} in ${size}s: ${JSON.stringify(groups)}`).toContain(g.length);
      }
    expect(chunk(['a', 'b', 'c', 'd'], 3)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('forms breakouts at random in an in-person room from the members admitted, none of them connected', () => {
    const server = run(
      7,
      [
        { kind: 'connect', who: 'f1' },
        { kind: 'command', who: 'f1', command: { type: 'admit', personIds: ['m1', 'm2', 'm3', 'm4'] } },
        { kind: 'command', who: 'f1', command: { type: 'breakouts.form', size: 3, method: 'random', seconds: 300 } },
      ],
      true,
    );
    const groups = server.state.breakouts!.list.map((b) => b.members.map((m) => m.personId).sort());
    expect(groups.flat().sort()).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(groups.map((g) => g.length)).toEqual([2, 2]);
  });

  it('never sends a member the back-channel, share of voice, safety marks or others’ private check-ins', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(actionArb, { minLength: 20, maxLength: 80 }), (seed, actions) => {
        const server = run(seed, actions);
        for (const id of MEMBERS) {
          for (const d of server.clients.get(id)!.received) {
            const events = d.kind === 'event' ? [d.event] : [];
            for (const e of events) {
              expect(['backChannel.posted', 'voice.tapped', 'safety.marked']).not.toContain(e.type);
              if (e.type === 'checkIn.given' && e.checkIn.share === 'facilitators') expect(e.checkIn.personId).toBe(id);
              if (e.type === 'breakouts.formed')
                for (const b of e.list) expect(b.members.map((m) => m.personId)).toContain(id);
            }
            if (d.kind === 'snapshot') {
              expect(d.state.backChannel).toEqual([]);
              expect(d.state.voice.turns).toEqual({});
              expect(d.state.safety).toEqual([]);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('never shows a member a held chat message of someone else’s until a facilitator releases it', () => {
    let sawHeld = 0;
    fc.assert(
      fc.property(fc.integer(), fc.array(actionArb, { minLength: 20, maxLength: 80 }), (seed, actions) => {
        // Each run starts with a member's message held, then anything may happen.
        const opening: Action[] = [
          { kind: 'connect', who: 'f1' },
          { kind: 'connect', who: 'm1' },
          { kind: 'connect', who: 'm2' },
          { kind: 'command', who: 'f1', command: { type: 'admitAll' } },
          { kind: 'command', who: 'm1', command: { type: 'chat.post', text: HELD_WORDS } },
        ];
        const server = run(seed, [...opening, ...actions]);
        const heldBy = new Map<string, string>();
        const releasedAt = new Map<string, number>();
        for (const e of server.log) {
          if (e.type === 'chat.posted' && e.held) heldBy.set(e.messageId, e.personId);
          if (e.type === 'chat.released') releasedAt.set(e.messageId, e.seq);
        }
        sawHeld += heldBy.size;
        const shown = (id: string, messageId: string, seq: number) =>
          heldBy.get(messageId) === undefined ||
          heldBy.get(messageId) === id ||
          (releasedAt.get(messageId) ?? Infinity) <= seq;
        for (const id of MEMBERS) {
          const client = server.clients.get(id)!;
          for (const d of client.received) {
            if (d.kind === 'event' && d.event.type === 'chat.posted')
              expect(shown(id, d.event.messageId, d.event.seq)).toBe(true);
            if (d.kind === 'snapshot')
              for (const m of d.state.chat) expect(shown(id, m.messageId, d.state.seq)).toBe(true);
          }
          if (client.state) for (const m of client.state.chat) if (m.held) expect(m.personId).toBe(id);
        }
        // Facilitators see every message, held or not.
        for (const id of FACILITATORS) {
          const chat = server.clients.get(id)!.state?.chat ?? [];
          for (const m of chat) if (heldBy.has(m.messageId)) expect(m.held).toBe(!releasedAt.has(m.messageId));
        }
      }),
      { numRuns: 200 },
    );
    // Every run held at least its opening message (the property is not empty).
    expect(sawHeld).toBeGreaterThanOrEqual(200);
  });

  it('cuts a member’s view: no hidden chat, only their breakout, only shared check-ins', () => {
    let state = emptyRoom('r');
    let seq = 0;
    const at = (s: number) => new Date(Date.parse('2026-12-01T18:00:00Z') + s * 1000).toISOString();
    const push = (body: RoomEventBody, by: string | null = 'f1') => {
      seq += 1;
      state = applyRoomEvent(state, { ...body, roomId: 'r', seq, at: at(seq * 10), by } as RoomEvent);
    };
    push({
      type: 'room.opened',
      inPerson: false,
      people: [...MEMBERS, 'f1'].map((id) => ({ ...viewerOf(id), displayName: id })),
    });
    push({ type: 'person.admitted', personIds: ['m1', 'm2', 'm3', 'm4'] });
    push({ type: 'chat.posted', messageId: 'c1', personId: 'm1', text: 'hi' });
    push({ type: 'chat.hidden', messageId: 'c1' });
    push({
      type: 'checkIn.given',
      checkIn: { personId: 'm3', mood: 2, word: 'low', part: null, share: 'facilitators', enteredBy: null },
    });
    push({
      type: 'checkIn.given',
      checkIn: { personId: 'm4', mood: 7, word: 'fine', part: null, share: 'group', enteredBy: null },
    });
    push({
      type: 'breakouts.formed',
      method: 'by-hand',
      deadline: null,
      list: [
        {
          breakoutId: 'b1',
          cardId: null,
          members: [
            { personId: 'm1', role: 'speaker' },
            { personId: 'm2', role: 'listener' },
          ],
        },
        {
          breakoutId: 'b2',
          cardId: null,
          members: [
            { personId: 'm3', role: 'speaker' },
            { personId: 'm4', role: 'listener' },
          ],
        },
      ],
    });
    push({ type: 'voice.tapped', personId: 'm1' });
    push({ type: 'backChannel.posted', messageId: 'x', personId: 'f1', text: 'watch m3' });
    const m1 = viewOf(state, viewerOf('m1'));
    expect(m1.chat).toEqual([]);
    expect(Object.keys(m1.checkIns)).toEqual(['m4']);
    expect(m1.breakouts!.list.map((b) => b.breakoutId)).toEqual(['b1']);
    expect(m1.backChannel).toEqual([]);
    expect(m1.voice).toEqual({ current: null, seconds: {}, turns: {} });
    const waiting = viewOf(state, viewerOf('m5'));
    expect(Object.keys(waiting.people)).toEqual(['m5']);
    expect(viewOf(state, viewerOf('f1'))).toBe(state);
    expect(quietMembers(state)).toEqual(['m2', 'm3', 'm4']);
    push({ type: 'voice.tapped', personId: null });
    expect(voiceUntil(state.voice, at(200))).toEqual([{ personId: 'm1', seconds: 20, turns: 1 }]);
  });

  it('rotates roles within each breakout', () => {
    const roles = rotateRoles([
      { personId: 'a', role: 'speaker' },
      { personId: 'b', role: 'listener' },
      { personId: 'c', role: 'observer' },
    ]);
    expect(roles.map((r) => r.role)).toEqual(['listener', 'observer', 'speaker']);
  });

  it('suggests attendance from presence', () => {
    const session = { startsAt: '2026-12-01T18:00:00Z', endsAt: '2026-12-01T19:30:00Z' };
    const seen = (first: string | null, last: string | null, connected = false) =>
      attendanceSuggestion({ firstArrivedAt: first, lastLeftAt: last, connected }, session);
    expect(seen(null, null)).toBe('absent-unexcused');
    expect(seen('2026-12-01T17:55:00Z', '2026-12-01T19:30:00Z')).toBe('present');
    expect(seen('2026-12-01T18:20:00Z', null, true)).toBe('late');
    expect(seen('2026-12-01T17:55:00Z', '2026-12-01T18:40:00Z')).toBe('left-early');
  });

  it('suggests attendance in an in-person room from admission, check-ins and turns, never absent unseen', () => {
    const session = { startsAt: '2026-12-01T18:00:00Z', endsAt: '2026-12-01T19:30:00Z' };
    let state = emptyRoom('r');
    let seq = 0;
    const at = (minutes: number) => new Date(Date.parse(session.startsAt) + minutes * 60_000).toISOString();
    const push = (body: RoomEventBody, minutes: number) => {
      seq += 1;
      state = applyRoomEvent(state, { ...body, roomId: 'r', seq, at: at(minutes), by: 'f1' } as RoomEvent);
    };
    push(
      {
        type: 'room.opened',
        inPerson: true,
        people: ['m1', 'm2', 'm3', 'm4', 'f1'].map((id) => ({ ...viewerOf(id), displayName: id })),
      },
      -5,
    );
    push({ type: 'person.admitted', personIds: ['m1'] }, -2);
    push(
      {
        type: 'checkIn.given',
        checkIn: { personId: 'm2', mood: 5, word: 'ok', part: null, share: 'facilitators', enteredBy: 'f1' },
      },
      3,
    );
    push({ type: 'voice.tapped', personId: 'm3' }, 25);
    push({ type: 'voice.tapped', personId: null }, 27);
    // Admitted again later: the first sighting stays.
    push({ type: 'person.admitted', personIds: ['m1', 'm2'] }, 40);
    const suggest = (id: string) => attendanceSuggestion(state.people[id]!, session, state.inPerson);
    expect(state.people.m1!.firstArrivedAt).toBe(at(-2));
    expect(state.people.m2!.firstArrivedAt).toBe(at(3));
    expect(suggest('m1')).toBe('present');
    expect(suggest('m2')).toBe('present');
    expect(suggest('m3')).toBe('late');
    expect(suggest('m4')).toBeNull();
    // The same member unseen in an online room is suggested absent, as before.
    expect(attendanceSuggestion(state.people.m4!, session, false)).toBe('absent-unexcused');
  });

  it('lets facilitators mute, ask to unmute and spotlight only people admitted to the call, and everyone sees it', () => {
    const clock = { now: Date.parse('2026-12-01T18:00:00Z') };
    const context = contextFrom(7, clock);
    let seq = 0;
    const fold = (state: RoomState, bodies: RoomEventBody[], by: string | null) =>
      bodies.reduce(
        (s, body) =>
          applyRoomEvent(s, {
            ...body,
            roomId: 'room',
            seq: ++seq,
            at: new Date(clock.now).toISOString(),
            by,
          } as RoomEvent),
        state,
      );
    let state = fold(
      emptyRoom('room'),
      [
        {
          type: 'room.opened',
          inPerson: false,
          people: ['m1', 'm2', 'f1'].map((id) => ({ ...viewerOf(id), displayName: id.toUpperCase() })),
        },
        { type: 'person.admitted', personIds: ['m1'] },
      ],
      'f1',
    );
    const f1 = viewerOf('f1');
    const m1 = viewerOf('m1');
    const decide = (actor: RoomViewer, command: RoomCommand) => decideRoomCommand(state, actor, command, context);
    // Members never use the facilitators' controls.
    expect(decide(m1, { type: 'video.mute', personId: 'm1', what: 'audio' })).toEqual({ problem: 'notAllowed' });
    expect(decide(m1, { type: 'video.spotlight', personId: 'm1' })).toEqual({ problem: 'notAllowed' });
    // Someone still waiting is not in the call; a stranger is not on the roster.
    expect(decide(f1, { type: 'video.mute', personId: 'm2', what: 'video' })).toMatchObject({ problem: 'notInRoom' });
    expect(decide(f1, { type: 'video.askUnmute', personId: 'nobody' })).toMatchObject({ problem: 'notOnRoster' });
    expect(decide(f1, { type: 'video.mute', personId: 'm1', what: 'audio' })).toEqual({
      events: [{ type: 'video.muted', personId: 'm1', what: 'audio' }],
    });
    expect(decide(f1, { type: 'video.askUnmute', personId: 'm1' })).toEqual({
      events: [{ type: 'video.unmuteAsked', personId: 'm1' }],
    });
    const spotlit = decide(f1, { type: 'video.spotlight', personId: 'm1' });
    expect(spotlit).toEqual({ events: [{ type: 'video.spotlit', personId: 'm1' }] });
    const before = state;
    state = fold(state, (spotlit as { events: RoomEventBody[] }).events, 'f1');
    // The spotlight is everyone's (an admitted member's view has it, and is sent the event).
    expect(viewOf(state, m1).video).toEqual({ spotlight: 'm1' });
    expect(
      eventFor(
        { type: 'video.muted', personId: 'm1', what: 'audio', roomId: 'room', seq: 9, at: '', by: 'f1' },
        before,
        m1,
      ),
    ).not.toBeNull();
    // The same spotlight again changes nothing; sending the person back takes it away.
    expect(decide(f1, { type: 'video.spotlight', personId: 'm1' })).toEqual({ events: [] });
    state = fold(state, [{ type: 'person.sentBack', personId: 'm1', message: null }], 'f1');
    expect(state.video.spotlight).toBeNull();
  });

  it('validates every command the property test sends', () => {
    fc.assert(
      fc.property(commandArb, (command) => {
        expect(RoomCommandSchema.safeParse(command).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
