import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Transaction } from 'kysely';
import {
  applyRoomEvent,
  catchUp,
  deliveryFor,
  emptyRoom,
  foldRoom,
  RoomLimits,
  voiceUntil,
  type RoomDelivery,
  type RoomEvent,
  type RoomState,
  type RoomViewer,
} from '../../../domain/room.js';
import { decideRoomCommand, type Decision } from '../../../domain/room-decide.js';
import {
  RoomClientMessageSchema,
  type RoomCommand,
  type RoomProblem,
  type RoomServerMessage,
} from '../../../domain/room-protocol.js';
import type { Database } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { boolValue } from '../../db/values.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { Broker, RealtimeMessage } from '../../platform/realtime/broker.js';
import { announceSpaceChange } from '../../platform/realtime/changes.js';
import { raiseMemberAlert } from '../alerts/member-alert.js';
import { screenForPractice } from '../lexicon/lexicon.service.js';
import { cardById } from '../skills/skills.service.js';
import { expectedAt, historiesOf } from '../schedule/schedule.service.js';
import {
  advanceRoom,
  endBreakouts,
  eventsAfter,
  facilitatorsOf,
  findCommand,
  findRoom,
  hideChat,
  insertBackChannel,
  insertBreakouts,
  insertChat,
  insertCommand,
  insertEvents,
  lockRoom,
  membersOf,
  noLongerIn,
  saveCheckIn,
  saveVoice,
  staleRooms,
  updateBreakout,
  type RoomRow,
} from './room.repository.js';

export interface RoomHubContext {
  database: Database;
  broker: Broker;
  cipher: ClinicalCipher;
  audit: AuditLog;
  jobs: JobQueue;
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>;
}

/** The broker room an instance hears a live room's events in. */
export const roomChannel = (roomId: string) => `room:${roomId}`;
const EVENTS = 'room.events';
/** How often sockets' people are checked against the group and their account (removal within 2 s). */
const REMOVAL_CHECK_MS = 750;
/**
 * A room left open this long after its session's end is ended by the server, as if a facilitator
 * had pressed End: members stop seeing "Join", and share of voice is saved.
 */
export const STALE_ROOM_MS = 60 * 60_000;
const STALE_SWEEP_MS = 5 * 60_000;

type Send = (message: RoomServerMessage) => void;

/** One socket's presence in one room. */
interface Attendee {
  viewer: RoomViewer;
  userId: string;
  send: Send;
}

/** Who someone is in a room, from their account: a facilitator of its group, a member on its roster, or nobody. */
export async function whoIsIn(database: Database, room: RoomRow, viewer: Viewer): Promise<RoomViewer | null> {
  const db = database.db;
  const facilitators = await facilitatorsOf(db, room.groupId);
  if (facilitators.some((f) => f.id === viewer.userId)) return { personId: viewer.userId, kind: 'facilitator' };
  if (viewer.role !== 'member') return null;
  const membership = (await membersOf(db, room.groupId)).find((m) => m.userId === viewer.userId);
  if (!membership) return null;
  const onRoster = expectedAt(await historiesOf(db, [room.groupId]), {
    groupId: room.groupId,
    startsAt: room.startsAt,
  }).includes(membership.id);
  if (!onRoster || (await noLongerIn(db, room.practiceId, [membership.id])).length) return null;
  return { personId: membership.id, kind: 'member' };
}

/** The people a room opens with: the session's roster on its date, by display name, and the group's facilitators. */
export async function roomPeople(database: Database, room: { groupId: string; startsAt: Date | string }) {
  const db = database.db;
  const [members, facilitators, history] = await Promise.all([
    membersOf(db, room.groupId),
    facilitatorsOf(db, room.groupId),
    historiesOf(db, [room.groupId]),
  ]);
  const roster = new Set(expectedAt(history, { groupId: room.groupId, startsAt: room.startsAt }));
  return [
    ...members
      .filter((m) => roster.has(m.id) && m.userId && !m.erasedAt)
      // Never an e-mail or a legal name: the name they chose for the group.
      .map((m) => ({ personId: m.id, kind: 'member' as const, displayName: m.displayName ?? '' })),
    ...facilitators.map((f) => ({ personId: f.id, kind: 'facilitator' as const, displayName: f.name })),
  ];
}

