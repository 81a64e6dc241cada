/**
 * The live session room (docs/room.md, decision 0037): its state, the events that change it, and
 * what each viewer is shown. Pure and isomorphic: the server folds the persisted events into the
 * state and decides what to append (domain/room-decide.ts); every client folds the events it is
 * sent with the same `applyRoomEvent`, so a client and the server never disagree about a room.
 *
 * Every event carries the room's sequence number `seq` (1, 2, 3, … per room, no gaps in the
 * store) and the server's clock `at`. A viewer is sent only what they may see (`eventFor`), so the
 * seqs a member receives have gaps; they keep the last one and send it when they reconnect.
 */

/** Opening the room is allowed from this many minutes before the session starts. */
export const ROOM_OPENS_MINUTES = 30;

export const RoomLimits = {
  /** One chat message. */
  chat: 1000,
  /** One back-channel message between facilitators. */
  backChannel: 2000,
  /** The one word of a check-in (a word or two, really). */
  checkInWord: 40,
  /** "A part of me that is here". */
  checkInPart: 200,
  /** The short message a member sent back to the waiting room reads. */
  sendBack: 200,
  /** What a facilitator notes when marking a safety concern. */
  safetyNote: 1000,
  /** A client-chosen command id. */
  commandId: 64,
  /** The largest message a socket may send, in bytes. */
  messageBytes: 16 * 1024,
  /** Messages per second a socket may send (a burst of this many, refilled each second). */
  messagesPerSecond: 20,
  /** Turn, round and breakout timers: from 10 seconds to 3 hours. */
  timerSeconds: { min: 10, max: 3 * 3600 },
  /** A reconnecting client further behind than this many of its events gets a snapshot instead. */
  replayEvents: 500,
} as const;

export type PersonKind = 'member' | 'facilitator';
export type Admission = 'waiting' | 'admitted';
export type CheckInShare = 'group' | 'facilitators';
export type RoundKind = 'check-in' | 'talking';
export type BreakoutRole = 'speaker' | 'listener' | 'observer';
export type BreakoutMethod = 'random' | 'by-hand' | 'keep-apart';
export type RoomPhase = 'open' | 'ended';

/**
 * Someone who may be in the room: a member on the session's roster (personId = their membership
 * id) or one of the group's facilitators (personId = their user id). Shown by display name only.
 */
export interface RoomPerson {
  personId: string;
  kind: PersonKind;
  displayName: string;
  /** Facilitators are always admitted; members wait until a facilitator admits them. */
  admission: Admission;
  /** A socket of theirs is in the room now. */
  connected: boolean;
  /** The words a facilitator sent them back to the waiting room with (shown to them only). */
  sentBackMessage: string | null;
  /**
   * For the attendance suggestion (facilitators only): when first seen in the room (a socket of
   * theirs arriving, or, without one, being admitted, given a check-in or a turn) and last departure.
   */
  firstArrivedAt: string | null;
  lastLeftAt: string | null;
}

export interface CheckIn {
  personId: string;
  mood: number;
  word: string;
  part: string | null;
  share: CheckInShare;
  /** The facilitator who entered it for an in-person member, or null when the member gave it. */
  enteredBy: string | null;
  at: string;
}

export interface Round {
  roundId: string;
  kind: RoundKind;
  /** The talking order, personIds. */
  order: string[];
  /** Whoever holds the round's turn now. */
  speaker: string | null;
  /** When the current turn's time is up (server clock); null without a speaker. */
  turnDeadline: string | null;
  turnSeconds: number;
  /** When the whole round's time is up, if it has a limit. */
  roundDeadline: string | null;
  /** Who has had their turn, and who passed (without explanation). */
  spoken: string[];
  passed: string[];
}

export interface Floor {
  personId: string;
  since: string;
  deadline: string | null;
}

export interface ChatMessage {
  messageId: string;
  personId: string;
  text: string;
  at: string;
  /** Hidden by a facilitator: gone from members' screens, kept for the facilitators' summary. */
  hidden: boolean;
  /**
   * Held by crisis-language screening: shown only to its author and the facilitators until a
   * facilitator shows it to the group (docs/crisis-screening.md).
   */
  held: boolean;
  /** Screening held it when it was posted (it stays true once a facilitator shows it to the group). */
  screened: boolean;
}

