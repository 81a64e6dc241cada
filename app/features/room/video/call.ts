import type Janus from 'janus-gateway';
import type { JanusJS } from 'janus-gateway';
import type { VideoJoin } from '../../../../domain/video.js';

type JanusClass = typeof Janus;

let loading: Promise<JanusClass> | null = null;

/**
 * Meetecho's janus.js with the WebRTC adapter it needs, loaded the first time a call starts: the
 * room page's own chunk asks for it, so no other page (and no room without video) downloads it.
 */
export function loadJanus(): Promise<JanusClass> {
  loading ??= Promise.all([import('janus-gateway'), import('webrtc-adapter')]).then(
    ([{ default: JanusLib }, { default: adapter }]) =>
      new Promise<JanusClass>((resolve) =>
        JanusLib.init({
          debug: false,
          dependencies: JanusLib.useDefaultDependencies({ adapter }),
          callback: () => resolve(JanusLib),
        }),
      ),
  );
  return loading;
}

/** Someone else in the media room, with the tracks of theirs arriving here. */
export interface RemotePeer {
  feedId: string;
  personId: string;
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
}

export type CallPhase = 'connecting' | 'live' | 'lost' | 'closed';

export interface CallSnapshot {
  phase: CallPhase;
  peers: RemotePeer[];
  /** The personId the media server last said is talking (this device's own included). */
  talking: string | null;
  /** The network is struggling (the media server reported slow links more than once lately). */
  weak: boolean;
  /** Why the call was lost, for the log only (people are shown calm words instead). */
  reason: string | null;
}

/** The tracks this device sends; it keeps them, so a call closing never turns the camera off under it. */
export interface LocalTracks {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
}

interface Publisher {
  id: number | string;
  display: string;
}

interface StreamInfo {
  mid: string;
  type: string;
  feed_id?: number | string;
  feed_display?: string;
  active?: boolean;
}

/** Slow-link reports within this many milliseconds that make the connection count as weak. */
const WEAK_WINDOW_MS = 20_000;
const WEAK_REPORTS = 2;
/** A call not up within this long is lost (and its owner asks for a new join). */
const START_WITHIN_MS = 30_000;

/**
 * One participant's call in one Janus videoroom, for one token (domain/video.ts VideoJoin): it
 * publishes this device's microphone and camera (simulcast where the browser can) and receives
 * everyone else in the media room on one multistream subscription. It never reconnects by itself:
 * when Janus goes away or closes the session (eviction, an expired token) it reports `lost`, and
 * whoever owns it asks Hearth for a new join (a new token), never reusing this one.
 */
export class VideoCall {
  private janus: InstanceType<JanusClass> | null = null;
  private publisher: JanusJS.PluginHandle | null = null;
  private subscriber: JanusJS.PluginHandle | null = null;
  private subscribed = false;
  private subscribing: Array<number | string> = [];
  private privateId: number | null = null;
  private myId: number | string | null = null;
  private readonly displays = new Map<string, string>();
  private readonly midToFeed = new Map<string, string>();
  /** The mids of the subscription that carry pictures (from Janus's list of streams). */
  private readonly videoMids = new Set<string>();
  private readonly peers = new Map<string, RemotePeer>();
  private readonly slowLinks: number[] = [];
  private videoSending = false;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  /** The simulcast layer wanted for each person's picture (0 smallest, 2 largest), and what Janus was asked. */
  private layers = new Map<string, 0 | 1 | 2>();
  private readonly askedLayer = new Map<string, 0 | 1 | 2>();
  private audioOnly = false;
  private snapshot: CallSnapshot = { phase: 'connecting', peers: [], talking: null, weak: false, reason: null };

  constructor(
    private readonly JanusLib: JanusClass,
    readonly join: VideoJoin,
    private local: LocalTracks,
    private readonly onChange: (snapshot: CallSnapshot) => void,
  ) {}

  get state(): CallSnapshot {
    return this.snapshot;
  }

  /** Lost or closed: whatever janus.js still reports about this call is ignored. */
  private get over(): boolean {
    return this.snapshot.phase === 'lost' || this.snapshot.phase === 'closed';
  }

  private update(change: Partial<CallSnapshot>) {
    if (this.snapshot.phase === 'closed') return;
    this.snapshot = { ...this.snapshot, ...change, peers: [...this.peers.values()] };
    this.onChange(this.snapshot);
  }

  private lose(reason: string) {
    if (this.over) return;
    // Nobody's picture lingers from a call that is gone.
    this.peers.clear();
    this.update({ phase: 'lost', reason, talking: null });
    this.teardown();
  }

