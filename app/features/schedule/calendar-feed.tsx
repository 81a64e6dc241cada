import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { scheduleKeys, type CalendarFeedState } from '../../api/schedule.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

/**
 * A private address a calendar app subscribes to. The address is shown once, when made; making a
 * new one or turning it off stops the old one at once.
 */
export function CalendarFeed() {
  const t = useT();
  const format = useFormat();
  const changed = useChanged();
  const feed = useQuery({
    queryKey: scheduleKeys.feed,
    queryFn: () => api<CalendarFeedState>('/api/me/calendar-feed'),
  });
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const refresh = () => void changed('account');
  const make = useMutation({
    mutationFn: () => api<{ url: string }>('/api/me/calendar-feed', { method: 'POST' }),
    onSuccess: (made) => {
      setUrl(made.url);
      setCopied(false);
      refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: () => api<void>('/api/me/calendar-feed', { method: 'DELETE' }),
    onSuccess: () => {
      setUrl(null);
      refresh();
    },
  });

  return (
    <section className="card" aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">{t('calendarFeed.heading')}</h2>
      <p>{t('calendarFeed.lead')}</p>
      {url && (
        <div className="notice notice--success" role="status">
          <p>{t.rich('calendarFeed.made', { strong: (chunks) => <strong>{chunks}</strong> })}</p>
          <p className="secret">
            <code>{url}</code>
          </p>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}
          >
            {t(copied ? 'calendarFeed.copied' : 'calendarFeed.copy')}
          </button>
        </div>
      )}
      {feed.data?.active && !url && (
        <p>
          {t('calendarFeed.active', { made: format.instant(feed.data.createdAt!) })}{' '}
          {feed.data.lastReadAt
            ? t('calendarFeed.lastRead', { when: format.instant(feed.data.lastReadAt) })
            : t('calendarFeed.neverRead')}
        </p>
      )}
      {(make.error ?? revoke.error) && <p role="alert">{(make.error ?? revoke.error)!.message}</p>}
      <div className="actions">
        <button type="button" className="button" onClick={() => make.mutate()} disabled={make.isPending}>
          {t(feed.data?.active ? 'calendarFeed.makeNew' : 'calendarFeed.make')}
        </button>
        {feed.data?.active && (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => revoke.mutate()}
            disabled={revoke.isPending}
          >
            {t('calendarFeed.turnOff')}
          </button>
        )}
      </div>
    </section>
  );
}