export interface BackChannelMessage {
  messageId: string;
  personId: string;
  text: string;
  at: string;
}

export interface BreakoutMember {
  personId: string;
  role: BreakoutRole;
}

export interface Breakout {
  breakoutId: string;
  members: BreakoutMember[];
  /** The skill card the breakout practises (the server checks it is the practice's to use), or null. */
  cardId: string | null;
}

export interface Breakouts {
  method: BreakoutMethod;
  list: Breakout[];
  /** The one timer for every breakout. */
  deadline: string | null;
}

export interface Voice {
  /** Who has the floor now for share of voice, since when. */
  current: { personId: string; since: string } | null;
  /** Seconds and turns per person this session (finished stretches only; add `current` for now). */
  seconds: Record<string, number>;
  turns: Record<string, number>;
}

export interface SafetyMark {
  personId: string;
  alertId: string;
  by: string;
  at: string;
}

export interface RoomState {
  roomId: string;
  /** The seq of the last event folded in (0 before any). */
  seq: number;
  phase: RoomPhase;
  inPerson: boolean;
  people: Record<string, RoomPerson>;
  /** Raised hands, first come first served. */
  hands: string[];
  floor: Floor | null;
  round: Round | null;
  checkIns: Record<string, CheckIn>;
  chat: ChatMessage[];
  /** People who turned chat off for themselves. */
  chatOff: string[];
  backChannel: BackChannelMessage[];
  breakouts: Breakouts | null;
  checkOut: { startedAt: string; answered: string[] } | null;
  voice: Voice;
  safety: SafetyMark[];
  /** The call (domain/video.ts): whose tile a facilitator put in the spotlight for everyone. */
  video: { spotlight: string | null };
}

/** Fields every event carries. */
interface EventBase {
  roomId: string;
  seq: number;
  /** The server's clock when it was appended. */
  at: string;
  /** Who caused it (personId), or null for the server itself (a socket closing, a removal). */
  by: string | null;
}

export type RoomEventBody =
  | {
      type: 'room.opened';
      people: Array<Pick<RoomPerson, 'personId' | 'kind' | 'displayName'>>;
      inPerson: boolean;
    }
  | { type: 'room.ended' }
  | { type: 'person.arrived'; personId: string }
  | { type: 'person.left'; personId: string }
  | { type: 'person.admitted'; personIds: string[] }
  | { type: 'person.sentBack'; personId: string; message: string | null }
  | { type: 'person.removed'; personId: string }
  | { type: 'checkIn.given'; checkIn: Omit<CheckIn, 'at'> }
  | {
      type: 'round.started';
      roundId: string;
      kind: RoundKind;
      order: string[];
      turnSeconds: number;
      roundDeadline: string | null;
    }
  | { type: 'round.orderSet'; order: string[] }
  | { type: 'turn.started'; personId: string; deadline: string }
  | { type: 'turn.passed'; personId: string }
  | { type: 'turn.ended' }
  | { type: 'round.ended' }
  | { type: 'hand.raised'; personId: string }
  | { type: 'hand.lowered'; personId: string }
  | { type: 'floor.given'; personId: string; deadline: string | null }
  | { type: 'floor.ended' }
  | { type: 'voice.tapped'; personId: string | null }
  | { type: 'chat.posted'; messageId: string; personId: string; text: string; held?: boolean }
  | { type: 'chat.hidden'; messageId: string }
  /** A facilitator showed a held message to the group. */
  | { type: 'chat.released'; messageId: string }
  | { type: 'chat.turnedOff'; personId: string; off: boolean }
  | { type: 'backChannel.posted'; messageId: string; personId: string; text: string }
  | { type: 'breakouts.formed'; method: BreakoutMethod; list: Breakout[]; deadline: string | null }
  | { type: 'breakouts.rotated' }
  | { type: 'breakouts.ended' }
  | { type: 'checkOut.started' }
  | { type: 'checkOut.answered'; personId: string }
  | { type: 'safety.marked'; personId: string; alertId: string }
  /** A facilitator muted someone's microphone or camera in the call (the media server stopped it too). */
  | { type: 'video.muted'; personId: string; what: 'audio' | 'video' }
  /** A facilitator asks someone to unmute; their browser asks them, never unmutes by force. */
  | { type: 'video.unmuteAsked'; personId: string }
  | { type: 'video.spotlit'; personId: string | null };