  /** Connects to Janus with this join's token and enters its media room. */
  start(): void {
    this.startTimer = setTimeout(() => {
      if (this.snapshot.phase === 'connecting') this.lose('not up in time');
    }, START_WITHIN_MS);
    this.janus = new this.JanusLib({
      server: this.join.server,
      iceServers: this.join.iceServers,
      token: this.join.token,
      // The page closing ends the session at once rather than after Janus's timeout.
      destroyOnUnload: true,
      success: () => this.attachPublisher(),
      error: (error: unknown) => this.lose(`janus: ${String(error)}`),
      destroyed: () => this.lose('destroyed'),
    });
  }

  /** Leaves the media room and closes the session; this device's own tracks stay as they are. */
  stop(): void {
    if (this.snapshot.phase === 'closed') return;
    this.snapshot = { ...this.snapshot, phase: 'closed' };
    this.teardown();
  }

  private teardown() {
    clearTimeout(this.startTimer);
    const janus = this.janus;
    this.janus = null;
    this.publisher = null;
    this.subscriber = null;
    this.peers.clear();
    if (janus) {
      try {
        janus.destroy({ cleanupHandles: true, notifyDestroyed: false });
      } catch {
        // Already gone (Janus away, or it ended the session itself): nothing left to close.
      }
    }
  }

  private attachPublisher() {
    this.janus?.attach({
      plugin: 'janus.plugin.videoroom',
      success: (handle) => {
        this.publisher = handle;
        handle.send({
          message: {
            request: 'join',
            ptype: 'publisher',
            room: this.join.mediaRoom,
            pin: this.join.pin,
            display: this.join.display,
          },
        });
      },
      error: (error) => this.lose(`attach: ${error}`),
      onmessage: (message, jsep) => this.onPublisherMessage(message, jsep),
      // The media flowing out is the sign the call is up.
      webrtcState: (up) => (up ? this.update({ phase: 'live' }) : this.lose('publisher hung up')),
      iceState: (state) => {
        if (state === 'failed') this.lose('publisher ice failed');
      },
      slowLink: () => this.slowLink(),
      ondetached: () => this.lose('publisher detached'),
    });
  }

  private onPublisherMessage(message: JanusJS.Message, jsep?: JanusJS.JSEP) {
    if (this.over) return;
    const kind = message['videoroom'] as string | undefined;
    if (message['error']) {
      this.lose(`videoroom: ${String(message['error_code'] ?? '')} ${String(message['error'])}`);
      return;
    }
    if (kind === 'joined') {
      this.myId = message['id'] as number | string;
      this.privateId = (message['private_id'] as number | undefined) ?? null;
      this.publish();
      this.addPublishers((message['publishers'] as Publisher[] | undefined) ?? []);
      // Someone who only listens (no camera, no microphone) is in the room once joined.
      if (!this.local.audio && !this.local.video) this.update({ phase: 'live' });
    } else if (kind === 'event') {
      this.addPublishers((message['publishers'] as Publisher[] | undefined) ?? []);
      const gone = message['leaving'] ?? message['unpublished'];
      if (gone !== undefined && gone !== 'ok') this.removeFeed(String(gone));
      if (gone === 'ok' && message['reason'] === 'kicked') this.lose('kicked');
    } else if (kind === 'talking' || kind === 'stopped-talking') {
      const id = String(message['id']);
      const personId = id === String(this.myId) ? this.join.display : this.displays.get(id);
      if (kind === 'talking' && personId) this.update({ talking: personId });
      else if (kind === 'stopped-talking' && personId === this.snapshot.talking) this.update({ talking: null });
    } else if (kind === 'destroyed') {
      this.lose('room destroyed');
    }
    if (jsep) this.publisher?.handleRemoteJsep({ jsep });
  }

  /** Sends this device's microphone and camera; simulcast lets each receiver take the size it can. */
  private publish() {
    const handle = this.publisher;
    if (!handle) return;
    const tracks: JanusJS.TrackOption[] = [];
    if (this.local.audio) tracks.push({ type: 'audio', capture: keep(this.local.audio), recv: false, dontStop: true });
    const video = this.audioOnly ? null : this.local.video;
    if (video)
      tracks.push({ type: 'video', capture: keep(video), recv: false, simulcast: simulcastWorks(), dontStop: true });
    if (tracks.length === 0) return;
    handle.createOffer({
      tracks,
      success: (jsep) => {
        this.videoSending = Boolean(video);
        handle.send({
          message: { request: 'configure', audio: Boolean(this.local.audio), video: Boolean(video) },
          jsep,
        });
      },
      error: (error) => this.lose(`offer: ${String(error)}`),
    });
  }

