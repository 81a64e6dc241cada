import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoomState, RoomViewer } from '../../../../domain/room.js';
import type { VideoAvailability, VideoJoin } from '../../../../domain/video.js';
import { ApiError, api } from '../../../api/client.js';
import { loadJanus, VideoCall, type CallSnapshot } from './call.js';
import { mediaPlaceOf } from './layout.js';

/**
 * Where this device is with the call:
 * - `unavailable`: video is off (or the group meets in person), or Janus is not answering
 * - `ready`: the person may join (the pre-join check)
 * - `joining`, `live`: on the way in, and in
 * - `away`: the call dropped (Janus away, the network); trying again with a new join
 * - `outside`: not in the room now (waiting, sent back, ended): no media at all
 */
export type VideoStatus = 'unavailable' | 'ready' | 'joining' | 'live' | 'away' | 'outside';

export interface LocalMedia {
  stream: MediaStream | null;
  micOn: boolean;
  cameraOn: boolean;
  /** Why the camera or microphone could not be used, if it could not. */
  problem: 'denied' | 'missing' | null;
}

export interface VideoController {
  availability: VideoAvailability | null;
  status: VideoStatus;
  local: LocalMedia;
  call: CallSnapshot | null;
  audioOnly: boolean;
  /** Shows this device's own picture and checks the microphone, before joining. */
  preview(): Promise<void>;
  join(): Promise<void>;
  leave(): void;
  setMic(on: boolean): Promise<void>;
  setCamera(on: boolean): Promise<void>;
  setAudioOnly(on: boolean): void;
  /** How large each person's picture is shown now (simulcast layer 0–2), for every call running. */
  setLayers(layers: ReadonlyMap<string, 0 | 1 | 2>): void;
  /** A facilitator muted this person's microphone or camera in the media server. */
  mutedBy(what: 'audio' | 'video'): void;
}

/** Janus answers again within this long after a drop, or the next try waits longer (to 30 s). */
const FIRST_RETRY_MS = 2_000;
const LAST_RETRY_MS = 30_000;
/** A new token is asked for this long before the current one expires. */
const RENEW_BEFORE_MS = 60_000;

/** Modest camera settings: a group call of up to 15 pictures, often on a phone. */
const CAMERA: MediaTrackConstraints = {
  width: { ideal: 640 },
  height: { ideal: 480 },
  frameRate: { ideal: 24, max: 30 },
  facingMode: 'user',
};

export const videoKeys = {
  availability: (roomId: string) => ['my', 'rooms', roomId, 'video'] as const,
};

function problemOf(error: unknown): LocalMedia['problem'] {
  const name = error instanceof DOMException ? error.name : '';
  return name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'missing';
}

/**
 * The call in the live room (docs/running-a-session.md, domain/video.ts). Asks whether the room
 * has video; once the person chooses to join, asks Hearth for a join (a token for the media room
 * they belong in now), publishes their camera and microphone and receives the others. It asks for
 * a new join when their breakout changes, before the token expires (the new call is up before the
 * old one closes) and after a drop; it stops at once when the room no longer has them (sent back,
 * removed, the room ended), and never tries an old token again.
 */