export type RoomEventType = RoomEventBody['type'];
export type RoomEvent = EventBase & RoomEventBody;

/** Who is looking: a member (by membership id) or a facilitator (by user id). */
export interface RoomViewer {
  personId: string;
  kind: PersonKind;
}

/** The room before any event. */
export function emptyRoom(roomId: string): RoomState {
  return {
    roomId,
    seq: 0,
    phase: 'open',
    inPerson: false,
    people: {},
    hands: [],
    floor: null,
    round: null,
    checkIns: {},
    chat: [],
    chatOff: [],
    backChannel: [],
    breakouts: null,
    checkOut: null,
    voice: { current: null, seconds: {}, turns: {} },
    safety: [],
    video: { spotlight: null },
  };
}

const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** Ends the current share-of-voice stretch at `at` and, when `next` is someone, starts theirs. */
function voiceTo(voice: Voice, next: string | null, at: string): Voice {
  if (voice.current?.personId === next) return voice;
  const secondsBy = { ...voice.seconds };
  const turns = { ...voice.turns };
  if (voice.current) {
    const id = voice.current.personId;
    secondsBy[id] = (secondsBy[id] ?? 0) + seconds(voice.current.since, at);
  }
  if (next !== null) turns[next] = (turns[next] ?? 0) + 1;
  return { current: next === null ? null : { personId: next, since: at }, seconds: secondsBy, turns };
}

const without = (list: readonly string[], id: string) => list.filter((x) => x !== id);
const withOnce = (list: readonly string[], id: string) => (list.includes(id) ? [...list] : [...list, id]);

function person(state: RoomState, id: string, change: Partial<RoomPerson>): RoomState {
  const current = state.people[id];
  if (!current) return state;
  return { ...state, people: { ...state.people, [id]: { ...current, ...change } } };
}

/**
 * Marks someone seen in the room at `at` if not seen before: in an in-person room (or a hybrid one,
 * for whoever sits in it) being admitted, given a check-in or a turn is the arrival no socket makes.
 */
function seen(state: RoomState, id: string, at: string): RoomState {
  const current = state.people[id];
  return current && !current.firstArrivedAt ? person(state, id, { firstArrivedAt: at }) : state;
}

/** The roles of a breakout after one rotation: each member takes the next member's role. */
export function rotateRoles(members: readonly BreakoutMember[]): BreakoutMember[] {
  return members.map((m, i) => ({ personId: m.personId, role: members[(i + 1) % members.length]!.role }));
}

/**
 * The room after one event. Total: an event that does not fit the state (a person the viewer was
 * never told of) changes what it can and leaves the rest, so a member's partial view folds too.
 */
