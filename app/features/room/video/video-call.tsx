import { useEffect, useMemo, useState } from 'react';
import type { RoomEvent, RoomState, RoomViewer } from '../../../../domain/room.js';
import type { RoomCommand } from '../../../api/room.js';
import { useT } from '../../../i18n/use-t.js';
import { MeetingSpot } from '../meeting-spot.js';
import { nameOf } from '../room-words.js';
import type { RemotePeer } from './call.js';
import { layersFor, layoutOf, type Tile } from './layout.js';
import { useVideo, type VideoController } from './use-video.js';
import { RemoteAudio, VideoTile } from './video-tile.js';
import '../../../styles/video.css';

const HIDE_SELF = 'hearth.video.hideSelf';

/** What a facilitator asked of this device, shown until the person answers or it passes. */
type Ask = { kind: 'unmute'; by: string; seq: number } | { kind: 'muted'; what: 'audio' | 'video'; seq: number };

/**
 * The call in the live room: the pre-join check, the gallery (a speaker and a filmstrip on a
 * phone), the camera, microphone and own-picture controls, and for facilitators mute, ask to
 * unmute and spotlight. Without video it says why to facilitators and nothing alarming to members.
 */
export function VideoCall({
  roomId,
  state,
  viewer,
  lastEvent,
  meetingLink,
  send,
}: {
  roomId: string;
  state: RoomState;
  viewer: RoomViewer;
  lastEvent: RoomEvent | null;
  /** The group's own meeting link: where the group meets by video while Hearth's call is off. */
  meetingLink: string | null;
  send(command: RoomCommand): void;
}) {
  const t = useT();
  const video = useVideo(roomId, state, viewer);
  const facilitator = viewer.kind === 'facilitator';
  const [ask, setAsk] = useState<Ask | null>(null);
  const [seenSeq, setSeenSeq] = useState(() => lastEvent?.seq ?? 0);

  // A facilitator muted this person, or asks them to unmute: their own device reacts, gently.
  if (lastEvent && lastEvent.seq !== seenSeq) {
    setSeenSeq(lastEvent.seq);
    if (lastEvent.type === 'video.muted' && lastEvent.personId === viewer.personId)
      setAsk({ kind: 'muted', what: lastEvent.what, seq: lastEvent.seq });
    else if (lastEvent.type === 'video.unmuteAsked' && lastEvent.personId === viewer.personId)
      setAsk({ kind: 'unmute', by: lastEvent.by ?? '', seq: lastEvent.seq });
  }
  const mutedWhat = ask?.kind === 'muted' ? ask.what : null;
  const { setMic, setCamera, mutedBy } = video;
  useEffect(() => {
    if (!mutedWhat) return;
    if (mutedWhat === 'audio') void setMic(false);
    else void setCamera(false);
    mutedBy(mutedWhat);
  }, [mutedWhat, ask?.seq, setMic, setCamera, mutedBy]);

  if (video.status === 'outside') return null;
  if (video.status === 'unavailable')
    return (
      <>
        <Unavailable controller={video} facilitator={facilitator} />
        <MeetingSpot link={meetingLink} />
      </>
    );

  return (
    <section className="card room-panel video" aria-labelledby="call-heading">
      <h2 id="call-heading">{t('video.heading')}</h2>
      {!facilitator && <p className="hint">{t('video.noRecording')}</p>}
      {video.status === 'ready' ? (
        <PreJoin controller={video} />
      ) : (
        <InCall controller={video} state={state} viewer={viewer} send={send} facilitator={facilitator} />
      )}
      <div role="status" className="video__asks">
        {ask?.kind === 'muted' && (
          <p className="notice">
            {t('video.mutedByFacilitator', { what: ask.what })}{' '}
            <button type="button" className="link-button" onClick={() => setAsk(null)}>
              {t('video.ok')}
            </button>
          </p>
        )}
        {ask?.kind === 'unmute' && video.status !== 'ready' && (
          <div className="notice video__ask">
            <p>{t('video.askUnmute.prompt', { name: nameOf(state, ask.by) || t('video.aFacilitator') })}</p>
            <div className="actions">
              <button
                type="button"
                className="button"
                onClick={() => {
                  void video.setMic(true);
                  setAsk(null);
                }}
              >
                {t('video.askUnmute.yes')}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setAsk(null)}>
                {t('video.askUnmute.no')}
              </button>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}

/**
 * No video here now. Facilitators read why and what turns it on; members read nothing when the
 * group meets elsewhere, and one calm line when the media server is away for a moment.
 */
function Unavailable({ controller, facilitator }: { controller: VideoController; facilitator: boolean }) {
  const t = useT();
  const a = controller.availability;
  if (!a) return null;
  if (a.state === 'unavailable')
    return (
      <p className="video__away" role="status">
        {t('video.away')}
      </p>
    );
  if (!facilitator || a.state !== 'off') return null;
  return (
    <section className="card room-panel video video--off" aria-labelledby="call-heading">
      <h2 id="call-heading">{t('video.heading')}</h2>
      {a.reason === 'inPerson' ? (
        <p>{t('video.off.inPerson')}</p>
      ) : (
        <>
          <p>{t('video.off.notConfigured')}</p>
          <p className="hint">{t.rich('video.off.howTo', { code: (chunks) => <code>{chunks}</code> })}</p>
        </>
      )}
    </section>
  );
}

/** Before joining: one's own picture, camera and microphone on or off, and the way in. */
function PreJoin({ controller }: { controller: VideoController }) {
  const t = useT();
  const { local } = controller;
  const [joining, setJoining] = useState(false);
  return (
    <div className="video-prejoin">
      <VideoTile
        stream={local.cameraOn ? local.stream : null}
        name={t('video.you')}
        label={local.stream ? t('video.preview.yours') : t('video.preview.none')}
        self
        mirrored
      />
      <div className="video-prejoin__choices">
        <p>{t('video.preJoin.lead')}</p>
        <Toggles controller={controller} />
        {local.problem && <p className="notice">{t('video.problem', { problem: local.problem })}</p>}
        <div className="actions">
          {!local.stream && (
            <button type="button" className="button button--quiet" onClick={() => void controller.preview()}>
              {t('video.preJoin.check')}
            </button>
          )}
          <button
            type="button"
            className="button"
            disabled={joining}
            onClick={() => {
              setJoining(true);
              void controller.join().finally(() => setJoining(false));
            }}
          >
            {t('video.preJoin.join')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Microphone and camera, on or off: the same buttons before and during the call. */
function Toggles({ controller }: { controller: VideoController }) {
  const t = useT();
  const { local } = controller;
  return (
    <div className="video-controls__toggles">
      <button
        type="button"
        className={
          local.micOn ? 'button button--quiet video-toggle' : 'button button--quiet video-toggle video-toggle--off'
        }
        onClick={() => void controller.setMic(!local.micOn)}
      >
        {t('video.mic', { on: String(local.micOn) })}
      </button>
      <button
        type="button"
        className={
          local.cameraOn ? 'button button--quiet video-toggle' : 'button button--quiet video-toggle video-toggle--off'
        }
        onClick={() => void controller.setCamera(!local.cameraOn)}
      >
        {t('video.camera', { on: String(local.cameraOn) })}
      </button>
    </div>
  );
}

/** The width at which the call is a gallery rather than a speaker and filmstrip (app/styles/video.css). */
const GALLERY_FROM = '(min-width: 48rem)';

/** Whether the screen is wide enough for the gallery, following the window as it changes. */
function useWide(): boolean {
  const [wide, setWide] = useState(() => window.matchMedia(GALLERY_FROM).matches);
  useEffect(() => {
    const query = window.matchMedia(GALLERY_FROM);
    const change = () => setWide(query.matches);
    query.addEventListener('change', change);
    return () => query.removeEventListener('change', change);
  }, []);
  return wide;
}

/** A stream per person from the tracks arriving for them, kept while the tracks stay the same. */
function usePeerStreams(peers: RemotePeer[]): Map<string, MediaStream | null> {
  const key = peers.map((p) => `${p.personId}:${p.video?.id ?? ''}`).join(' ');
  return useMemo(() => {
    const streams = new Map<string, MediaStream | null>();
    for (const p of peers)
      if (!streams.get(p.personId)) streams.set(p.personId, p.video ? new MediaStream([p.video]) : null);
    return streams;
    // The key says when the tracks changed; the array is new on every snapshot.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}

function InCall({
  controller,
  state,
  viewer,
  send,
  facilitator,
}: {
  controller: VideoController;
  state: RoomState;
  viewer: RoomViewer;
  send(command: RoomCommand): void;
  facilitator: boolean;
}) {
  const t = useT();
  const [selfHidden, setSelfHidden] = useState(() => localStorage.getItem(HIDE_SELF) === '1');
  const { call, local, status, audioOnly } = controller;
  const peers = useMemo(() => call?.peers ?? [], [call]);
  const streams = usePeerStreams(peers);
  const layout = layoutOf({
    state,
    viewer,
    remote: peers.map((p) => ({ personId: p.personId, video: Boolean(p.video) && !audioOnly })),
    selfVideo: local.cameraOn && !audioOnly,
    selfHidden,
    talking: call?.talking ?? null,
  });
  // Janus sends each picture at the size it is shown (simulcast): the key says when that changes.
  const wide = useWide();
  const { setLayers } = controller;
  const wanted = layersFor(layout.tiles, wide);
  const layerKey = [...wanted].map(([id, layer]) => `${id}:${layer}`).join(' ');
  useEffect(() => {
    setLayers(wanted);
    // The key holds what matters; the map is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layerKey, setLayers]);
  const hideSelf = (hidden: boolean) => {
    setSelfHidden(hidden);
    localStorage.setItem(HIDE_SELF, hidden ? '1' : '0');
  };
  const speaker = layout.tiles.find((tile) => tile.speaker);
  const strip = layout.tiles.filter((tile) => tile !== speaker);
  const tileOf = (tile: Tile) => {
    const name = nameOf(state, tile.personId);
    const label = (
      <>
        {tile.self ? t('room.here.me', { name }) : name}
        {tile.spotlit && <span className="video-tile__tag">{t('video.spotlightTag')}</span>}
      </>
    );
    return (
      <VideoTile
        key={tile.personId}
        stream={tile.self ? (local.cameraOn && !audioOnly ? local.stream : null) : (streams.get(tile.personId) ?? null)}
        name={name}
        label={label}
        self={tile.self}
        speaker={tile.speaker}
        talking={tile.talking}
        spotlit={tile.spotlit}
        mirrored={tile.self}
      >
        {facilitator && !tile.self && (
          <ModerateMenu personId={tile.personId} name={name} spotlit={tile.spotlit} send={send} />
        )}
      </VideoTile>
    );
  };
  return (
    <>
      <p className="video__status" role="status">
        {status === 'away'
          ? t('video.away')
          : status === 'joining'
            ? t('video.joining')
            : audioOnly
              ? t(call?.weak ? 'video.audioOnly.weak' : 'video.audioOnly.chosen')
              : t('video.live', { count: layout.tiles.length + layout.more - (selfHidden ? 0 : 1) })}
      </p>
      <div className="video-stage">
        {speaker && <div className="video-stage__speaker">{tileOf(speaker)}</div>}
        <div className="video-stage__strip">{strip.map(tileOf)}</div>
      </div>
      {layout.more > 0 && <p className="hint">{t('video.more', { count: layout.more })}</p>}
      {selfHidden && <p className="hint">{t('video.selfHiddenHint')}</p>}
      <div className="video-controls" role="group" aria-label={t('video.controls')}>
        <Toggles controller={controller} />
        <button type="button" className="button button--quiet" onClick={() => hideSelf(!selfHidden)}>
          {t('video.selfView', { hidden: String(selfHidden) })}
        </button>
        <button type="button" className="button button--quiet" onClick={() => controller.setAudioOnly(!audioOnly)}>
          {t('video.audioOnly.toggle', { on: String(audioOnly) })}
        </button>
        <button type="button" className="button button--quiet" onClick={() => controller.leave()}>
          {t('video.leave')}
        </button>
      </div>
      {peers.map((p) => p.audio && <RemoteAudio key={`${p.feedId}-${p.audio.id}`} track={p.audio} />)}
    </>
  );
}

/** A facilitator's actions about one person in the call: mute, ask to unmute, spotlight. */
function ModerateMenu({
  personId,
  name,
  spotlit,
  send,
}: {
  personId: string;
  name: string;
  spotlit: boolean;
  send(command: RoomCommand): void;
}) {
  const t = useT();
  const who = <span className="visually-hidden"> {name}</span>;
  return (
    <details className="video-tile__menu">
      <summary>
        {t('video.moderate.menu')}
        {who}
      </summary>
      <div className="video-tile__actions">
        <button
          type="button"
          className="link-button"
          onClick={() => send({ type: 'video.mute', personId, what: 'audio' })}
        >
          {t('video.moderate.mute', { what: 'audio' })}
          {who}
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => send({ type: 'video.mute', personId, what: 'video' })}
        >
          {t('video.moderate.mute', { what: 'video' })}
          {who}
        </button>
        <button type="button" className="link-button" onClick={() => send({ type: 'video.askUnmute', personId })}>
          {t('video.moderate.askUnmute')}
          {who}
        </button>
        <button
          type="button"
          className="link-button"
          aria-pressed={spotlit}
          onClick={() => send({ type: 'video.spotlight', personId: spotlit ? null : personId })}
        >
          {t('video.moderate.spotlight')}
          {who}
        </button>
      </div>
    </details>
  );
}
