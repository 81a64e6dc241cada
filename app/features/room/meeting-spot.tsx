import { useT } from '../../i18n/use-t.js';

/**
 * The group's own meeting link, where the group meets by video when Hearth's call is not there:
 * Hearth runs without Janus, or Janus is away for a moment (video/video-call.tsx shows it then).
 */
export function MeetingSpot({ link }: { link: string | null }) {
  const t = useT();
  if (!link) return null;
  return (
    <section className="card room-panel video-spot" aria-labelledby="video-heading">
      <h2 id="video-heading">{t('room.video.heading')}</h2>
      <p>{t('room.video.lead')}</p>
      <a className="button" href={link} rel="noreferrer" target="_blank">
        {t('room.video.open')}
      </a>
    </section>
  );
}