/**
 * A room as this instance holds it: the log, the state folded from it, and the sockets here. Events
 * reach it from this instance's own appends and from the broker (other instances); each is applied
 * once, in seq order: an event ahead of a gap waits while the gap is read from the database.
 */
class LiveRoom {
  log: RoomEvent[] = [];
  state: RoomState;
  readonly attendees = new Set<Attendee>();
  #pending = new Map<number, RoomEvent>();
  #filling: Promise<void> | null = null;
  /** Appends on this instance, one at a time (other instances wait on the row lock). */
  queue: Promise<unknown> = Promise.resolve();
  unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    readonly row: RoomRow,
    private readonly hub: RoomHub,
  ) {
    this.state = emptyRoom(row.id);
  }

  get head(): number {
    return this.log.at(-1)?.seq ?? 0;
  }

  receive(events: readonly RoomEvent[]): void {
    for (const event of events) if (event.seq > this.head) this.#pending.set(event.seq, event);
    for (let next = this.#pending.get(this.head + 1); next; next = this.#pending.get(this.head + 1)) {
      this.#pending.delete(next.seq);
      this.#apply(next);
    }
    for (const seq of this.#pending.keys()) if (seq <= this.head) this.#pending.delete(seq);
    if (this.#pending.size > 0) void this.fill();
  }

  /** Reads from the database whatever this instance missed (a gap, or the broker being away). */
  fill(): Promise<void> {
    this.#filling ??= this.hub
      .readEvents(this.row.id, this.head)
      .then((events) => this.receive(events))
      .catch((error: unknown) => this.hub.context.log.warn({ err: error }, 'room: could not read missed events'))
      .finally(() => {
        this.#filling = null;
      });
    return this.#filling;
  }

  #apply(event: RoomEvent): void {
    const before = this.state;
    this.state = applyRoomEvent(before, event);
    this.log.push(event);
    // Most viewers are sent the event itself: one message object for them all, serialised once.
    const shared: RoomServerMessage = { type: 'room.event', data: event };
    for (const attendee of [...this.attendees]) {
      const delivery = deliveryFor(event, before, this.state, attendee.viewer);
      if (delivery)
        attendee.send(
          delivery.kind === 'event' && delivery.event === event ? shared : message(delivery, attendee.viewer),
        );
      const removed = event.type === 'person.removed' && event.personId === attendee.viewer.personId;
      if (removed || (event.type === 'room.ended' && attendee.viewer.kind === 'member')) {
        attendee.send({ type: 'room.closed', data: { roomId: this.row.id, reason: removed ? 'removed' : 'ended' } });
        this.hub.detach(this, attendee, false);
      }
    }
  }
}

function message(delivery: RoomDelivery, viewer: RoomViewer): RoomServerMessage {
  return delivery.kind === 'event'
    ? { type: 'room.event', data: delivery.event }
    : { type: 'room.snapshot', data: { state: delivery.state, you: viewer, serverNow: new Date().toISOString() } };
}

/** Told of every event this instance appended, once, after it is saved (video ends media on send-back). */
export type AppendedListener = (row: RoomRow, events: readonly RoomEvent[], after: RoomState) => void;

export type AppendResult =
  { seq: number; repeated: boolean; events: RoomEvent[] } | { problem: RoomProblem; field?: string };

/**
 * The rooms this instance serves. Every action is an event appended in one transaction with its
 * effects (check-ins, chat, back-channel, breakouts, share of voice, a safety alert), numbered under
 * the room row's lock; then it is delivered here at once and published to the other instances.
 */
export class RoomHub {
  readonly #rooms = new Map<string, Promise<LiveRoom>>();
  readonly #appended: AppendedListener[] = [];
  #removalTimer: NodeJS.Timeout | null = null;