  private addPublishers(list: Publisher[]) {
    const fresh: Array<number | string> = [];
    for (const p of list) {
      const id = String(p.id);
      // One's own other feed (the call being renewed) is never received: no echo of oneself.
      if (this.displays.has(id) || id === String(this.myId) || p.display === this.join.display) continue;
      this.displays.set(id, p.display);
      this.peers.set(id, { feedId: id, personId: p.display, audio: null, video: null });
      fresh.push(p.id);
    }
    if (fresh.length === 0) return;
    this.update({});
    this.subscribe(fresh);
  }

  private removeFeed(id: string) {
    this.displays.delete(id);
    const peer = this.peers.get(id);
    this.peers.delete(id);
    const personId = peer?.personId;
    this.update(personId && this.snapshot.talking === personId ? { talking: null } : {});
  }

  /** Everyone else arrives on one subscription; newcomers are added to it. */
  private subscribe(feeds: Array<number | string>) {
    const streams = feeds.map((feed) => ({ feed }));
    if (this.subscriber && this.subscribed) {
      this.subscriber.send({ message: { request: 'subscribe', streams } });
      return;
    }
    this.subscribing.push(...feeds);
    if (this.subscriber || this.subscribing.length !== feeds.length) return;
    this.janus?.attach({
      plugin: 'janus.plugin.videoroom',
      success: (handle) => {
        this.subscriber = handle;
        handle.send({
          message: {
            request: 'join',
            ptype: 'subscriber',
            room: this.join.mediaRoom,
            pin: this.join.pin,
            private_id: this.privateId ?? undefined,
            streams: this.subscribing.map((feed) => ({ feed })),
          },
        });
        this.subscribing = [];
      },
      error: (error) => this.lose(`attach subscriber: ${error}`),
      onmessage: (message, jsep) => this.onSubscriberMessage(message, jsep),
      onremotetrack: (track, mid, on, metadata) => this.onRemoteTrack(track, mid, on, metadata?.reason),
      webrtcState: (up) => {
        if (!up) this.lose('subscriber hung up');
      },
      iceState: (state) => {
        if (state === 'failed') this.lose('subscriber ice failed');
      },
      slowLink: () => this.slowLink(),
      ondetached: () => this.lose('subscriber detached'),
    });
  }

  private onSubscriberMessage(message: JanusJS.Message, jsep?: JanusJS.JSEP) {
    if (this.over) return;
    if (message['error']) {
      // A feed that left between the news and the request: nothing to receive from it.
      if (message['error_code'] === 428) return;
      this.lose(`subscriber: ${String(message['error_code'] ?? '')} ${String(message['error'])}`);
      return;
    }
    const kind = message['videoroom'] as string | undefined;
    if (kind === 'attached' || kind === 'updated') {
      this.subscribed = true;
      const streams = (message['streams'] as StreamInfo[] | undefined) ?? [];
      for (const s of streams) {
        if (s.feed_id === undefined) continue;
        this.midToFeed.set(s.mid, String(s.feed_id));
        if (s.type === 'video') this.videoMids.add(s.mid);
      }
      if (this.subscribing.length > 0) {
        const waiting = this.subscribing;
        this.subscribing = [];
        this.subscribe(waiting);
      }
    }
    const handle = this.subscriber;
    if (jsep && handle) {
      handle.createAnswer({
        jsep,
        // Receive only: what Janus offers comes in, nothing of this device goes out here.
        tracks: [{ type: 'data', capture: false }],
        success: (answer) => handle.send({ message: { request: 'start' }, jsep: answer }),
        error: (error) => this.lose(`answer: ${String(error)}`),
      });
    }
    if (this.audioOnly && kind === 'updated') this.receiveVideo(false);
    if (kind === 'attached' || kind === 'updated') queueMicrotask(() => this.sendLayers());
  }

  private onRemoteTrack(track: MediaStreamTrack, mid: string, on: boolean, reason?: string) {
    if (this.over) return;
    const feed = this.midToFeed.get(mid);
    const peer = feed ? this.peers.get(feed) : undefined;
    if (!peer) return;
    if (track.kind === 'audio') this.peers.set(peer.feedId, { ...peer, audio: on ? track : null });
    // A video track with no frames (their camera is off, or video is paused) shows their name instead.
    else this.peers.set(peer.feedId, { ...peer, video: on && reason !== 'mute' ? track : null });
    this.update({});
  }

