import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { RoomEvent, RoomState } from '../../../domain/room.js';
import { VIDEO_TOKEN_SECONDS, type VideoAvailability, type VideoJoin } from '../../../domain/video.js';
import type { VideoConfig } from '../../config.js';
import type { Database } from '../../db/connect.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { HttpProblem } from '../../platform/problem.js';
import type { RoomHub } from '../room/room-live.service.js';
import { whoIsIn } from '../room/room-live.service.js';
import { findRoom, noLongerIn, type RoomRow } from '../room/room.repository.js';
import { JanusLink, JanusRefused, JanusUnavailable, WATCHER_DISPLAY, type Publisher } from './janus-link.js';

/** Problem types the web app acts on (docs/video.md). */
export const VIDEO_WAITING = '/problems/video-waiting';
export const VIDEO_OFF = '/problems/video-off';
export const VIDEO_UNAVAILABLE = '/problems/video-unavailable';
export const VIDEO_RETRY_AFTER_SECONDS = 5;

const PLUGIN = 'janus.plugin.videoroom';
/** Hearth's tokens all start so; nothing else in Janus's token list is touched. */
const TOKEN_PREFIX = 'hv1.';
/** However often renewed, a token is removed this long after it was first issued (a session is shorter). */
const TOKEN_HARD_LIMIT_SECONDS = 6 * 3600;
/** How often tokens holders are checked against the group and their account (eviction within 2 s). */
const REMOVAL_CHECK_MS = 750;
const SWEEP_MS = 5000;
/** Enough tiles for the largest group (15) and its facilitators. */
const MAX_PUBLISHERS = 20;

export interface VideoContext {
  config: VideoConfig | undefined;
  database: Database;
  rooms: RoomHub;
  secretKey: string;
  log: Pick<FastifyBaseLogger, 'warn' | 'info' | 'error'>;
  /** Tests shorten it to see expiry; VIDEO_TOKEN_SECONDS otherwise. */
  tokenSeconds?: number;
}

/** A media room this instance set up: the Janus video room of a live room or of one of its breakouts. */
interface MediaRoom {
  id: string;
  roomId: string;
  breakout: boolean;
  publishers: Map<string, Publisher>;
  leave: () => Promise<void>;
}

/** A token this instance gave someone, until it expires or they are evicted. */
interface Issued {
  token: string;
  expiresAt: number;
  row: RoomRow;
  personId: string;
  kind: 'member' | 'facilitator';
}

/**
 * Video for live rooms through Janus (docs/video.md). Hearth holds every secret: each media room's
 * secret and pin are derived from Hearth's key and the room's id, so any instance knows them and
 * nothing needs storing; a participant's token carries a tag derived from the room and the person,
 * so any instance can find and remove it. A token is added only for someone admitted (facilitators
 * always) and removed — with their Janus sessions ended — when they may no longer be there.
 */
export class VideoService {
  readonly link: JanusLink | null;
  readonly #media = new Map<string, Promise<MediaRoom>>();
  /** Which live room each media room here belongs to (known before it is ready). */
  readonly #owner = new Map<string, string>();
  readonly #issued = new Map<string, Issued>();
  #timers: NodeJS.Timeout[] = [];