export function applyRoomEvent(state: RoomState, event: RoomEvent): RoomState {
  const s: RoomState = { ...state, seq: Math.max(state.seq, event.seq) };
  const at = event.at;
  switch (event.type) {
    case 'room.opened': {
      const people: Record<string, RoomPerson> = {};
      for (const p of event.people) {
        people[p.personId] = {
          ...p,
          admission: p.kind === 'facilitator' ? 'admitted' : 'waiting',
          connected: false,
          sentBackMessage: null,
          firstArrivedAt: null,
          lastLeftAt: null,
        };
      }
      return { ...s, people, inPerson: event.inPerson };
    }
    case 'room.ended':
      return {
        ...s,
        phase: 'ended',
        floor: null,
        round: null,
        hands: [],
        breakouts: null,
        voice: voiceTo(s.voice, null, at),
        video: { spotlight: null },
      };
    case 'person.arrived': {
      const p = s.people[event.personId];
      return person(s, event.personId, { connected: true, firstArrivedAt: p?.firstArrivedAt ?? at });
    }
    case 'person.left': {
      const left = person(s, event.personId, { connected: false, lastLeftAt: at });
      return { ...left, hands: without(left.hands, event.personId) };
    }
    case 'person.admitted': {
      let next = s;
      for (const id of event.personIds)
        next = seen(person(next, id, { admission: 'admitted', sentBackMessage: null }), id, at);
      return next;
    }
    case 'person.sentBack': {
      const back = person(s, event.personId, { admission: 'waiting', sentBackMessage: event.message });
      return leaveTalk(back, event.personId, at);
    }
    case 'person.removed': {
      const rest = { ...s.people };
      delete rest[event.personId];
      return leaveTalk({ ...s, people: rest, chatOff: without(s.chatOff, event.personId) }, event.personId, at);
    }
    case 'checkIn.given':
      return seen(
        { ...s, checkIns: { ...s.checkIns, [event.checkIn.personId]: { ...event.checkIn, at } } },
        event.checkIn.personId,
        at,
      );
    case 'round.started':
      return {
        ...s,
        round: {
          roundId: event.roundId,
          kind: event.kind,
          order: [...event.order],
          speaker: null,
          turnDeadline: null,
          turnSeconds: event.turnSeconds,
          roundDeadline: event.roundDeadline,
          spoken: [],
          passed: [],
        },
      };
    case 'round.orderSet':
      return s.round ? { ...s, round: { ...s.round, order: [...event.order] } } : s;
    case 'turn.started':
      return s.round
        ? {
            ...s,
            ...seen(s, event.personId, at),
            round: { ...s.round, speaker: event.personId, turnDeadline: event.deadline },
            voice: voiceTo(s.voice, event.personId, at),
          }
        : s;
    case 'turn.passed': {
      if (!s.round) return s;
      const current = s.round.speaker === event.personId;
      return {
        ...s,
        round: {
          ...s.round,
          passed: withOnce(s.round.passed, event.personId),
          speaker: current ? null : s.round.speaker,
          turnDeadline: current ? null : s.round.turnDeadline,
        },
        voice: current ? voiceTo(s.voice, null, at) : s.voice,
      };
    }
    case 'turn.ended': {
      if (!s.round?.speaker) return s;
      return {
        ...s,
        round: { ...s.round, spoken: withOnce(s.round.spoken, s.round.speaker), speaker: null, turnDeadline: null },
        voice: voiceTo(s.voice, null, at),
      };
    }
    case 'round.ended':
      return { ...s, round: null, voice: s.round?.speaker ? voiceTo(s.voice, null, at) : s.voice };
    case 'hand.raised':
      return { ...s, hands: withOnce(s.hands, event.personId) };
    case 'hand.lowered':
      return { ...s, hands: without(s.hands, event.personId) };
    case 'floor.given':
      return {
        ...seen(s, event.personId, at),
        hands: without(s.hands, event.personId),
        floor: { personId: event.personId, since: at, deadline: event.deadline },
        voice: voiceTo(s.voice, event.personId, at),
      };
    case 'floor.ended':
      return { ...s, floor: null, voice: s.floor ? voiceTo(s.voice, null, at) : s.voice };
    case 'voice.tapped':
      return {
        ...(event.personId ? seen(s, event.personId, at) : s),
        voice: voiceTo(s.voice, event.personId, at),
      };
    case 'chat.posted':
      return {
        ...s,
        chat: [
          ...s.chat,
          {
            messageId: event.messageId,
            personId: event.personId,
            text: event.text,
            at,
            hidden: false,
            held: event.held === true,
            screened: event.held === true,
          },
        ],
      };
    case 'chat.released':
      return { ...s, chat: s.chat.map((m) => (m.messageId === event.messageId ? { ...m, held: false } : m)) };
    case 'chat.hidden':
      return { ...s, chat: s.chat.map((m) => (m.messageId === event.messageId ? { ...m, hidden: true } : m)) };
    case 'chat.turnedOff':
      return {
        ...s,
        chatOff: event.off ? withOnce(s.chatOff, event.personId) : without(s.chatOff, event.personId),
      };
    case 'backChannel.posted':
      return {
        ...s,
        backChannel: [...s.backChannel, { messageId: event.messageId, personId: event.personId, text: event.text, at }],
      };
    case 'breakouts.formed':
      return {
        ...s,
        breakouts: {
          method: event.method,
          deadline: event.deadline,
          list: event.list.map((b) => ({ ...b, members: b.members.map((m) => ({ ...m })) })),
        },
      };
    case 'breakouts.rotated':
      return s.breakouts
        ? {
            ...s,
            breakouts: {
              ...s.breakouts,
              list: s.breakouts.list.map((b) => ({ ...b, members: rotateRoles(b.members) })),
            },
          }
        : s;
    case 'breakouts.ended':
      return { ...s, breakouts: null };
    case 'checkOut.started':
      return { ...s, checkOut: s.checkOut ?? { startedAt: at, answered: [] } };
    case 'checkOut.answered':
      return s.checkOut
        ? { ...s, checkOut: { ...s.checkOut, answered: withOnce(s.checkOut.answered, event.personId) } }
        : s;
    case 'safety.marked':
      return {
        ...s,
        safety: [...s.safety, { personId: event.personId, alertId: event.alertId, by: event.by ?? '', at }],
      };
    case 'video.muted':
    case 'video.unmuteAsked':
      // Said to the named person's browser; the room itself does not change.
      return s;
    case 'video.spotlit':
      return { ...s, video: { spotlight: event.personId } };
  }
}