export function useVideo(roomId: string, state: RoomState, viewer: RoomViewer): VideoController {
  const place = mediaPlaceOf(state, viewer);
  const [status, setStatus] = useState<VideoStatus>('unavailable');
  const [wanted, setWanted] = useState(false);
  const [call, setCall] = useState<CallSnapshot | null>(null);
  const [audioOnly, setAudioOnlyState] = useState(false);
  const [local, setLocal] = useState<LocalMedia>({ stream: null, micOn: true, cameraOn: true, problem: null });
  const localRef = useRef(local);
  localRef.current = local;
  const audioOnlyRef = useRef(audioOnly);
  audioOnlyRef.current = audioOnly;
  const calls = useRef(new Set<VideoCall>());
  /** Starts a new call beside the running one (the renewal path), when one runs. */
  const renewNow = useRef<(() => void) | null>(null);
  /** What a facilitator muted in the media server: turning it on again needs a new feed. */
  const moderated = useRef(new Set<'audio' | 'video'>());
  const layers = useRef<ReadonlyMap<string, 0 | 1 | 2>>(new Map());

  const availability = useQuery({
    queryKey: videoKeys.availability(roomId),
    queryFn: () => api<VideoAvailability>(`/api/rooms/${roomId}/video`),
    enabled: place !== null,
    // Janus away: ask again now and then, so video comes back by itself when it does.
    refetchInterval: (query) =>
      query.state.data?.state === 'unavailable' || status === 'away' ? LAST_RETRY_MS / 2 : false,
  });
  const ready = availability.data?.state === 'ready';
  const refetchAvailability = availability.refetch;

  // Out of the room (sent back, removed, ended): the next time in starts from the pre-join check.
  if (place === null && wanted) setWanted(false);

  useEffect(() => {
    if (!wanted || place === null || !ready) return;
    let cancelled = false;
    let current: VideoCall | null = null;
    let next: VideoCall | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let renew: ReturnType<typeof setTimeout> | undefined;
    let delay = FIRST_RETRY_MS;
    const running = calls.current;
    setStatus('joining');

    const tracks = () => ({
      audio: localRef.current.stream?.getAudioTracks()[0] ?? null,
      video: localRef.current.stream?.getVideoTracks()[0] ?? null,
    });
    const again = () => {
      clearTimeout(retry);
      retry = setTimeout(() => void connect(false), delay);
      delay = Math.min(delay * 2, LAST_RETRY_MS);
    };
    const renewAt = (join: VideoJoin) => {
      clearTimeout(renew);
      const wait = Math.max(5_000, Date.parse(join.expiresAt) - Date.now() - RENEW_BEFORE_MS);
      renew = setTimeout(() => void connect(true), wait);
    };

    /** Asks Hearth for a join (always a new token) and starts a call with it. */
    const connect = async (renewing: boolean) => {
      let join: VideoJoin;
      try {
        join = await api<VideoJoin>(`/api/rooms/${roomId}/video/join`, { method: 'POST' });
      } catch (error) {
        if (cancelled) return;
        if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
          // Not in the room (still waiting, sent back) or video turned off: no trying again.
          current?.stop();
          setCall(null);
          setStatus(error.type?.endsWith('video-off') ? 'unavailable' : 'outside');
          void refetchAvailability();
          return;
        }
        // Janus or the network away: the room goes on; try again later with a new join.
        if (renewing && current) renew = setTimeout(() => void connect(true), 5_000);
        else {
          setStatus('away');
          again();
        }
        return;
      }
      const Janus = await loadJanus();
      if (cancelled) return;
      const made: VideoCall = new VideoCall(Janus, join, tracks(), (snapshot) => {
        if (cancelled) return;
        if (made === next) {
          // A renewal: once it is up, it takes over and the old call closes.
          if (snapshot.phase === 'live') {
            const old = current;
            current = made;
            next = null;
            old?.stop();
            if (old) calls.current.delete(old);
          } else if (snapshot.phase === 'lost') {
            next = null;
            calls.current.delete(made);
            if (current) renew = setTimeout(() => void connect(true), 5_000);
            else again();
            return;
          } else return;
        }
        if (made !== current) return;
        setCall(snapshot);
        if (snapshot.phase === 'live') {
          delay = FIRST_RETRY_MS;
          setStatus('live');
          // Up (a first call, or a renewal that took over after the old one dropped): renew in time.
          renewAt(join);
        } else if (snapshot.phase === 'lost') {
          calls.current.delete(made);
          current = null;
          clearTimeout(renew);
          setStatus('away');
          // A renewal on its way becomes the way back; otherwise ask again after a pause.
          if (next) {
            current = next;
            next = null;
          } else again();
        }
      });
      made.setAudioOnly(audioOnlyRef.current);
      made.setLayers(layers.current);
      calls.current.add(made);
      if (renewing && current) next = made;
      else current = made;
      made.start();
    };
    void connect(false);
    renewNow.current = () => {
      if (!current || next) return;
      clearTimeout(renew);
      void connect(true);
    };

    return () => {
      cancelled = true;
      renewNow.current = null;
      clearTimeout(retry);
      clearTimeout(renew);
      for (const c of running) c.stop();
      running.clear();
      setCall(null);
    };
  }, [wanted, place, ready, roomId, refetchAvailability]);

  // Out of the room, without video, or before joining, no call runs whatever the last one did.
  const shown: VideoStatus = place === null ? 'outside' : !ready ? 'unavailable' : !wanted ? 'ready' : status;

  // This device's camera and microphone are released when the person leaves the room's page.
  useEffect(
    () => () => {
      for (const track of localRef.current.stream?.getTracks() ?? []) track.stop();
    },
    [],
  );
  // Out of the room: the camera and microphone go off too.
  useEffect(() => {
    if (place !== null) return;
    const stream = localRef.current.stream;
    if (!stream) return;
    for (const track of stream.getTracks()) track.stop();
    setLocal((l) => ({ ...l, stream: null }));
  }, [place]);

  const capture = useCallback(async (): Promise<MediaStream | null> => {
    const current = localRef.current;
    if (current.stream) return current.stream;
    const stream = new MediaStream();
    let problem: LocalMedia['problem'] = null;
    try {
      // The microphone is captured even when off at first, so turning it on later is instant.
      const audio = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true },
      });
      for (const track of audio.getAudioTracks()) {
        track.enabled = localRef.current.micOn;
        stream.addTrack(track);
      }
    } catch (error) {
      problem = problemOf(error);
    }
    if (localRef.current.cameraOn) {
      try {
        const video = await navigator.mediaDevices.getUserMedia({ video: CAMERA });
        for (const track of video.getVideoTracks()) stream.addTrack(track);
      } catch (error) {
        problem = problem ?? problemOf(error);
      }
    }
    setLocal((l) => ({ ...l, stream, problem, cameraOn: l.cameraOn && stream.getVideoTracks().length > 0 }));
    localRef.current = { ...localRef.current, stream };
    return stream;
  }, []);

  const preview = useCallback(async () => {
    await capture();
  }, [capture]);

  const join = useCallback(async () => {
    await capture();
    setWanted(true);
  }, [capture]);

  // Leaving the call turns the camera and microphone off too; joining again asks for them afresh.
  const leave = useCallback(() => {
    setWanted(false);
    setStatus('ready');
    for (const track of localRef.current.stream?.getTracks() ?? []) track.stop();
    localRef.current = { ...localRef.current, stream: null };
    setLocal((l) => ({ ...l, stream: null }));
  }, []);

  /**
   * Janus keeps dropping a feed a facilitator muted (videoroom `moderate`), so the person turning
   * it on again gets a new feed: the call is renewed beside the old one, as for a new token.
   */
  const unmoderate = useCallback((what: 'audio' | 'video') => {
    if (!moderated.current.delete(what)) return;
    renewNow.current?.();
  }, []);

  const mutedBy = useCallback((what: 'audio' | 'video') => {
    moderated.current.add(what);
  }, []);

  const setMic = useCallback(
    async (on: boolean) => {
      for (const track of localRef.current.stream?.getAudioTracks() ?? []) track.enabled = on;
      setLocal((l) => ({ ...l, micOn: on }));
      if (on) unmoderate('audio');
    },
    [unmoderate],
  );

  const setCamera = useCallback(
    async (on: boolean) => {
      const stream = localRef.current.stream;
      if (!on) {
        // Off means off: the camera is released (its light goes out), not just hidden.
        for (const track of stream?.getVideoTracks() ?? []) {
          track.stop();
          stream?.removeTrack(track);
        }
        for (const c of calls.current) c.setLocalVideo(null);
        setLocal((l) => ({ ...l, cameraOn: false, stream: stream ? new MediaStream(stream.getTracks()) : null }));
        return;
      }
      setLocal((l) => ({ ...l, cameraOn: true }));
      localRef.current = { ...localRef.current, cameraOn: true };
      if (!stream) return;
      try {
        const video = await navigator.mediaDevices.getUserMedia({ video: CAMERA });
        const track = video.getVideoTracks()[0];
        if (!track) return;
        stream.addTrack(track);
        for (const c of calls.current) c.setLocalVideo(track);
        setLocal((l) => ({ ...l, stream: new MediaStream(stream.getTracks()), problem: null }));
        unmoderate('video');
      } catch (error) {
        setLocal((l) => ({ ...l, cameraOn: false, problem: problemOf(error) }));
      }
    },
    [unmoderate],
  );

  const setLayers = useCallback((wanted: ReadonlyMap<string, 0 | 1 | 2>) => {
    layers.current = wanted;
    for (const c of calls.current) c.setLayers(wanted);
  }, []);

  const setAudioOnly = useCallback((on: boolean) => {
    setAudioOnlyState(on);
    for (const c of calls.current) c.setAudioOnly(on);
  }, []);

  // A weak connection switches to sound only by itself (and says so); the person may try video again.
  const weak = call?.weak === true;
  useEffect(() => {
    if (weak) setAudioOnly(true);
  }, [weak, setAudioOnly]);

  return {
    availability: availability.data ?? null,
    status: shown,
    local,
    call,
    audioOnly,
    preview,
    join,
    leave,
    setMic,
    setCamera,
    setAudioOnly,
    setLayers,
    mutedBy,
  };
}