  constructor(readonly context: VideoContext) {
    this.link = context.config ? new JanusLink(context.config, context.log) : null;
    if (!this.link) return;
    this.link.on('down', () => {
      this.#media.clear();
      this.#owner.clear();
    });
    this.link.start();
    context.rooms.onAppended((row, events, after) => this.#onEvents(row, events, after));
    const every = (ms: number, run: () => Promise<void>, what: string) => {
      const timer = setInterval(() => {
        if (this.link?.state !== 'ready') return;
        void run().catch((error: unknown) => context.log.warn({ err: error, cause: 'video' }, `video: ${what} failed`));
      }, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(REMOVAL_CHECK_MS, () => this.checkRemovals(), 'checking who still belongs');
    every(SWEEP_MS, () => this.sweep(), 'removing expired tokens');
  }

  get tokenSeconds(): number {
    return this.context.tokenSeconds ?? VIDEO_TOKEN_SECONDS;
  }

  /** For /readyz: video off, ready, or degraded (configured, Janus not answering: Hearth carries on). */
  readiness(): 'off' | 'ready' | 'degraded' {
    if (!this.link) return 'off';
    return this.link.state === 'ready' ? 'ready' : 'degraded';
  }

  availability(row: RoomRow): VideoAvailability {
    if (!this.link) return { state: 'off', reason: 'notConfigured' };
    if (row.meetingMode === 'in-person') return { state: 'off', reason: 'inPerson' };
    return this.link.state === 'ready' ? { state: 'ready' } : { state: 'unavailable', reason: 'unreachable' };
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    // What this instance handed out stops working with it (bounded: Janus may be away).
    const mine = new Set([...this.#issued.values()].map((i) => i.token));
    this.#issued.clear();
    if (mine.size && this.link?.state === 'ready')
      await this.#removeTokens((token) => mine.has(token)).catch(() => undefined);
    await this.link?.close();
  }

  // ---- secrets ----------------------------------------------------------------------------

  #derive(purpose: string, id: string, length: number): string {
    return crypto
      .createHmac('sha256', this.context.secretKey)
      .update(`hearth-video:${purpose}:${id}`)
      .digest('base64url')
      .slice(0, length);
  }
  secretOf(mediaRoom: string): string {
    return this.#derive('secret', mediaRoom, 32);
  }
  pinOf(mediaRoom: string): string {
    return this.#derive('pin', mediaRoom, 24);
  }
  /** The part of a token that says whose it is, in which room. */
  tagOf(roomId: string, personId: string): string {
    return this.#derive('tag', `${roomId}:${personId}`, 22);
  }

  // ---- joining ----------------------------------------------------------------------------

  /** The room and who the viewer is in it, or 404 exactly as for the room itself. */
  async #roomOf(viewer: Viewer, roomId: string) {
    const row = await findRoom(this.context.database.db, viewer.practiceId, roomId);
    const you = row && (await whoIsIn(this.context.database, row, viewer));
    if (!row || !you) throw new HttpProblem(404, 'problem.room.notFound');
    return { row, you };
  }

  async availabilityFor(viewer: Viewer, roomId: string): Promise<VideoAvailability> {
    const { row } = await this.#roomOf(viewer, roomId);
    return this.availability(row);
  }

  /** A token and the media room for someone admitted to the room; refused for the waiting, and when video is off. */
  async join(viewer: Viewer, roomId: string): Promise<VideoJoin> {
    const { row, you } = await this.#roomOf(viewer, roomId);
    const available = this.availability(row);
    if (available.state === 'off') {
      throw new HttpProblem(409, available.reason === 'inPerson' ? 'problem.video.inPerson' : 'problem.video.off', {
        code: VIDEO_OFF,
      });
    }
    const state = await this.context.rooms.stateOf(row.id);
    if (state.phase === 'ended' || row.status !== 'open')
      throw new HttpProblem(409, 'problem.video.ended', { code: VIDEO_OFF });
    const person = state.people[you.personId];
    // Only a facilitator's admission brings media: a member waiting gets nothing from Janus.
    if (you.kind === 'member' && person?.admission !== 'admitted')
      throw new HttpProblem(409, 'problem.video.waiting', { code: VIDEO_WAITING });
    if (available.state !== 'ready') throw unavailable();
    const breakout = state.breakouts?.list.find((b) => b.members.some((m) => m.personId === you.personId));
    const mediaRoom = breakout?.breakoutId ?? row.id;
    try {
      await this.#mediaRoom(row, mediaRoom, !!breakout);
      const issued = await this.#token(row, you.personId, you.kind);
      return {
        server: this.link!.config.publicUrl,
        iceServers: this.#iceServers(you.personId),
        token: issued.token,
        expiresAt: new Date(issued.expiresAt).toISOString(),
        mediaRoom,
        pin: this.pinOf(mediaRoom),
        display: you.personId,
        breakout: !!breakout,
      };
    } catch (error) {
      if (error instanceof JanusUnavailable || error instanceof JanusRefused) {
        this.context.log.warn({ err: error, cause: 'video' }, 'video: could not prepare a join');
        throw unavailable();
      }
      throw error;
    }
  }

  /** coturn's REST API credentials (use-auth-secret): valid as long as the token. */
  #iceServers(personId: string): VideoJoin['iceServers'] {
    const turn = this.link!.config.turn;
    if (!turn) return [];
    const username = `${Math.floor(Date.now() / 1000) + this.tokenSeconds}:${personId}`;
    const credential = crypto.createHmac('sha1', turn.secret).update(username).digest('base64');
    return [{ urls: turn.urls, username, credential }];
  }

  /** Creates the media room in Janus once (this instance remembers; another's creation is fine too). */
  #mediaRoom(row: RoomRow, id: string, breakout: boolean): Promise<MediaRoom> {
    let held = this.#media.get(id);
    if (!held) {
      held = (async () => {
        const link = this.link!;
        try {
          await link.videoroom({
            request: 'create',
            room: id,
            admin_key: link.config.roomAdminKey,
            secret: this.secretOf(id),
            pin: this.pinOf(id),
            description: breakout ? 'Hearth breakout' : 'Hearth room',
            is_private: true,
            publishers: MAX_PUBLISHERS,
            permanent: false,
            // Never recorded, and nobody may turn recording on.
            record: false,
            lock_record: true,
            audiolevel_event: true,
            audio_active_packets: 25,
            audio_level_average: 40,
            // Hearth's own watcher never shows: nobody is told of joins, only of what is published.
            notify_joining: false,
          });
        } catch (error) {
          // 427: the room exists (another instance made it, or this one before a lost connection).
          if (!(error instanceof JanusRefused && error.code === 427)) throw error;
        }
        // Filled once joined; a talking event before then has nobody to name.
        let publishers: Map<string, Publisher> | null = null;
        const watched = await link.watch(id, this.pinOf(id), {
          talking: (feed, talking) => {
            if (breakout) return; // share of voice is the whole group's
            const who = publishers?.get(String(feed))?.display;
            if (who) void this.#talking(row, who, talking);
          },
        });
        publishers = watched.publishers;
        return { id, roomId: row.id, breakout, publishers: watched.publishers, leave: watched.leave };
      })();
      this.#media.set(id, held);
      this.#owner.set(id, row.id);
      held.catch(() => {
        this.#media.delete(id);
        this.#owner.delete(id);
      });
    }
    return held;
  }

  /** A token for the person in this room: the one they hold, renewed, or a new one added to Janus. */
  async #token(row: RoomRow, personId: string, kind: 'member' | 'facilitator'): Promise<Issued> {
    const key = `${row.id}:${personId}`;
    const now = Date.now();
    const held = this.#issued.get(key);
    // Renewing keeps the same token, so the call already running under it carries on.
    const token =
      held && held.expiresAt > now
        ? held.token
        : `${TOKEN_PREFIX}${this.tagOf(row.id, personId)}.${Math.floor(now / 1000)}.${crypto.randomBytes(24).toString('base64url')}`;
    try {
      await this.link!.admin({ janus: 'add_token', token, plugins: [PLUGIN] });
    } catch (error) {
      // Adding a token Janus already has is refused; it is still valid.
      if (!(error instanceof JanusRefused && held?.token === token)) throw error;
    }
    const issued: Issued = { token, expiresAt: now + this.tokenSeconds * 1000, row, personId, kind };
    this.#issued.set(key, issued);
    return issued;
  }

