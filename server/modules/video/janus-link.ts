import { EventEmitter } from 'node:events';
import Janode, { type JanodeConnection, type JanodeHandle, type JanodeMessage, type JanodeSession } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import type { FastifyBaseLogger } from 'fastify';
import type { VideoConfig } from '../../config.js';

/** Every call to Janus is bounded: a hung Janus never hangs a request or the room. */
export const JANUS_TIMEOUT_MS = 4000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;

// janode logs to the console by default; Hearth logs what matters itself.
Janode.Logger.setLevel('none');

export class JanusUnavailable extends Error {
  override name = 'JanusUnavailable';
}

/** An error Janus answered with (a refused request), as opposed to Janus not answering. */
export class JanusRefused extends Error {
  override name = 'JanusRefused';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new JanusUnavailable(`Janus did not answer ${what} within ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A janode error ("428 No such feed") as a JanusRefused with its code. */
function refused(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^(\d{3})\s/.exec(message);
  return match ? new JanusRefused(Number(match[1]), message) : (error as Error);
}

export type JanusState = 'connecting' | 'ready' | 'down';

/** A participant as Hearth's watcher in a media room sees it: its feed, its display (a personId), its streams. */
export interface Publisher {
  feed: string | number;
  display: string;
  streams: Array<{ type: string; mid: string }>;
}

/** What a watcher in a media room reports. */
export interface WatchEvents {
  talking(feed: string | number, talking: boolean): void;
}

/**
 * Hearth's connection to Janus: the Janus API (with the API secret) for the video room plugin,
 * and the admin API (tokens, sessions). It reconnects with backoff whenever Janus goes away, and
 * says so ('ready', 'down'); nothing it does can throw into Hearth outside a call's own promise.
 */
export class JanusLink extends EventEmitter<{ ready: []; down: [] }> {
  state: JanusState = 'connecting';
  #api: JanodeConnection | null = null;
  #admin: JanodeConnection | null = null;
  #session: JanodeSession | null = null;
  #control: JanodeHandle | null = null;
  #closed = false;
  #delay = RECONNECT_MIN_MS;
  #timer: NodeJS.Timeout | null = null;
  #connecting: Promise<void> | null = null;

  constructor(
    readonly config: VideoConfig,
    private readonly log: Pick<FastifyBaseLogger, 'warn' | 'info'>,
  ) {
    super();
  }

  start(): void {
    void this.#connect();
  }

  #connect(): Promise<void> {
    this.#connecting ??= this.#open()
      .then(() => {
        this.#delay = RECONNECT_MIN_MS;
        this.state = 'ready';
        this.log.info({ cause: 'video' }, 'video: connected to Janus');
        this.emit('ready');
      })
      .catch((error: unknown) => {
        this.log.warn({ err: error, cause: 'video' }, 'video: Janus unreachable; retrying');
        this.#teardown();
        this.#retry();
      })
      .finally(() => {
        this.#connecting = null;
      });
    return this.#connecting;
  }

  async #open(): Promise<void> {
    const connect = (admin: boolean) => {
      const pending = Janode.connect({
        is_admin: admin,
        address: [
          admin
            ? { url: this.config.adminUrl, apisecret: this.config.adminSecret }
            : { url: this.config.janusUrl, apisecret: this.config.apiSecret },
        ],
        retry_time_secs: 1,
        max_retries: 1,
      });
      // A connection that arrives after we gave up on it is closed, never leaked.
      return within(pending, JANUS_TIMEOUT_MS, 'a connection').catch((error: unknown) => {
        void pending.then((c) => c.close()).catch(() => undefined);
        throw error;
      });
    };
    const api = await connect(false);
    this.#api = api;
    this.#watch(api);
    const admin = await connect(true);
    this.#admin = admin;
    this.#watch(admin);
    this.#session = await within(api.create(15), JANUS_TIMEOUT_MS, 'a new session');
    this.#session.on(Janode.EVENT.SESSION_DESTROYED, () => this.#lost());
    this.#control = await within(this.#session.attach(VideoRoomPlugin), JANUS_TIMEOUT_MS, 'attaching the video room');
    this.#control.on('error', () => undefined);
  }

  #watch(connection: JanodeConnection): void {
    connection.on(Janode.EVENT.CONNECTION_CLOSED, () => this.#lost());
    connection.on(Janode.EVENT.CONNECTION_ERROR, () => this.#lost());
    connection.on('error', () => this.#lost());
  }

  #lost(): void {
    if (this.#closed || this.state === 'down') return;
    const wasReady = this.state === 'ready';
    this.state = 'down';
    this.#teardown();
    if (wasReady) {
      this.log.warn({ cause: 'video' }, 'video: lost Janus; the rooms carry on without video while it reconnects');
      this.emit('down');
    }
    this.#retry();
  }

  #teardown(): void {
    for (const c of [this.#api, this.#admin]) void c?.close().catch(() => undefined);
    this.#api = this.#admin = null;
    this.#session = null;
    this.#control = null;
    if (this.state === 'ready') this.state = 'down';
  }

  #retry(): void {
    if (this.#closed || this.#timer) return;
    if (this.state !== 'ready') this.state = 'down';
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.state = 'connecting';
      void this.#connect();
    }, this.#delay);
    this.#timer.unref();
    this.#delay = Math.min(this.#delay * 2, RECONNECT_MAX_MS);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#connecting;
    const session = this.#session;
    if (session) await within(session.destroy(), 1000, 'closing').catch(() => undefined);
    this.#teardown();
    this.state = 'down';
  }

  /** A video room request (create, destroy, kick, moderate, listparticipants): its plugin data, or why not. */
  async videoroom(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const control = this.#control;
    if (this.state !== 'ready' || !control) throw new JanusUnavailable('Janus is not connected');
    let answer: JanodeMessage;
    try {
      answer = await within(control.message(body), JANUS_TIMEOUT_MS, `videoroom ${String(body.request)}`);
    } catch (error) {
      throw refused(error);
    }
    const data = answer.plugindata?.data ?? {};
    if (typeof data.error_code === 'number') throw new JanusRefused(data.error_code, String(data.error));
    return data;
  }

  /** An admin API request (add_token, remove_token, list_tokens, list_sessions, destroy_session …). */
  async admin(request: Record<string, unknown>): Promise<JanodeMessage> {
    const admin = this.#admin;
    if (this.state !== 'ready' || !admin) throw new JanusUnavailable('Janus is not connected');
    try {
      return await within(admin.sendRequest({ ...request }), JANUS_TIMEOUT_MS, String(request.janus));
    } catch (error) {
      throw refused(error);
    }
  }

  /**
   * Joins a media room as Hearth's own silent participant, which publishes nothing and is never
   * shown: it hears the room's talking events and who publishes what. Returns its publishers (kept
   * up to date) and a way to leave.
   */
  async watch(
    room: string,
    pin: string,
    events: WatchEvents,
  ): Promise<{ publishers: Map<string, Publisher>; leave: () => Promise<void> }> {
    const session = this.#session;
    if (this.state !== 'ready' || !session) throw new JanusUnavailable('Janus is not connected');
    const handle = await within(session.attach(VideoRoomPlugin), JANUS_TIMEOUT_MS, 'attaching a watcher');
    handle.on('error', () => undefined);
    const publishers = new Map<string, Publisher>();
    const remember = (list: unknown) => {
      for (const p of (list as Array<{ feed: string | number; display?: string; streams?: Publisher['streams'] }>) ??
        [])
        if (p.display) publishers.set(String(p.feed), { feed: p.feed, display: p.display, streams: p.streams ?? [] });
    };
    const forget = (data: { feed?: string | number }) => {
      if (data.feed !== undefined) publishers.delete(String(data.feed));
    };
    handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_PUB_LIST, (data: { publishers?: unknown }) => remember(data.publishers));
    handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_UNPUBLISHED, forget);
    handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_LEAVING, forget);
    handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_TALKING, (data: { feed: string | number; talking: boolean }) =>
      events.talking(data.feed, data.talking),
    );
    try {
      const joined = await within(
        handle.joinPublisher({ room, pin, display: WATCHER_DISPLAY }),
        JANUS_TIMEOUT_MS,
        'joining a media room',
      );
      remember(joined.publishers);
    } catch (error) {
      void handle.detach().catch(() => undefined);
      throw refused(error);
    }
    return {
      publishers,
      leave: () => within(handle.detach(), 1000, 'leaving').catch(() => undefined),
    };
  }
}

/** The display Hearth's own watcher joins with: never a personId (those are UUIDs). */
export const WATCHER_DISPLAY = 'hearth';