/** Someone leaving the talk (sent back or removed): out of the queue, the floor, the round and breakouts. */
function leaveTalk(s: RoomState, id: string, at: string): RoomState {
  const floor = s.floor?.personId === id ? null : s.floor;
  let round = s.round;
  if (round) {
    round = {
      ...round,
      order: without(round.order, id),
      speaker: round.speaker === id ? null : round.speaker,
      turnDeadline: round.speaker === id ? null : round.turnDeadline,
    };
  }
  const breakouts = s.breakouts
    ? {
        ...s.breakouts,
        list: s.breakouts.list
          .map((b) => ({ ...b, members: b.members.filter((m) => m.personId !== id) }))
          .filter((b) => b.members.length > 0),
      }
    : null;
  const voice = s.voice.current?.personId === id ? voiceTo(s.voice, null, at) : s.voice;
  const video = s.video.spotlight === id ? { spotlight: null } : s.video;
  return { ...s, hands: without(s.hands, id), floor, round, breakouts, voice, video };
}

/** Folds events (in seq order) from a state. */
export function foldRoom(state: RoomState, events: readonly RoomEvent[]): RoomState {
  return events.reduce(applyRoomEvent, state);
}

/** Whether a viewer is in the room proper (a facilitator, or an admitted member on the roster). */
export function isAdmitted(state: RoomState, viewer: RoomViewer): boolean {
  const p = state.people[viewer.personId];
  return !!p && p.kind === viewer.kind && p.admission === 'admitted';
}

/**
 * What a viewer is shown of the room. A facilitator sees everything. A member still waiting sees
 * only themself and whether the room is open. An admitted member sees the people (by display
 * name, with connection state), the talk, the check-ins shared with the group and their own,
 * chat without hidden messages (nor held ones but their own), their own breakout only, and never the back-channel, share of
 * voice, safety marks, attendance times or other people's check-out and chat settings.
 */
