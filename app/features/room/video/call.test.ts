import { describe, expect, it } from 'vitest';
import type Janus from 'janus-gateway';
import type { JanusJS } from 'janus-gateway';
import type { VideoJoin } from '../../../../domain/video.js';
import { VideoCall, type CallSnapshot } from './call.js';

/** A stand-in for janus.js: records what the call asks of Janus and lets the test answer as Janus would. */
class FakeHandle {
  sent: Array<Record<string, unknown>> = [];
  webrtcStuff = { pc: null };
  constructor(readonly options: JanusJS.PluginOptions) {}
  send(message: { message: Record<string, unknown> }) {
    this.sent.push(message.message);
  }
  createOffer(params: JanusJS.OfferParams) {
    params.success?.({ type: 'offer', sdp: 'v=0' });
  }
  createAnswer(params: JanusJS.PluginCreateAnswerParam) {
    params.success?.({ type: 'answer', sdp: 'v=0' });
  }
  handleRemoteJsep() {}
  replaceTracks() {}
}

class FakeJanus {
  static last: FakeJanus | null = null;
  handles: FakeHandle[] = [];
  destroyed = false;
  constructor(readonly options: JanusJS.ConstructorOptions) {
    FakeJanus.last = this;
    queueMicrotask(() => options.success?.());
  }
  attach(options: JanusJS.PluginOptions) {
    const handle = new FakeHandle(options);
    this.handles.push(handle);
    queueMicrotask(() => options.success?.(handle as unknown as JanusJS.PluginHandle));
  }
  destroy() {
    this.destroyed = true;
  }
}

const join: VideoJoin = {
  server: 'ws://127.0.0.2:8188/',
  iceServers: [],
  token: 'token-1',
  expiresAt: new Date(Date.now() + 300_000).toISOString(),
  mediaRoom: 'room-uuid',
  pin: 'pin-1',
  display: 'me',
  breakout: false,
};

const track = (kind: 'audio' | 'video', id: string) => ({ kind, id }) as unknown as MediaStreamTrack;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

async function started() {
  const seen: CallSnapshot[] = [];
  const call = new VideoCall(
    FakeJanus as unknown as typeof Janus,
    join,
    { audio: track('audio', 'mic'), video: track('video', 'cam') },
    (s) => seen.push(s),
  );
  call.start();
  await tick();
  const janus = FakeJanus.last!;
  const publisher = janus.handles[0]!;
  return { call, seen, janus, publisher };
}

describe('a call in one Janus videoroom', () => {
  it('joins with its own token, room and pin, publishes, and receives everyone but itself', async () => {
    const { janus, publisher, call } = await started();
    expect(janus.options).toMatchObject({ server: join.server, token: 'token-1' });
    expect(publisher.sent[0]).toEqual({
      request: 'join',
      ptype: 'publisher',
      room: 'room-uuid',
      pin: 'pin-1',
      display: 'me',
    });
    publisher.options.onmessage?.({
      videoroom: 'joined',
      id: 10,
      private_id: 99,
      // Its own other feed (a call being renewed) is there too.
      publishers: [
        { id: 1, display: 'sam' },
        { id: 2, display: 'me' },
      ],
    });
    expect(publisher.sent[1]).toEqual({ request: 'configure', audio: true, video: true });
    publisher.options.webrtcState?.(true);
    expect(call.state.phase).toBe('live');
    await tick();
    const subscriber = janus.handles[1]!;
    expect(subscriber.sent[0]).toEqual({
      request: 'join',
      ptype: 'subscriber',
      room: 'room-uuid',
      pin: 'pin-1',
      private_id: 99,
      streams: [{ feed: 1 }],
    });
    subscriber.options.onmessage?.(
      {
        videoroom: 'attached',
        streams: [
          { mid: '0', type: 'audio', feed_id: 1 },
          { mid: '1', type: 'video', feed_id: 1 },
        ],
      },
      { type: 'offer', sdp: 'v=0' },
    );
    expect(subscriber.sent[1]).toEqual({ request: 'start' });
    // The picture comes at the size it is shown: a filmstrip thumbnail asks for the smallest layer.
    call.setLayers(new Map([['sam', 0]]));
    expect(subscriber.sent.at(-1)).toEqual({ request: 'configure', streams: [{ mid: '1', substream: 0 }] });
    const asked = subscriber.sent.length;
    call.setLayers(new Map([['sam', 0]]));
    expect(subscriber.sent.length).toBe(asked);
    subscriber.options.onremotetrack?.(track('audio', 'a1'), '0', true);
    subscriber.options.onremotetrack?.(track('video', 'v1'), '1', true);
    expect(call.state.peers).toEqual([
      { feedId: '1', personId: 'sam', audio: track('audio', 'a1'), video: track('video', 'v1') },
    ]);
    // Their camera goes off: their picture gives way to their name; their sound stays.
    subscriber.options.onremotetrack?.(track('video', 'v1'), '1', false, { reason: 'mute' });
    expect(call.state.peers[0]).toMatchObject({ audio: { id: 'a1' }, video: null });

    // Newcomers join the same subscription; who talks is told by personId.
    publisher.options.onmessage?.({ videoroom: 'event', publishers: [{ id: 3, display: 'ana' }] });
    expect(subscriber.sent.at(-1)).toEqual({ request: 'subscribe', streams: [{ feed: 3 }] });
    publisher.options.onmessage?.({ videoroom: 'talking', id: 3 });
    expect(call.state.talking).toBe('ana');
    publisher.options.onmessage?.({ videoroom: 'talking', id: 10 });
    expect(call.state.talking).toBe('me');
    publisher.options.onmessage?.({ videoroom: 'stopped-talking', id: 10 });
    expect(call.state.talking).toBeNull();
    publisher.options.onmessage?.({ videoroom: 'event', leaving: 3 });
    expect(call.state.peers.map((p) => p.personId)).toEqual(['sam']);
  });

  it('reports a lost call once, shows nobody from it, closes its session and never reconnects itself', async () => {
    const { janus, publisher, call, seen } = await started();
    publisher.options.onmessage?.({
      videoroom: 'joined',
      id: 10,
      private_id: 99,
      publishers: [{ id: 1, display: 'sam' }],
    });
    janus.options.error?.('Lost connection to the server (is it down?)');
    expect(call.state).toMatchObject({ phase: 'lost', peers: [], talking: null });
    expect(janus.destroyed).toBe(true);
    const reports = seen.length;
    janus.options.error?.('again');
    publisher.options.onmessage?.({ videoroom: 'event', publishers: [{ id: 4, display: 'lee' }] });
    expect(seen.length).toBe(reports);
    expect(call.state.peers).toEqual([]);
  });

  it('takes a refusal from the videoroom (a wrong pin, a removed token) as the end of this call', async () => {
    const { publisher, call } = await started();
    publisher.options.onmessage?.({ videoroom: 'event', error_code: 433, error: 'Unauthorized' });
    expect(call.state.phase).toBe('lost');
  });

  it('turns weak after repeated slow links; trying pictures again after sound only clears it', async () => {
    const { publisher, call } = await started();
    publisher.options.onmessage?.({ videoroom: 'joined', id: 10, private_id: 99, publishers: [] });
    publisher.options.slowLink?.(true, 10, '1');
    expect(call.state.weak).toBe(false);
    publisher.options.slowLink?.(true, 10, '1');
    expect(call.state.weak).toBe(true);
    call.setAudioOnly(true);
    expect(call.state.weak).toBe(true);
    call.setAudioOnly(false);
    expect(call.state.weak).toBe(false);
  });
});
