import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { scheduleKeys, type CalendarFeedState } from '../../api/schedule.js';
import { formatInstant } from '../../ui/format.js';

/**
 * A private address a calendar app subscribes to. The address is shown once, when made; making a
 * new one or turning it off stops the old one at once.
 */
export function CalendarFeed() {
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
      <h2 id="calendar-heading">Your sessions in your own calendar</h2>
      <p>
        Hearth can give you a private address that a calendar app (Google, Apple, Outlook) subscribes to. It shows when
        and where sessions are, and updates when one moves or is cancelled. It never shows who else is in a group.
      </p>
      {url && (
        <div className="notice notice--success" role="status">
          <p>
            <strong>Your calendar address.</strong> Copy it now and add it to your calendar app as a subscription
            (&ldquo;From URL&rdquo;). Hearth shows it only this once. Anyone with it can see your session times, so keep
            it to yourself.
          </p>
          <p className="secret">
            <code>{url}</code>
          </p>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}
          >
            {copied ? 'Copied' : 'Copy the address'}
          </button>
        </div>
      )}
      {feed.data?.active && !url && (
        <p>
          You have a calendar address, made {formatInstant(feed.data.createdAt!)}.{' '}
          {feed.data.lastReadAt
            ? `A calendar app last read it ${formatInstant(feed.data.lastReadAt)}.`
            : 'No calendar app has read it yet.'}
        </p>
      )}
      {(make.error ?? revoke.error) && <p role="alert">{(make.error ?? revoke.error)!.message}</p>}
      <div className="actions">
        <button type="button" className="button" onClick={() => make.mutate()} disabled={make.isPending}>
          {feed.data?.active ? 'Make a new address (the old one stops working)' : 'Make my calendar address'}
        </button>
        {feed.data?.active && (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => revoke.mutate()}
            disabled={revoke.isPending}
          >
            Turn it off
          </button>
        )}
      </div>
    </section>
  );
}
