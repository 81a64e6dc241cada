import { z } from 'zod';
import { RoomLimits, type RoomEvent, type RoomState } from './room.js';

/**
 * The room's wire protocol over the one WebSocket (`/api/realtime`): what a client sends and what
 * the server sends back (docs/room.md). Every message is `{ type, data }` like the socket's other
 * messages. The server validates each client message with these schemas; the client may validate
 * what it receives with them too.
 */

const id = z
  .string()
  .min(1)
  .max(RoomLimits.commandId)
  .regex(/^[A-Za-z0-9_-]+$/, 'problem.room.id');
const personId = z.string().min(1).max(64);
const text = (max: number) =>
  z.string().trim().min(1, 'problem.field.required').max(max, 'problem.field.atMostCharacters');
const timer = z.number().int().min(RoomLimits.timerSeconds.min).max(RoomLimits.timerSeconds.max);

const checkInFields = {
  mood: z.number().int().min(0).max(10),
  word: text(RoomLimits.checkInWord),
  part: z.string().trim().max(RoomLimits.checkInPart, 'problem.field.atMostCharacters').nullable().optional(),
  share: z.enum(['group', 'facilitators']),
};

/** What someone in the room asks for. Who may ask for what: ROOM_COMMAND_ROLES. */
export const RoomCommandSchema = z.discriminatedUnion('type', [
  // Waiting room (facilitators)
  z.object({ type: z.literal('admit'), personIds: z.array(personId).min(1).max(200) }),
  z.object({ type: z.literal('admitAll') }),
  z.object({
    type: z.literal('sendBack'),
    personId,
    message: z.string().trim().max(RoomLimits.sendBack, 'problem.field.atMostCharacters').nullable().optional(),
  }),
  // Check-in: a member gives their own; a facilitator may enter one for a member (in person)
  z.object({ type: z.literal('checkIn.give'), ...checkInFields }),
  z.object({ type: z.literal('checkIn.enter'), personId, ...checkInFields }),
  // Rounds and turns (facilitators, except pass)
  z.object({
    type: z.literal('round.start'),
    kind: z.enum(['check-in', 'talking']),
    /** The talking order; omitted: everyone admitted and connected, in roster order. */
    order: z.array(personId).max(200).optional(),
    shuffle: z.boolean().optional(),
    turnSeconds: timer,
    roundSeconds: timer.nullable().optional(),
  }),
  z.object({ type: z.literal('round.setOrder'), order: z.array(personId).max(200) }),
  z.object({ type: z.literal('round.shuffle') }),
  /** The current speaker is done; the next in order who has not spoken or passed takes the turn. */
  z.object({ type: z.literal('turn.next') }),
  /** Pass: the speaker (or anyone still to speak) passes; always allowed, never explained. */
  z.object({ type: z.literal('turn.pass') }),
  z.object({ type: z.literal('round.end') }),
  // Hands and the floor
  z.object({ type: z.literal('hand.raise') }),
  /** Lowers one's own hand; a facilitator may name someone else's. */
  z.object({ type: z.literal('hand.lower'), personId: personId.optional() }),
  /** Gives the floor to someone, or (without personId) to the first raised hand. */
  z.object({ type: z.literal('floor.give'), personId: personId.optional(), seconds: timer.nullable().optional() }),
  z.object({ type: z.literal('floor.end') }),
  // Share of voice (facilitators): who is speaking now, or nobody
  z.object({ type: z.literal('voice.tap'), personId: personId.nullable() }),
  // Chat
  z.object({ type: z.literal('chat.post'), text: text(RoomLimits.chat) }),
  z.object({ type: z.literal('chat.hide'), messageId: id }),
  /** Shows a message held by crisis-language screening to the group (facilitators). */
  z.object({ type: z.literal('chat.release'), messageId: id }),
  z.object({ type: z.literal('chat.setOff'), off: z.boolean() }),
  // Back-channel (facilitators only)
  z.object({ type: z.literal('backChannel.post'), text: text(RoomLimits.backChannel) }),
  // Breakouts (facilitators)
  z.object({
    type: z.literal('breakouts.form'),
    size: z.union([z.literal(2), z.literal(3)]),
    method: z.enum(['random', 'by-hand', 'keep-apart']),
    /** by-hand: the groups, each 2 or 3 personIds, first is speaker, then listener, then observer. */
    groups: z.array(z.array(personId).min(2).max(3)).max(100).optional(),
    /** keep-apart: pairs of people never put together. */
    apart: z
      .array(z.tuple([personId, personId]))
      .max(200)
      .optional(),
    seconds: timer.nullable().optional(),
    /** A skill card the pairs or triads practise (docs/skills.md, "For the live room"). */
    cardId: z.string().trim().min(1).max(80).nullable().optional(),
  }),
  z.object({ type: z.literal('breakouts.rotate') }),
  z.object({ type: z.literal('breakouts.end') }),
  // The call (facilitators): mute someone in the media server, ask them to unmute, spotlight a tile
  z.object({ type: z.literal('video.mute'), personId, what: z.enum(['audio', 'video']) }),
  z.object({ type: z.literal('video.askUnmute'), personId }),
  z.object({ type: z.literal('video.spotlight'), personId: personId.nullable() }),
  // Ending
  z.object({ type: z.literal('checkOut.start') }),
  z.object({ type: z.literal('safety.mark'), personId, note: z.string().trim().max(RoomLimits.safetyNote).optional() }),
  z.object({ type: z.literal('room.end') }),
]);
export type RoomCommand = z.infer<typeof RoomCommandSchema>;
export type RoomCommandType = RoomCommand['type'];

