import {
  isAdmitted,
  type Breakout,
  type BreakoutMember,
  type BreakoutRole,
  type RoomEventBody,
  type RoomState,
  type RoomViewer,
} from './room.js';
import { ROOM_COMMAND_ROLES, type RoomCommand, type RoomProblem } from './room-protocol.js';

/** What deciding needs from outside: the server's clock, new ids and a shuffle (random on the server, fixed in tests). */
export interface DecideContext {
  now: Date;
  newId(): string;
  shuffle<T>(list: readonly T[]): T[];
  /**
   * Crisis-language screening (on the server, before deciding) matched the text of this
   * `chat.post`: a member's message is then held for the facilitators (docs/crisis-screening.md).
   */
  held?: boolean;
}

export type Decision = { events: RoomEventBody[] } | { problem: RoomProblem; field?: string };

const ROLES: readonly BreakoutRole[] = ['speaker', 'listener', 'observer'];
const deadline = (now: Date, seconds: number | null | undefined) =>
  seconds ? new Date(now.getTime() + seconds * 1000).toISOString() : null;

const refuse = (problem: RoomProblem, field?: string): Decision => (field ? { problem, field } : { problem });
const ok = (...events: RoomEventBody[]): Decision => ({ events });

/**
 * Admitted members and facilitators in the room now, in roster order. In an in-person room members
 * sit with the facilitator and never connect: there, whoever was admitted is in the room.
 */
export function present(state: RoomState, kind?: 'member' | 'facilitator'): string[] {
  return Object.values(state.people)
    .filter(
      (p) =>
        p.admission === 'admitted' &&
        (p.connected || (state.inPerson && p.kind === 'member')) &&
        (!kind || p.kind === kind),
    )
    .map((p) => p.personId);
}

function nextSpeaker(state: RoomState): string | null {
  const round = state.round;
  if (!round) return null;
  return (
    round.order.find(
      (id) => !round.spoken.includes(id) && !round.passed.includes(id) && id !== round.speaker && state.people[id],
    ) ?? null
  );
}

/** The events that end the current turn and start the next one (or none when everyone has had theirs). */
function advance(state: RoomState, now: Date): RoomEventBody[] {
  const round = state.round!;
  const events: RoomEventBody[] = round.speaker ? [{ type: 'turn.ended' }] : [];
  const next = nextSpeaker(state);
  if (next) events.push({ type: 'turn.started', personId: next, deadline: deadline(now, round.turnSeconds)! });
  return events;
}

/**
 * Splits people into pairs or triads of `size`. Nobody practises alone and no group grows past a
 * triad: one left over from pairs joins the last pair as its observer; one left over from triads
 * makes the last triad and them two pairs (4 people in triads: two pairs; 7: a triad and two pairs).
 */
export function chunk(ids: readonly string[], size: 2 | 3): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < ids.length; i += size) groups.push(ids.slice(i, i + size));
  const last = groups.at(-1);
  if (groups.length > 1 && last && last.length === 1) {
    groups.pop();
    const before = groups.pop()!;
    const joined = [...before, last[0]!];
    groups.push(...(joined.length > 3 ? [joined.slice(0, 2), joined.slice(2)] : [joined]));
  }
  return groups;
}

/** Whether no group holds two people marked to be kept apart. */
function keepsApart(groups: readonly string[][], apart: ReadonlyArray<readonly [string, string]>): boolean {
  return groups.every((g) => apart.every(([a, b]) => !(g.includes(a) && g.includes(b))));
}

function asBreakouts(groups: readonly string[][], context: DecideContext, cardId: string | null): Breakout[] {
  return groups.map((g) => ({
    breakoutId: context.newId(),
    members: g.map((personId, i): BreakoutMember => ({ personId, role: ROLES[Math.min(i, 2)]! })),
    cardId,
  }));
}

/**
 * The events a command appends to the room, or why it is refused. Pure: the server checks who
 * the actor is (roster, role) before, and persists the events with their seqs after.
 */