  constructor(readonly context: RoomHubContext) {
    context.broker.onRecovered(() => {
      for (const room of this.#rooms.values()) void room.then((r) => r.fill());
    });
    context.jobs.every('rooms.end-stale', STALE_SWEEP_MS, async (_payload, now) => {
      await this.endStale(now);
    });
  }

  /** Ends the rooms left open an hour past their session's end (by the server: `by` null). */
  async endStale(now: Date): Promise<number> {
    const rows = await staleRooms(this.context.database.db, new Date(now.getTime() - STALE_ROOM_MS).toISOString());
    for (const row of rows)
      await this.append(row, (state) =>
        state.phase === 'open' ? { events: [{ type: 'room.ended' }] } : { events: [] },
      );
    return rows.length;
  }

  /** Listens to the events this instance appends (each event reaches one instance's listeners). */
  onAppended(listener: AppendedListener): void {
    this.#appended.push(listener);
  }

  /** Events after `after`, opened, in seq order. */
  async readEvents(roomId: string, after: number, db = this.context.database.db): Promise<RoomEvent[]> {
    const rows = await eventsAfter(db, roomId, after);
    return rows.map(
      (r) =>
        JSON.parse(
          this.context.cipher.decrypt(r.body, sealedIn('roomEvents.body', roomId, String(r.seq))),
        ) as RoomEvent,
    );
  }

  /**
   * The room folded from the database (for summaries, and rooms no socket here holds). Given `db`
   * (a transaction the caller is in), folded from it alone, so the caller's transaction is all it waits on.
   */
  async stateOf(roomId: string, db?: Parameters<RoomHub['readEvents']>[2]): Promise<RoomState> {
    if (db) return foldRoom(emptyRoom(roomId), await this.readEvents(roomId, 0, db));
    const held = this.#rooms.get(roomId);
    if (held) {
      const live = await held;
      await live.fill();
      return live.state;
    }
    return foldRoom(emptyRoom(roomId), await this.readEvents(roomId, 0));
  }

  async #live(row: RoomRow): Promise<LiveRoom> {
    let held = this.#rooms.get(row.id);
    if (!held) {
      held = (async () => {
        const live = new LiveRoom(row, this);
        live.unsubscribe = await this.context.broker.subscribe(roomChannel(row.id), (m: RealtimeMessage) => {
          if (m.type === EVENTS) live.receive(m.data as RoomEvent[]);
        });
        live.receive(await this.readEvents(row.id, 0));
        return live;
      })();
      this.#rooms.set(row.id, held);
      held.catch(() => this.#rooms.delete(row.id));
    }
    return held;
  }

  /** Lets go of a room no socket here holds any more. */
  async #release(live: LiveRoom): Promise<void> {
    if (live.attendees.size > 0) return;
    await live.queue;
    if (live.attendees.size > 0) return;
    this.#rooms.delete(live.row.id);
    await live.unsubscribe?.();
  }

  /**
   * Appends what `decide` makes of the room (as it stands under the lock) with its effects, once
   * per command id. Serialised per room here, and across instances by the room row's lock.
   */
  async append(
    row: RoomRow,
    decide: (state: RoomState, trx: Transaction<DB>) => Decision | Promise<Decision>,
    options: { actor?: string | null; commandId?: string } = {},
  ): Promise<AppendResult> {
    const live = await this.#live(row);
    const run = live.queue.then(() => this.#append(live, decide, options));
    live.queue = run.catch(() => undefined);
    try {
      return await run;
    } finally {
      if (live.attendees.size === 0) void this.#release(live);
    }
  }

  async #append(
    live: LiveRoom,
    decide: (state: RoomState, trx: Transaction<DB>) => Decision | Promise<Decision>,
    options: { actor?: string | null; commandId?: string },
  ): Promise<AppendResult> {
    const { database, cipher } = this.context;
    const roomId = live.row.id;
    const actor = options.actor ?? null;
    const result = await database.db.transaction().execute(async (trx): Promise<AppendResult> => {
      if (actor && options.commandId) {
        const done = await findCommand(trx, roomId, actor, options.commandId);
        if (done) return { seq: done.seq, repeated: true, events: [] };
      }
      const locked = await lockRoom(trx, roomId);
      if (!locked) return { problem: 'notFound' };
      // Whatever other instances appended before we took the lock.
      let state = live.state;
      if (locked.lastSeq > live.head) state = foldRoom(state, await this.readEvents(roomId, live.head, trx));
      const decision = await decide(state, trx);
      if ('problem' in decision) return decision;
      const now = new Date().toISOString();
      const events = decision.events.map(
        (body, i) => ({ ...body, roomId, seq: locked.lastSeq + i + 1, at: now, by: actor }) as RoomEvent,
      );
      await insertEvents(
        trx,
        events.map((e) => ({
          roomId,
          seq: e.seq,
          type: e.type,
          byPerson: actor,
          at: now,
          body: cipher.encrypt(JSON.stringify(e), sealedIn('roomEvents.body', roomId, String(e.seq))),
        })),
      );
      const seq = locked.lastSeq + events.length;
      let after = state;
      for (const event of events) {
        const before = after;
        after = applyRoomEvent(before, event);
        await this.#effect(trx, live.row, event, before, after);
      }
      const ended = events.some((e) => e.type === 'room.ended') ? now : null;
      if (events.length) await advanceRoom(trx, roomId, seq, ended);
      if (actor && options.commandId)
        await insertCommand(trx, { roomId, actor, commandId: options.commandId, seq, at: now });
      return { seq, repeated: false, events };
    });
    if ('problem' in result || result.events.length === 0) return result;
    live.receive(result.events);
    for (const listener of this.#appended) {
      try {
        listener(live.row, result.events, live.state);
      } catch (error) {
        this.context.log.error({ err: error }, 'room: a listener to appended events failed');
      }
    }
    try {
      await this.context.broker.publish(roomChannel(roomId), { type: EVENTS, data: result.events });
    } catch (error) {
      // Saved; other instances read it from the database at their next gap or when the broker is back.
      this.context.log.warn({ err: error }, 'room: events not published to other instances');
    }
    // The room opening or ending changes the members' "Join": their open pages ask again
    // (the message names the group only; each page fetches through the usual checks).
    if (result.events.some((e) => e.type === 'room.opened' || e.type === 'room.ended'))
      await announceSpaceChange(this.context.broker, live.row.groupId, this.context.log);
    return result;
  }