  // ---- ending media -------------------------------------------------------------------------

  /**
   * Ends people's media in a live room: finds their Janus sessions (by their display in the room's
   * media rooms), kicks them from the rooms (what they send stops), destroys those sessions (what
   * they receive stops) and removes their tokens (no reconnecting).
   */
  async evict(roomId: string, personIds: readonly string[], mediaRooms: readonly string[]): Promise<void> {
    const link = this.link;
    if (!link || personIds.length === 0) return;
    const who = new Set(personIds);
    const rooms = new Set(mediaRooms);
    for (const id of personIds) this.#issued.delete(`${roomId}:${id}`);
    const sessions = await this.#sessionsOf(who, rooms);
    await Promise.all([...rooms].map((room) => this.#kick(room, who)));
    await Promise.all(
      [...sessions].map((session_id) => link.admin({ janus: 'destroy_session', session_id }).catch(() => undefined)),
    );
    await this.#removeTokens((token) =>
      personIds.some((id) => token.startsWith(`${TOKEN_PREFIX}${this.tagOf(roomId, id)}.`)),
    );
  }

  /** Kicks these people from one media room: what they send stops (they keep their session). */
  async #kick(room: string, who: ReadonlySet<string>): Promise<void> {
    const link = this.link!;
    const listed = await link.videoroom({ request: 'listparticipants', room }).catch(() => null);
    const participants = (listed?.participants as Array<{ id: string | number; display?: string }>) ?? [];
    await Promise.all(
      participants
        .filter((p) => p.display && who.has(p.display))
        .map((p) =>
          link
            .videoroom({ request: 'kick', room, secret: this.secretOf(room), id: p.id })
            .catch((error: unknown) => this.context.log.warn({ err: error, cause: 'video' }, 'video: kick failed')),
        ),
    );
  }