/** Who may send each command. (A member must also be admitted; see docs/room.md.) */
export const ROOM_COMMAND_ROLES: Record<RoomCommandType, ReadonlyArray<'member' | 'facilitator'>> = {
  admit: ['facilitator'],
  admitAll: ['facilitator'],
  sendBack: ['facilitator'],
  'checkIn.give': ['member'],
  'checkIn.enter': ['facilitator'],
  'round.start': ['facilitator'],
  'round.setOrder': ['facilitator'],
  'round.shuffle': ['facilitator'],
  'turn.next': ['facilitator'],
  'turn.pass': ['member', 'facilitator'],
  'round.end': ['facilitator'],
  'hand.raise': ['member'],
  'hand.lower': ['member', 'facilitator'],
  'floor.give': ['facilitator'],
  'floor.end': ['facilitator'],
  'voice.tap': ['facilitator'],
  'chat.post': ['member', 'facilitator'],
  'chat.hide': ['facilitator'],
  'chat.release': ['facilitator'],
  'chat.setOff': ['member', 'facilitator'],
  'backChannel.post': ['facilitator'],
  'breakouts.form': ['facilitator'],
  'breakouts.rotate': ['facilitator'],
  'breakouts.end': ['facilitator'],
  'video.mute': ['facilitator'],
  'video.askUnmute': ['facilitator'],
  'video.spotlight': ['facilitator'],
  'checkOut.start': ['facilitator'],
  'safety.mark': ['facilitator'],
  'room.end': ['facilitator'],
};

/** Client → server messages on /api/realtime. */
export const RoomClientMessageSchema = z.discriminatedUnion('type', [
  /** Enter (or re-enter) a room; `lastSeq` is the last seq this client received, 0 or absent for none. */
  z.object({
    type: z.literal('room.join'),
    data: z.object({ roomId: id, lastSeq: z.number().int().min(0).max(2_147_483_647).optional() }),
  }),
  z.object({ type: z.literal('room.leave'), data: z.object({ roomId: id }) }),
  /** `id` is chosen by the client (a UUID) and makes the command idempotent: a repeat is acknowledged, not done twice. */
  z.object({
    type: z.literal('room.command'),
    data: z.object({ roomId: id, id, command: RoomCommandSchema }),
  }),
]);
export type RoomClientMessage = z.infer<typeof RoomClientMessageSchema>;

/** Why the server refused a message (catalog keys `problem.room.<code>` on the server, `room.problem.<code>` in the app). */
export const ROOM_PROBLEMS = [
  'invalid',
  'tooLarge',
  'tooFast',
  'notFound',
  'notOnRoster',
  'notAllowed',
  'waiting',
  'ended',
  'notYourTurn',
  'noRound',
  'roundRunning',
  'noHands',
  'notInRoom',
  'noBreakouts',
  'cannotForm',
  'checkInTaken',
  'noCheckOut',
  'notMember',
] as const;
export type RoomProblem = (typeof ROOM_PROBLEMS)[number];

/** Server → client messages on /api/realtime. */
export type RoomServerMessage =
  /** One event, already cut to what this viewer may see (domain/room.ts eventFor). */
  | { type: 'room.event'; data: RoomEvent }
  /**
   * The whole room as this viewer sees it (viewOf), on joining, when a reconnecting client is too
   * far behind, and when the viewer's own admission changes. `you` says who the viewer is in it.
   * `serverNow` lets the client count down from deadlines on the server's clock.
   */
  | {
      type: 'room.snapshot';
      data: { state: RoomState; you: { personId: string; kind: 'member' | 'facilitator' }; serverNow: string };
    }
  /** A command was done (or had been done before: `repeated`), up to the room's event `seq`. */
  | { type: 'room.ack'; data: { roomId: string; id: string; seq: number; repeated: boolean } }
  /** A message was refused; the room carries on. `id` is the command's when there was one. */
  | {
      type: 'room.error';
      data: { roomId: string | null; id: string | null; problem: RoomProblem; field?: string };
    }
  /** This socket is out of the room: removed from the group, account disabled, or the room ended. */
  | { type: 'room.closed'; data: { roomId: string; reason: 'removed' | 'ended' | 'left' } };
