import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { queryKeys } from '../../api/session.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

interface Outbox {
  mode: 'smtp' | 'outbox';
  messages: Array<{ id: string; to: string; subject: string; text: string; createdAt: string }>;
}

/** The e-mail Hearth keeps instead of sending, while no mail server is set up. */
export function OutboxMessages() {
  const t = useT();
  const format = useFormat();
  const outbox = useQuery({ queryKey: queryKeys.outbox, queryFn: () => api<Outbox>('/api/outbox') });
  if (outbox.isPending) return <p role="status">{t('outbox.loading')}</p>;
  if (outbox.isError) return <p role="alert">{t('outbox.loadFailed')}</p>;
  if (outbox.data.mode === 'smtp') {
    return <p>{t('outbox.smtp')}</p>;
  }
  return (
    <>
      <p>{t('outbox.kept')}</p>
      {outbox.data.messages.length === 0 && <p>{t('outbox.empty')}</p>}
      <ul className="list list--cards">
        {outbox.data.messages.map((message) => (
          <li key={message.id} className="card">
            <h2 className="card__title">{message.subject}</h2>
            <p className="muted">{t('outbox.meta', { to: message.to, sentAt: format.instant(message.createdAt) })}</p>
            <pre className="mail-text">{message.text}</pre>
          </li>
        ))}
      </ul>
    </>
  );
}