  /** What an event keeps with the session beyond the log. */
  async #effect(trx: Transaction<DB>, row: RoomRow, event: RoomEvent, before: RoomState, after: RoomState) {
    const { cipher, database } = this.context;
    switch (event.type) {
      case 'checkIn.given': {
        const c = event.checkIn;
        await saveCheckIn(trx, {
          sessionId: row.sessionId,
          groupMemberId: c.personId,
          roomId: row.id,
          mood: c.mood,
          word: cipher.encrypt(c.word, sealedIn('roomCheckIns.word', row.sessionId, c.personId)),
          part: c.part ? cipher.encrypt(c.part, sealedIn('roomCheckIns.part', row.sessionId, c.personId)) : null,
          share: c.share,
          enteredBy: c.enteredBy,
          at: event.at,
        });
        return;
      }
      case 'chat.posted':
        await insertChat(trx, {
          id: event.messageId,
          roomId: row.id,
          personId: event.personId,
          text: cipher.encrypt(event.text, sealedIn('roomChat.text', event.messageId)),
          hidden: boolValue(database.engine, false),
          hiddenBy: null,
          at: event.at,
        });
        return;
      case 'chat.hidden':
        await hideChat(trx, event.messageId, event.by ?? '', boolValue(database.engine, true));
        return;
      case 'backChannel.posted':
        await insertBackChannel(trx, {
          id: event.messageId,
          roomId: row.id,
          authorId: event.personId,
          text: cipher.encrypt(event.text, sealedIn('roomBackChannel.text', event.messageId)),
          at: event.at,
        });
        return;
      case 'breakouts.formed':
        await insertBreakouts(
          trx,
          event.list.map((b) => ({
            id: b.breakoutId,
            roomId: row.id,
            method: event.method,
            members: JSON.stringify(b.members),
            cardId: b.cardId,
            formedAt: event.at,
            endedAt: null,
          })),
        );
        return;
      case 'breakouts.rotated':
        for (const b of after.breakouts?.list ?? []) await updateBreakout(trx, b.breakoutId, JSON.stringify(b.members));
        return;
      case 'breakouts.ended':
        await endBreakouts(trx, row.id, event.at);
        return;
      case 'room.ended': {
        if (before.breakouts) await endBreakouts(trx, row.id, event.at);
        // Every member in the room at the end, silent ones too (0 turns: quiet, not absent), and
        // anyone who spoke before being sent back.
        const voice = new Map(voiceUntil(after.voice, event.at).map((v) => [v.personId, v]));
        await saveVoice(
          trx,
          Object.values(before.people)
            .filter((p) => p.kind === 'member' && (p.admission === 'admitted' || voice.has(p.personId)))
            .map((p) => ({
              sessionId: row.sessionId,
              groupMemberId: p.personId,
              groupId: row.groupId,
              seconds: voice.get(p.personId)?.seconds ?? 0,
              turns: voice.get(p.personId)?.turns ?? 0,
            })),
        );
        await this.context.audit.record(trx, {
          action: 'room.ended',
          practiceId: row.practiceId,
          actor: event.by ? { userId: event.by, role: null } : null,
          subject: { type: 'session', id: row.sessionId },
          detail: { groupId: row.groupId, roomId: row.id },
        });
        return;
      }
      default:
        return;
    }
  }

  /** A facilitator's safety mark: the group's urgent alert path (escalation included), then the event naming the alert. */
  async #safetyMark(
    trx: Transaction<DB>,
    row: RoomRow,
    account: Viewer,
    by: string,
    personId: string,
    commandId: string,
  ) {
    const alertId = await raiseMemberAlert(
      this.context,
      trx,
      account,
      {},
      {
        kind: 'room.safety-concern',
        subjectId: `${row.id}:${by}:${commandId}`,
        detail: { roomId: row.id, sessionId: row.sessionId },
        groupId: row.groupId,
        groupMemberId: personId,
        urgency: 'urgent',
      },
    );
    // A command's id is done once (repeats are acknowledged before this), so its mark is new.
    if (!alertId) throw new Error(`room ${row.id}: safety mark ${commandId} was already raised`);
    await this.context.audit.record(trx, {
      action: 'room.safety_marked',
      practiceId: row.practiceId,
      actor: { userId: by, role: null },
      subject: { type: 'session', id: row.sessionId },
      detail: { groupId: row.groupId, alertId },
    });
    return alertId;
  }

  /** One command from a socket: decided on the room under its lock; repeats of its id are acknowledged. */
  async command(
    row: RoomRow,
    actor: RoomViewer,
    commandId: string,
    command: RoomCommand,
    account: Viewer,
  ): Promise<AppendResult> {
    // A member's chat is screened for crisis language like every post in the group's space
    // (docs/crisis-screening.md): a match is held for the facilitators, with an alert.
    const screened =
      command.type === 'chat.post' && actor.kind === 'member'
        ? await screenForPractice(this.context.database.db, row.practiceId, command.text)
        : null;
    const held = !!screened && screened.level !== 'none';
    // A breakout's skill card is one the practice may use: Hearth's own or the practice's.
    const unknownCard =
      command.type === 'breakouts.form' &&
      !!command.cardId &&
      !(await cardById(this.context.database.db, row.practiceId, command.cardId, 'en').then(
        () => true,
        () => false,
      ));
    return this.append(
      row,
      async (state, trx) => {
        if (unknownCard) return { problem: 'cannotForm', field: 'cardId' };
        const decision = decideRoomCommand(state, actor, command, {
          now: new Date(),
          newId: () => crypto.randomUUID(),
          shuffle: shuffled,
          held,
        });
        if ('problem' in decision) return decision;
        for (const event of decision.events)
          if (event.type === 'chat.posted' && event.held && screened)
            await raiseMemberAlert(
              this.context,
              trx,
              account,
              {},
              {
                kind: 'room.crisis-language',
                subjectId: event.messageId,
                detail: { roomId: row.id, sessionId: row.sessionId, messageId: event.messageId },
                groupId: row.groupId,
                groupMemberId: actor.personId,
                urgency: screened.level === 'urgent' ? 'urgent' : 'routine',
              },
            );
        if (command.type !== 'safety.mark') return decision;
        const alertId = await this.#safetyMark(trx, row, account, actor.personId, command.personId, commandId);
        return { events: [{ type: 'safety.marked', personId: command.personId, alertId }] };
      },
      { actor: actor.personId, commandId },
    );
  }

  // ---- sockets ----------------------------------------------------------------------------

  /** Adds a socket to a room and sends it what it missed; tells the room they arrived. */
  async join(row: RoomRow, attendee: Attendee, lastSeq: number): Promise<void> {
    const live = await this.#live(row);
    await live.queue;
    await live.fill();
    for (const delivery of catchUp(row.id, live.log, attendee.viewer, lastSeq))
      attendee.send(message(delivery, attendee.viewer));
    // An ended room: a member is shown it ended and let go, as when it ended with them in it.
    if (live.state.phase === 'ended' && attendee.viewer.kind === 'member') {
      attendee.send({ type: 'room.closed', data: { roomId: row.id, reason: 'ended' } });
      if (live.attendees.size === 0) void this.#release(live);
      return;
    }
    live.attendees.add(attendee);
    this.#watchRemovals();
    if (live.state.phase === 'open' && !live.state.people[attendee.viewer.personId]?.connected) {
      await this.append(row, (state) =>
        state.people[attendee.viewer.personId] && !state.people[attendee.viewer.personId]!.connected
          ? { events: [{ type: 'person.arrived', personId: attendee.viewer.personId }] }
          : { events: [] },
      );
    }
  }

  /** Takes a socket out of a room; when it was the person's last here, the room hears they left. */
  detach(live: LiveRoom, attendee: Attendee, announce = true): void {
    if (!live.attendees.delete(attendee)) return;
    const still = [...live.attendees].some((a) => a.viewer.personId === attendee.viewer.personId);
    if (announce && !still && live.state.phase === 'open') {
      void this.append(live.row, (state) =>
        state.people[attendee.viewer.personId]?.connected
          ? { events: [{ type: 'person.left', personId: attendee.viewer.personId }] }
          : { events: [] },
      ).catch((error: unknown) => this.context.log.warn({ err: error }, 'room: a departure was not recorded'));
    }
    if (live.attendees.size === 0) void this.#release(live);
  }

  async leave(roomId: string, attendee: Attendee): Promise<void> {
    const held = this.#rooms.get(roomId);
    if (held) this.detach(await held, attendee);
  }

  /** The room a socket is in, if this instance holds it. */
  async held(roomId: string): Promise<LiveRoom | undefined> {
    return this.#rooms.get(roomId);
  }

  /** Checks, while members are connected here, that each is still in the group with an account that works. */
  #watchRemovals(): void {
    if (this.#removalTimer) return;
    this.#removalTimer = setInterval(() => {
      void this.checkRemovals().catch((error: unknown) =>
        this.context.log.warn({ err: error }, 'room: could not check who is still in the group'),
      );
    }, REMOVAL_CHECK_MS);
    this.#removalTimer.unref();
  }

  /** Takes out of their rooms those removed from the group, or whose account was disabled. */
  async checkRemovals(): Promise<void> {
    if (this.#rooms.size === 0 && this.#removalTimer) {
      clearInterval(this.#removalTimer);
      this.#removalTimer = null;
      return;
    }
    const lives = await Promise.all([...this.#rooms.values()]);
    // One query for every member connected here, per practice.
    const byPractice = new Map<string, Set<string>>();
    for (const live of lives)
      for (const a of live.attendees)
        if (a.viewer.kind === 'member') {
          const set = byPractice.get(live.row.practiceId) ?? new Set<string>();
          set.add(a.viewer.personId);
          byPractice.set(live.row.practiceId, set);
        }
    const out = new Set<string>();
    for (const [practiceId, ids] of byPractice)
      for (const id of await noLongerIn(this.context.database.db, practiceId, [...ids])) out.add(id);
    if (out.size === 0) return;
    for (const live of lives) {
      const here = new Set([...live.attendees].map((a) => a.viewer.personId).filter((id) => out.has(id)));
      for (const personId of here) {
        await this.append(live.row, (state) =>
          state.people[personId] ? { events: [{ type: 'person.removed', personId }] } : { events: [] },
        );
        // Also when the room had already taken them out (another instance): no socket of theirs stays.
        for (const a of [...live.attendees])
          if (a.viewer.personId === personId) {
            a.send({ type: 'room.closed', data: { roomId: live.row.id, reason: 'removed' } });
            this.detach(live, a, false);
          }
      }
    }
  }

  async close(): Promise<void> {
    if (this.#removalTimer) clearInterval(this.#removalTimer);
    this.#removalTimer = null;
    for (const held of [...this.#rooms.values()]) {
      const live = await held.catch(() => null);
      if (live) {
        live.attendees.clear();
        await live.queue;
        await live.unsubscribe?.();
      }
    }
    this.#rooms.clear();
  }

  /**
   * One socket's part in the room protocol: parses, limits and authorises each message, and
   * answers every refusal with `room.error` (the socket and the room carry on).
   */
  socket(viewer: Viewer, send: Send): RoomSocket {
    return new RoomSocket(this, viewer, send);
  }
}

function shuffled<T>(list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The room side of one WebSocket. */
export class RoomSocket {
  readonly #joined = new Map<string, { row: RoomRow; attendee: Attendee }>();
  #tokens: number = RoomLimits.messagesPerSecond;
  /** The messages being handled, in the order they came. */
  #inOrder: Promise<unknown> = Promise.resolve();
  #refilledAt = Date.now();

  constructor(
    private readonly hub: RoomHub,
    private readonly viewer: Viewer,
    private readonly send: Send,
  ) {}

  #error(problem: RoomProblem, roomId: string | null = null, id: string | null = null, field?: string) {
    this.send({ type: 'room.error', data: { roomId, id, problem, ...(field && { field }) } });
  }

  #allow(): boolean {
    const now = Date.now();
    this.#tokens = Math.min(
      RoomLimits.messagesPerSecond,
      this.#tokens + ((now - this.#refilledAt) / 1000) * RoomLimits.messagesPerSecond,
    );
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /**
   * Handles one message; resolves when it is done (tests wait on it; the socket does not). Size and
   * rate are checked at once; the rest is handled in the order the socket sent it, one message
   * after another, so a command sent right behind its `room.join` (a reconnecting client resending
   * what was not answered) finds the socket in the room.
   */
  receive(raw: Buffer | string): Promise<void> {
    const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
    if (size > RoomLimits.messageBytes) {
      this.#error('tooLarge');
      return Promise.resolve();
    }
    if (!this.#allow()) {
      this.#error('tooFast');
      return Promise.resolve();
    }
    const run = this.#inOrder.then(() => this.#handle(raw));
    this.#inOrder = run.catch(() => undefined);
    return run;
  }

  async #handle(raw: Buffer | string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(raw));
    } catch {
      return this.#error('invalid');
    }
    // Messages for other parts of the socket (keep-alive) are not the room's.
    const type = (parsed as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !type.startsWith('room.')) return;
    const result = RoomClientMessageSchema.safeParse(parsed);
    if (!result.success) {
      const data = (parsed as { data?: { roomId?: unknown; id?: unknown } }).data;
      const issue = result.error.issues[0];
      return this.#error(
        'invalid',
        typeof data?.roomId === 'string' ? data.roomId.slice(0, 64) : null,
        typeof data?.id === 'string' ? data.id.slice(0, 64) : null,
        issue?.path.join('.'),
      );
    }
    const msg = result.data;
    try {
      if (msg.type === 'room.join') return await this.#join(msg.data.roomId, msg.data.lastSeq ?? 0);
      if (msg.type === 'room.leave') return await this.#leave(msg.data.roomId);
      return await this.#command(msg.data.roomId, msg.data.id, msg.data.command);
    } catch (error) {
      this.hub.context.log.error({ err: error }, 'room: a message failed');
      return this.#error('invalid', msg.data.roomId, msg.type === 'room.command' ? msg.data.id : null);
    }
  }

  async #join(roomId: string, lastSeq: number): Promise<void> {
    const row = await findRoom(this.hub.context.database.db, this.viewer.practiceId, roomId);
    if (!row) return this.#error('notFound', roomId);
    const who = await whoIsIn(this.hub.context.database, row, this.viewer);
    if (!who) return this.#error('notFound', roomId);
    const existing = this.#joined.get(roomId);
    if (existing) await this.hub.leave(roomId, existing.attendee);
    const attendee: Attendee = { viewer: who, userId: this.viewer.userId, send: this.send };
    this.#joined.set(roomId, { row, attendee });
    await this.hub.join(row, attendee, lastSeq);
  }

  async #leave(roomId: string): Promise<void> {
    const joined = this.#joined.get(roomId);
    if (!joined) return this.#error('notInRoom', roomId);
    this.#joined.delete(roomId);
    await this.hub.leave(roomId, joined.attendee);
    this.send({ type: 'room.closed', data: { roomId, reason: 'left' } });
  }

  async #command(roomId: string, id: string, command: RoomCommand): Promise<void> {
    const joined = this.#joined.get(roomId);
    const live = joined && (await this.hub.held(roomId));
    if (!joined || !live || !live.attendees.has(joined.attendee)) return this.#error('notInRoom', roomId, id);
    const actor = joined.attendee.viewer;
    const result = await this.hub.command(joined.row, actor, id, command, this.viewer);
    if ('problem' in result) return this.#error(result.problem, roomId, id, result.field);
    this.send({ type: 'room.ack', data: { roomId, id, seq: result.seq, repeated: result.repeated } });
  }

  /** The socket closed: out of every room it was in. */
  close(): void {
    for (const [roomId, { attendee }] of this.#joined) void this.hub.leave(roomId, attendee);
    this.#joined.clear();
  }
}