export function decideRoomCommand(
  state: RoomState,
  actor: RoomViewer,
  command: RoomCommand,
  context: DecideContext,
): Decision {
  if (!ROOM_COMMAND_ROLES[command.type].includes(actor.kind)) return refuse('notAllowed');
  if (state.phase === 'ended') return refuse('ended');
  if (!isAdmitted(state, actor)) return refuse(state.people[actor.personId] ? 'waiting' : 'notOnRoster');
  const now = context.now;
  const me = actor.personId;
  const member = (id: string) => state.people[id]?.kind === 'member';

  switch (command.type) {
    case 'admit': {
      const ids = command.personIds.filter((id) => member(id) && state.people[id]!.admission === 'waiting');
      if (command.personIds.some((id) => !member(id))) return refuse('notOnRoster', 'personIds');
      return ids.length ? ok({ type: 'person.admitted', personIds: ids }) : ok();
    }
    case 'admitAll': {
      const ids = Object.values(state.people)
        .filter((p) => p.kind === 'member' && p.admission === 'waiting' && p.connected)
        .map((p) => p.personId);
      return ids.length ? ok({ type: 'person.admitted', personIds: ids }) : ok();
    }
    case 'sendBack':
      if (!member(command.personId)) return refuse('notOnRoster', 'personId');
      return ok({ type: 'person.sentBack', personId: command.personId, message: command.message || null });
    case 'checkIn.give':
    case 'checkIn.enter': {
      const personId = command.type === 'checkIn.enter' ? command.personId : me;
      if (!member(personId)) return refuse('notOnRoster', 'personId');
      return ok({
        type: 'checkIn.given',
        checkIn: {
          personId,
          mood: command.mood,
          word: command.word,
          part: command.part || null,
          share: command.share,
          enteredBy: command.type === 'checkIn.enter' ? me : null,
        },
      });
    }
    case 'round.start': {
      if (state.round) return refuse('roundRunning');
      let order = command.order ?? present(state);
      if (order.some((id) => !state.people[id])) return refuse('notOnRoster', 'order');
      order = [...new Set(order)];
      if (command.shuffle) order = context.shuffle(order);
      const roundId = context.newId();
      const started: RoomEventBody = {
        type: 'round.started',
        roundId,
        kind: command.kind,
        order,
        turnSeconds: command.turnSeconds,
        roundDeadline: deadline(now, command.roundSeconds),
      };
      const events: RoomEventBody[] = [];
      if (state.floor) events.push({ type: 'floor.ended' });
      events.push(started);
      if (order[0])
        events.push({ type: 'turn.started', personId: order[0], deadline: deadline(now, command.turnSeconds)! });
      return ok(...events);
    }
    case 'round.setOrder': {
      if (!state.round) return refuse('noRound');
      if (command.order.some((id) => !state.people[id])) return refuse('notOnRoster', 'order');
      return ok({ type: 'round.orderSet', order: [...new Set(command.order)] });
    }
    case 'round.shuffle': {
      if (!state.round) return refuse('noRound');
      const { order, spoken, passed, speaker } = state.round;
      // Those who have spoken (and the speaker) keep their places; the rest are shuffled.
      const done = order.filter((id) => spoken.includes(id) || passed.includes(id) || id === speaker);
      const rest = order.filter((id) => !done.includes(id));
      return ok({ type: 'round.orderSet', order: [...done, ...context.shuffle(rest)] });
    }
    case 'turn.next':
      if (!state.round) return refuse('noRound');
      return ok(...advance(state, now));
    case 'turn.pass': {
      const round = state.round;
      if (!round) return refuse('noRound');
      if (!round.order.includes(me) || round.spoken.includes(me) || round.passed.includes(me))
        return refuse('notYourTurn');
      const events: RoomEventBody[] = [{ type: 'turn.passed', personId: me }];
      if (round.speaker === me) {
        const after = { ...state, round: { ...round, speaker: null, passed: [...round.passed, me] } };
        const next = nextSpeaker(after);
        if (next) events.push({ type: 'turn.started', personId: next, deadline: deadline(now, round.turnSeconds)! });
      }
      return ok(...events);
    }
    case 'round.end':
      if (!state.round) return refuse('noRound');
      return ok({ type: 'round.ended' });
    case 'hand.raise':
      return state.hands.includes(me) || state.floor?.personId === me
        ? ok()
        : ok({ type: 'hand.raised', personId: me });
    case 'hand.lower': {
      const whose = command.personId ?? me;
      if (whose !== me && actor.kind !== 'facilitator') return refuse('notAllowed', 'personId');
      return state.hands.includes(whose) ? ok({ type: 'hand.lowered', personId: whose }) : ok();
    }
    case 'floor.give': {
      if (state.round?.speaker) return refuse('roundRunning');
      const to = command.personId ?? state.hands[0];
      if (!to) return refuse('noHands');
      if (!isAdmitted(state, { personId: to, kind: state.people[to]?.kind ?? 'member' }))
        return refuse('notInRoom', 'personId');
      return ok({ type: 'floor.given', personId: to, deadline: deadline(now, command.seconds) });
    }
    case 'floor.end':
      return state.floor ? ok({ type: 'floor.ended' }) : ok();
    case 'voice.tap':
      if (command.personId !== null && !state.people[command.personId]) return refuse('notOnRoster', 'personId');
      return ok({ type: 'voice.tapped', personId: command.personId });
    case 'chat.post':
      if (state.chatOff.includes(me)) return refuse('notAllowed');
      return ok({
        type: 'chat.posted',
        messageId: context.newId(),
        personId: me,
        text: command.text,
        // A facilitator's own words are never held.
        ...(context.held && actor.kind === 'member' ? { held: true } : {}),
      });
    case 'chat.hide': {
      const message = state.chat.find((m) => m.messageId === command.messageId);
      if (!message) return refuse('notFound', 'messageId');
      return message.hidden ? ok() : ok({ type: 'chat.hidden', messageId: message.messageId });
    }
    case 'chat.release': {
      const message = state.chat.find((m) => m.messageId === command.messageId);
      if (!message) return refuse('notFound', 'messageId');
      return message.held ? ok({ type: 'chat.released', messageId: message.messageId }) : ok();
    }
    case 'chat.setOff':
      return state.chatOff.includes(me) === command.off
        ? ok()
        : ok({ type: 'chat.turnedOff', personId: me, off: command.off });
    case 'backChannel.post':
      return ok({ type: 'backChannel.posted', messageId: context.newId(), personId: me, text: command.text });
    case 'breakouts.form': {
      if (state.breakouts) return refuse('cannotForm');
      const here = present(state, 'member');
      let groups: string[][];
      if (command.method === 'by-hand') {
        groups = command.groups ?? [];
        const all = groups.flat();
        // Each person once, and only members admitted to the room (never someone still waiting).
        const admitted = (id: string) => member(id) && state.people[id]!.admission === 'admitted';
        if (all.length === 0 || new Set(all).size !== all.length || !all.every(admitted))
          return refuse('cannotForm', 'groups');
      } else {
        if (here.length < 2) return refuse('cannotForm');
        const apart = command.method === 'keep-apart' ? (command.apart ?? []) : [];
        let tries = 0;
        do {
          groups = chunk(context.shuffle(here), command.size);
          tries += 1;
        } while (!keepsApart(groups, apart) && tries < 200);
        if (!keepsApart(groups, apart)) return refuse('cannotForm', 'apart');
      }
      return ok({
        type: 'breakouts.formed',
        method: command.method,
        list: asBreakouts(groups, context, command.cardId ?? null),
        deadline: deadline(now, command.seconds),
      });
    }
    case 'breakouts.rotate':
      return state.breakouts ? ok({ type: 'breakouts.rotated' }) : refuse('noBreakouts');
    case 'breakouts.end':
      return state.breakouts ? ok({ type: 'breakouts.ended' }) : refuse('noBreakouts');
    case 'video.mute':
    case 'video.askUnmute': {
      // Only someone admitted is in the call; the server also mutes them in the media server (video.mute).
      const who = state.people[command.personId];
      if (!who) return refuse('notOnRoster', 'personId');
      if (who.admission !== 'admitted') return refuse('notInRoom', 'personId');
      return command.type === 'video.mute'
        ? ok({ type: 'video.muted', personId: command.personId, what: command.what })
        : ok({ type: 'video.unmuteAsked', personId: command.personId });
    }
    case 'video.spotlight': {
      const to = command.personId;
      if (to === state.video.spotlight) return ok();
      if (to !== null && !state.people[to]) return refuse('notOnRoster', 'personId');
      if (to !== null && state.people[to]!.admission !== 'admitted') return refuse('notInRoom', 'personId');
      return ok({ type: 'video.spotlit', personId: to });
    }
    case 'checkOut.start':
      return state.checkOut ? ok() : ok({ type: 'checkOut.started' });
    case 'safety.mark':
      // The server raises the alert and appends safety.marked with its id (it needs the database).
      if (!member(command.personId)) return refuse('notOnRoster', 'personId');
      return ok();
    case 'room.end':
      return ok({ type: 'room.ended' });
  }
}