  /** The Janus sessions whose video room handle is one of these people in one of these rooms. */
  async #sessionsOf(who: ReadonlySet<string>, rooms: ReadonlySet<string>): Promise<Set<number>> {
    const link = this.link!;
    const found = new Set<number>();
    const listed = await link.admin({ janus: 'list_sessions' });
    const sessions = (listed.sessions as number[] | undefined) ?? [];
    await Promise.all(
      sessions.map(async (session_id) => {
        const handles = ((await link.admin({ janus: 'list_handles', session_id }).catch(() => null))?.handles ??
          []) as number[];
        for (const handle_id of handles) {
          const info = (await link.admin({ janus: 'handle_info', session_id, handle_id }).catch(() => null))?.info as
            { plugin?: string; plugin_specific?: { room?: unknown; display?: unknown } } | undefined;
          const p = info?.plugin_specific;
          if (info?.plugin !== PLUGIN || !p) continue;
          if (
            typeof p.display === 'string' &&
            p.display !== WATCHER_DISPLAY &&
            who.has(p.display) &&
            rooms.has(String(p.room))
          )
            found.add(session_id);
        }
      }),
    );
    return found;
  }

  async #removeTokens(matches: (token: string) => boolean): Promise<void> {
    const link = this.link!;
    const listed = await link.admin({ janus: 'list_tokens' });
    const tokens = ((listed.data as { tokens?: Array<{ token: string }> } | undefined)?.tokens ?? []).map(
      (t) => t.token,
    );
    await Promise.all(
      tokens
        .filter((t) => t.startsWith(TOKEN_PREFIX) && matches(t))
        .map((token) => link.admin({ janus: 'remove_token', token }).catch(() => undefined)),
    );
  }

  /** Media rooms of a live room: its own, and its breakouts' (now and just before). */
  #mediaRoomsOf(roomId: string, ...states: Array<RoomState | null>): string[] {
    const ids = new Set([roomId]);
    for (const s of states) for (const b of s?.breakouts?.list ?? []) ids.add(b.breakoutId);
    for (const [id, owner] of this.#owner) if (owner === roomId) ids.add(id);
    return [...ids];
  }

  async #destroyRooms(ids: readonly string[]): Promise<void> {
    const link = this.link!;
    await Promise.all(
      ids.map(async (id) => {
        const held = this.#media.get(id);
        this.#media.delete(id);
        this.#owner.delete(id);
        const media = await held?.catch(() => null);
        await media?.leave();
        await link
          .videoroom({ request: 'destroy', room: id, secret: this.secretOf(id), permanent: false })
          .catch((error: unknown) => {
            // 426: no such room (never created, or Janus restarted since).
            if (!(error instanceof JanusRefused && error.code === 426)) throw error;
          });
      }),
    );
  }

  /** What the room's events mean for its media: eviction, rooms ending, mutes. */
  #onEvents(row: RoomRow, events: readonly RoomEvent[], after: RoomState): void {
    if (this.link?.state !== 'ready') return;
    const run = async () => {
      for (const event of events) {
        if (event.type === 'person.sentBack' || event.type === 'person.removed') {
          await this.evict(row.id, [event.personId], this.#mediaRoomsOf(row.id, after));
        } else if (event.type === 'room.ended') {
          const rooms = this.#mediaRoomsOf(row.id, after);
          await this.evict(row.id, Object.keys(after.people), rooms);
          await this.#destroyRooms(rooms);
        } else if (event.type === 'breakouts.formed') {
          // In a breakout, someone hears only their breakout: out of the main room's media.
          const moved = new Set(event.list.flatMap((b) => b.members.map((m) => m.personId)));
          await this.#kick(row.id, moved);
        } else if (event.type === 'breakouts.ended') {
          await this.#destroyRooms(this.#mediaRoomsOf(row.id).filter((id) => id !== row.id));
        } else if (event.type === 'video.muted') {
          await this.#mute(row.id, event.personId, event.what);
        }
      }
    };
    void run().catch((error: unknown) =>
      this.context.log.warn({ err: error, cause: 'video' }, 'video: could not apply the room’s change to its media'),
    );
  }

  /** Mutes someone's audio or video in Janus (videoroom `moderate`): Janus stops relaying it. */
  async #mute(roomId: string, personId: string, what: 'audio' | 'video'): Promise<void> {
    const link = this.link!;
    for (const held of this.#media.values()) {
      const media = await held.catch(() => null);
      if (!media || media.roomId !== roomId) continue;
      for (const p of media.publishers.values()) {
        if (p.display !== personId) continue;
        for (const s of p.streams.filter((s) => s.type === what))
          await link.videoroom({
            request: 'moderate',
            room: media.id,
            secret: this.secretOf(media.id),
            id: p.feed,
            mid: s.mid,
            mute: true,
          });
      }
    }
  }

  /** Janus heard someone start or stop talking: share of voice follows (a facilitator's tap still corrects it). */
  async #talking(row: RoomRow, personId: string, talking: boolean): Promise<void> {
    await this.context.rooms
      .append(row, (state) => {
        const person = state.people[personId];
        if (state.phase !== 'open' || person?.admission !== 'admitted') return { events: [] };
        const current = state.voice.current?.personId ?? null;
        if (talking) return current === personId ? { events: [] } : { events: [{ type: 'voice.tapped', personId }] };
        return current === personId ? { events: [{ type: 'voice.tapped', personId: null }] } : { events: [] };
      })
      .catch((error: unknown) => this.context.log.warn({ err: error, cause: 'video' }, 'video: talking not recorded'));
  }

  /** Those holding tokens who left the group or whose account was disabled lose their media (within 2 s). */
  async checkRemovals(): Promise<void> {
    const byRoom = new Map<string, Issued[]>();
    for (const issued of this.#issued.values())
      if (issued.kind === 'member') byRoom.set(issued.row.id, [...(byRoom.get(issued.row.id) ?? []), issued]);
    for (const list of byRoom.values()) {
      const row = list[0]!.row;
      const out = await noLongerIn(
        this.context.database.db,
        row.practiceId,
        list.map((i) => i.personId),
      );
      if (out.length) {
        const state = await this.context.rooms.stateOf(row.id);
        await this.evict(row.id, out, this.#mediaRoomsOf(row.id, state));
      }
    }
  }

  /**
   * Removes expired tokens: this instance's, and any of Hearth's past its hard limit (left by a
   * restart). First, anyone this instance gave a token who is no longer admitted (sent back while
   * Janus was away, say) or whose room ended loses their media now.
   */
  async sweep(now = Date.now()): Promise<void> {
    const byRoom = new Map<string, Issued[]>();
    for (const issued of this.#issued.values())
      byRoom.set(issued.row.id, [...(byRoom.get(issued.row.id) ?? []), issued]);
    for (const list of byRoom.values()) {
      const row = list[0]!.row;
      const state = await this.context.rooms.stateOf(row.id);
      const rooms = this.#mediaRoomsOf(row.id, state);
      if (state.phase === 'ended') {
        await this.evict(row.id, Object.keys(state.people), rooms);
        await this.#destroyRooms(rooms);
        continue;
      }
      const out = list
        .filter((i) => i.kind === 'member' && state.people[i.personId]?.admission !== 'admitted')
        .map((i) => i.personId);
      if (out.length) await this.evict(row.id, out, rooms);
    }
    const expired = new Set<string>();
    for (const [key, issued] of this.#issued)
      if (issued.expiresAt <= now) {
        expired.add(issued.token);
        this.#issued.delete(key);
      }
    const current = new Set([...this.#issued.values()].map((i) => i.token));
    await this.#removeTokens((token) => {
      if (expired.has(token)) return true;
      const issuedAt = Number(token.split('.')[2]);
      return (
        !current.has(token) && Number.isFinite(issuedAt) && issuedAt * 1000 + TOKEN_HARD_LIMIT_SECONDS * 1000 < now
      );
    });
  }
}

function unavailable(): HttpProblem {
  return new HttpProblem(503, 'problem.video.unavailable', { code: VIDEO_UNAVAILABLE });
}
