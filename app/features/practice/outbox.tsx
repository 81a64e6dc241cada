import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { queryKeys } from '../../api/session.js';
import { formatInstant } from '../../ui/format.js';

interface Outbox {
  mode: 'smtp' | 'outbox';
  messages: Array<{ id: string; to: string; subject: string; text: string; createdAt: string }>;
}

/** The e-mail Hearth keeps instead of sending, while no mail server is set up. */
export function OutboxMessages() {
  const outbox = useQuery({ queryKey: queryKeys.outbox, queryFn: () => api<Outbox>('/api/outbox') });
  if (outbox.isPending) return <p role="status">Loading…</p>;
  if (outbox.isError) return <p role="alert">The outbox could not be loaded. Please reload the page.</p>;
  if (outbox.data.mode === 'smtp') {
    return <p>Hearth sends e-mail through your mail server, so nothing is kept here.</p>;
  }
  return (
    <>
      <p>
        Hearth has no mail server set up yet (see HEARTH_SMTP_URL in the operations guide), so it keeps e-mail here
        instead of sending it. Pass invitation links on yourself, by a channel you trust.
      </p>
      {outbox.data.messages.length === 0 && <p>Nothing yet.</p>}
      <ul className="list list--cards">
        {outbox.data.messages.map((message) => (
          <li key={message.id} className="card">
            <h2 className="card__title">{message.subject}</h2>
            <p className="muted">
              To {message.to} · {formatInstant(message.createdAt)}
            </p>
            <pre className="mail-text">{message.text}</pre>
          </li>
        ))}
      </ul>
    </>
  );
}
