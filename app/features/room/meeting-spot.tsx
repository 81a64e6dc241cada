import { useT } from '../../i18n/use-t.js';

/**
 * Where the group meets by video. Video built into the room comes later (through an existing media
 * server, PRODUCT.md §3.4); until then this is where the group's own meeting link lives, and where
 * the video will appear.
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