export function viewOf(state: RoomState, viewer: RoomViewer): RoomState {
  if (viewer.kind === 'facilitator') return state;
  const self = state.people[viewer.personId];
  const base = emptyRoom(state.roomId);
  if (!self || self.admission !== 'admitted') {
    return {
      ...base,
      seq: state.seq,
      phase: state.phase,
      inPerson: state.inPerson,
      people: self ? { [self.personId]: { ...self, firstArrivedAt: null, lastLeftAt: null } } : {},
    };
  }
  const people: Record<string, RoomPerson> = {};
  for (const p of Object.values(state.people)) {
    people[p.personId] = {
      ...p,
      firstArrivedAt: null,
      lastLeftAt: null,
      sentBackMessage: p.personId === viewer.personId ? p.sentBackMessage : null,
    };
  }
  const checkIns: Record<string, CheckIn> = {};
  for (const c of Object.values(state.checkIns)) {
    if (c.share === 'group' || c.personId === viewer.personId) checkIns[c.personId] = c;
  }
  return {
    ...base,
    seq: state.seq,
    phase: state.phase,
    inPerson: state.inPerson,
    people,
    hands: state.hands,
    floor: state.floor,
    round: state.round,
    checkIns,
    // Chat turned off: none of it is sent to them until they turn it on again.
    chat: state.chatOff.includes(viewer.personId)
      ? []
      : state.chat.filter((m) => !m.hidden && (!m.held || m.personId === viewer.personId)),
    chatOff: state.chatOff.filter((id) => id === viewer.personId),
    breakouts: state.breakouts && {
      ...state.breakouts,
      list: state.breakouts.list.filter((b) => b.members.some((m) => m.personId === viewer.personId)),
    },
    checkOut: state.checkOut && {
      ...state.checkOut,
      answered: state.checkOut.answered.filter((id) => id === viewer.personId),
    },
    video: state.video,
  };
}

/** Whether this event changes the viewer's own admission or chat setting: they are then sent a snapshot instead. */
export function changesAdmissionOf(event: RoomEvent, viewer: RoomViewer): boolean {
  if (viewer.kind !== 'member') return false;
  if (event.type === 'person.admitted') return event.personIds.includes(viewer.personId);
  // Turning their own chat back on brings them the chat so far.
  if (event.type === 'chat.turnedOff') return event.personId === viewer.personId;
  // A held message shown to the group: it comes to the others with the chat so far, in its place.
  if (event.type === 'chat.released') return true;
  return (event.type === 'person.sentBack' || event.type === 'person.removed') && event.personId === viewer.personId;
}

const FACILITATORS_ONLY: ReadonlySet<RoomEventType> = new Set(['backChannel.posted', 'voice.tapped', 'safety.marked']);

/**
 * The event as the viewer is sent it, or null when they are not sent it. `before` is the room
 * just before the event. A member is sent nothing about others while waiting (their own
 * admission changing is answered with a snapshot: see changesAdmissionOf).
 */
export function eventFor(event: RoomEvent, before: RoomState, viewer: RoomViewer): RoomEvent | null {
  if (viewer.kind === 'facilitator') return event;
  const me = viewer.personId;
  if (!isAdmitted(before, viewer)) {
    if (event.type === 'room.ended') return event;
    if ((event.type === 'person.arrived' || event.type === 'person.left') && event.personId === me) return event;
    return null;
  }
  if (FACILITATORS_ONLY.has(event.type)) return null;
  switch (event.type) {
    case 'person.sentBack':
      return event.personId === me ? event : { ...event, message: null };
    case 'checkIn.given':
      return event.checkIn.share === 'group' || event.checkIn.personId === me ? event : null;
    case 'chat.posted':
      if (event.held && event.personId !== me) return null;
      return before.chatOff.includes(me) ? null : event;
    case 'chat.hidden':
      return before.chatOff.includes(me) ? null : event;
    case 'chat.turnedOff':
    case 'checkOut.answered':
      return event.personId === me ? event : null;
    case 'breakouts.formed':
      return { ...event, list: event.list.filter((b) => b.members.some((m) => m.personId === me)) };
    default:
      return event;
  }
}

/** Share of voice until `now`: seconds (including the stretch still running) and turns per person. */
export function voiceUntil(voice: Voice, now: string): Array<{ personId: string; seconds: number; turns: number }> {
  const ids = new Set([...Object.keys(voice.seconds), ...Object.keys(voice.turns)]);
  if (voice.current) ids.add(voice.current.personId);
  return [...ids].map((personId) => ({
    personId,
    seconds:
      (voice.seconds[personId] ?? 0) + (voice.current?.personId === personId ? seconds(voice.current.since, now) : 0),
    turns: voice.turns[personId] ?? 0,
  }));
}