  private slowLink() {
    if (this.over) return;
    const now = Date.now();
    this.slowLinks.push(now);
    while (this.slowLinks.length && this.slowLinks[0]! < now - WEAK_WINDOW_MS) this.slowLinks.shift();
    if (this.slowLinks.length >= WEAK_REPORTS && !this.snapshot.weak) this.update({ weak: true });
  }

  /**
   * Sound only (a weak connection, or the person's choice): stops sending this device's picture
   * and asks Janus to stop sending everyone else's; sound goes on. Off again, both come back.
   */
  setAudioOnly(on: boolean): void {
    if (this.audioOnly === on) return;
    this.audioOnly = on;
    if (!on) this.slowLinks.length = 0;
    this.update({ weak: on ? this.snapshot.weak : false });
    this.receiveVideo(!on);
    this.sendVideo(on ? null : this.local.video);
  }

  /** The camera turned on (a new track) or off (null) while in the call. */
  setLocalVideo(track: MediaStreamTrack | null): void {
    this.local = { ...this.local, video: track };
    if (!this.audioOnly) this.sendVideo(track);
  }

  private sendVideo(track: MediaStreamTrack | null) {
    const handle = this.publisher;
    if (!handle || this.snapshot.phase === 'lost' || this.snapshot.phase === 'closed') return;
    if (track && !this.videoSending) {
      // No picture was ever sent on this connection: offer one, as at the start.
      handle.createOffer({
        tracks: [{ type: 'video', capture: keep(track), recv: false, simulcast: simulcastWorks(), dontStop: true }],
        success: (jsep) => {
          this.videoSending = true;
          handle.send({ message: { request: 'configure', video: true }, jsep });
        },
        error: (error) => this.lose(`offer: ${String(error)}`),
      });
      return;
    }
    const mid = videoMid(handle);
    if (!mid) return;
    handle.replaceTracks({
      tracks: track
        ? [{ type: 'video', mid, capture: keep(track), recv: false, dontStop: true }]
        : [{ type: 'video', mid, remove: true, capture: false }],
    });
  }

  /**
   * How large each person's picture is shown: Janus then sends the simulcast layer that fits (a
   * filmstrip thumbnail needs a fraction of the speaker's). Someone not listed gets the largest.
   */
  setLayers(layers: ReadonlyMap<string, 0 | 1 | 2>): void {
    this.layers = new Map(layers);
    this.sendLayers();
  }

  private sendLayers() {
    const handle = this.subscriber;
    if (!handle || !this.subscribed || this.over) return;
    const streams: Array<{ mid: string; substream: 0 | 1 | 2 }> = [];
    for (const [mid, feed] of this.midToFeed) {
      const personId = this.displays.get(feed);
      if (!personId || !this.videoMids.has(mid)) continue;
      const layer = this.layers.get(personId) ?? 2;
      const key = `${mid} ${feed}`;
      if (this.askedLayer.get(key) === layer) continue;
      this.askedLayer.set(key, layer);
      streams.push({ mid, substream: layer });
    }
    if (streams.length) handle.send({ message: { request: 'configure', streams } });
  }

  private receiveVideo(on: boolean) {
    const handle = this.subscriber;
    if (!handle) return;
    const mids = [...this.videoMids];
    if (mids.length === 0) return;
    handle.send({ message: { request: 'configure', streams: mids.map((mid) => ({ mid, send: on })) } });
  }
}

/** Marks a track of ours so janus.js never stops it: this device decides when its camera goes off. */
function keep(track: MediaStreamTrack): MediaStreamTrack {
  (track as MediaStreamTrack & { dontStop?: boolean }).dontStop = true;
  return track;
}

/** The mid of the publisher connection's video sender, if it has one. */
function videoMid(handle: JanusJS.PluginHandle): string | undefined {
  return (
    handle.webrtcStuff?.pc?.getTransceivers().find((t) => t.receiver.track.kind === 'video' && t.mid)?.mid ?? undefined
  );
}

/**
 * Simulcast (three sizes of one picture, each receiver taking what suits it) where the browser
 * sends RID-based encodings: Chromium, Firefox and Safari do; anything else sends one picture.
 */
export function simulcastWorks(): boolean {
  return (
    typeof RTCRtpSender !== 'undefined' &&
    typeof RTCRtpSender.getCapabilities === 'function' &&
    Boolean(RTCRtpSender.getCapabilities('video')?.headerExtensions?.some((h) => h.uri.includes('rtp-stream-id')))
  );
}
