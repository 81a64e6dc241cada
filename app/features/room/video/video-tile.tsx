import { useEffect, useMemo, useRef, type ReactNode } from 'react';

/** Plays a stream in a media element, switching it when the stream or its tracks change. */
function useStream<E extends HTMLMediaElement>(stream: MediaStream | null, trackIds: string) {
  const ref = useRef<E>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = stream;
    // Autoplay may wait for a gesture; joining the call was one, and a later play() catches up.
    if (stream) void element.play().catch(() => undefined);
  }, [stream, trackIds]);
  return ref;
}

const idsOf = (stream: MediaStream | null) =>
  stream
    ?.getTracks()
    .map((t) => t.id)
    .join(' ') ?? '';

/**
 * One person's picture with their name. The picture itself is silent (sound plays apart, so it
 * goes on when the picture is off or out of view); without a picture the name stands in its place.
 */
export function VideoTile({
  stream,
  name,
  label,
  self,
  speaker,
  talking,
  spotlit,
  mirrored,
  children,
}: {
  stream: MediaStream | null;
  /** Their display name, shown large when there is no picture. */
  name: string;
  /** The caption: the name, and "(you)", "in the spotlight". */
  label: ReactNode;
  self?: boolean;
  speaker?: boolean;
  talking?: boolean;
  spotlit?: boolean;
  mirrored?: boolean;
  /** A facilitator's actions about this person. */
  children?: ReactNode;
}) {
  const hasVideo = Boolean(stream && stream.getVideoTracks().some((t) => t.readyState === 'live'));
  const ref = useStream<HTMLVideoElement>(hasVideo ? stream : null, idsOf(stream));
  const classes = ['video-tile'];
  if (self) classes.push('video-tile--self');
  if (speaker) classes.push('video-tile--speaker');
  if (talking) classes.push('video-tile--talking');
  if (spotlit) classes.push('video-tile--spotlit');
  return (
    <figure className={classes.join(' ')}>
      <div className="video-tile__picture">
        {hasVideo ? (
          <video
            ref={ref}
            className={mirrored ? 'video-tile__video video-tile__video--mirrored' : 'video-tile__video'}
            autoPlay
            playsInline
            muted
          />
        ) : (
          <span className="video-tile__initial" aria-hidden="true" translate="no">
            {name.trim().slice(0, 1).toUpperCase()}
          </span>
        )}
      </div>
      <figcaption className="video-tile__name">{label}</figcaption>
      {children}
    </figure>
  );
}

/** Someone's sound, playing whether or not their picture is shown. */
export function RemoteAudio({ track }: { track: MediaStreamTrack }) {
  const stream = useMemo(() => new MediaStream([track]), [track]);
  const ref = useStream<HTMLAudioElement>(stream, track.id);
  return <audio ref={ref} autoPlay />;
}