/** Admitted members who have not had the floor this session: the quiet ones, for the facilitators. */
export function quietMembers(state: RoomState): string[] {
  return Object.values(state.people)
    .filter((p) => p.kind === 'member' && p.admission === 'admitted' && !state.voice.turns[p.personId])
    .map((p) => p.personId);
}

/**
 * Who the room suggests was present, late or absent, from when each was first seen (facilitators
 * confirm at the end). In an in-person room members never connect, so one never seen (not admitted,
 * no check-in, no turn) is left unsuggested (null) for the facilitator to decide, not marked absent.
 */
export function attendanceSuggestion(
  person: Pick<RoomPerson, 'firstArrivedAt' | 'lastLeftAt' | 'connected'>,
  session: { startsAt: string; endsAt: string },
  inPerson = false,
  lateAfterMinutes = 10,
  earlyBeforeMinutes = 10,
): 'present' | 'late' | 'left-early' | 'absent-unexcused' | null {
  if (!person.firstArrivedAt) return inPerson ? null : 'absent-unexcused';
  if (Date.parse(person.firstArrivedAt) > Date.parse(session.startsAt) + lateAfterMinutes * 60_000) return 'late';
  if (
    !person.connected &&
    person.lastLeftAt &&
    Date.parse(person.lastLeftAt) < Date.parse(session.endsAt) - earlyBeforeMinutes * 60_000
  )
    return 'left-early';
  return 'present';
}

/**
 * Whether a check-in the member was shown (shared with the group) is replaced by one kept for the
 * facilitators: they are then sent a snapshot without it, never the private one.
 */
function withdrawsCheckIn(event: RoomEvent, before: RoomState, viewer: RoomViewer): boolean {
  return (
    viewer.kind === 'member' &&
    event.type === 'checkIn.given' &&
    event.checkIn.share === 'facilitators' &&
    event.checkIn.personId !== viewer.personId &&
    before.checkIns[event.checkIn.personId]?.share === 'group' &&
    isAdmitted(before, viewer)
  );
}

/** What a viewer is sent: one event, or the whole room as they see it. */
export type RoomDelivery = { kind: 'event'; event: RoomEvent } | { kind: 'snapshot'; state: RoomState };

/**
 * What one new event means for one viewer, given the room just before and just after it: the
 * event cut to what they see, a snapshot when their own admission changed, or nothing.
 */
export function deliveryFor(
  event: RoomEvent,
  before: RoomState,
  after: RoomState,
  viewer: RoomViewer,
): RoomDelivery | null {
  if (changesAdmissionOf(event, viewer) || withdrawsCheckIn(event, before, viewer))
    return { kind: 'snapshot', state: viewOf(after, viewer) };
  const cut = eventFor(event, before, viewer);
  return cut && { kind: 'event', event: cut };
}

/**
 * What a viewer who last received `lastSeq` must be sent to catch up with the room's log: the
 * missed events in order (each once), or a snapshot when they have none yet, are too far behind,
 * or their admission changed meanwhile. `events` is the room's whole log in seq order.
 */
export function catchUp(
  roomId: string,
  events: readonly RoomEvent[],
  viewer: RoomViewer,
  lastSeq: number,
  limit: number = RoomLimits.replayEvents,
): RoomDelivery[] {
  let state = emptyRoom(roomId);
  const head = events.at(-1)?.seq ?? 0;
  const out: RoomDelivery[] = [];
  if (lastSeq <= 0 || lastSeq > head) return [{ kind: 'snapshot', state: viewOf(foldRoom(state, events), viewer) }];
  for (const event of events) {
    const after = applyRoomEvent(state, event);
    if (event.seq > lastSeq) {
      const delivery = deliveryFor(event, state, after, viewer);
      if (delivery?.kind === 'snapshot' || out.length >= limit)
        return [{ kind: 'snapshot', state: viewOf(foldRoom(state, events.slice(events.indexOf(event))), viewer) }];
      if (delivery) out.push(delivery);
    }
    state = after;
  }
  return out;
}
