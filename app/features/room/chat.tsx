import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

export interface ChatLine {
  id: string;
  name: string;
  text: string;
  at: string;
  /** Hidden by a facilitator: members no longer see it; facilitators see it marked. */
  hidden?: boolean;
  /** Held by crisis-language screening: only its author and the facilitators see it. */
  held?: boolean;
  mine?: boolean;
}

/**
 * A running conversation in the room, by display name. Used for the group's chat (a facilitator may
 * hide a line) and for the facilitators' back-channel. Lines are not a live region: a chat read
 * aloud line by line would talk over the person speaking in the room.
 */
export function Chat({
  id,
  heading,
  lead,
  lines,
  pending,
  onSend,
  onHide,
  onRelease,
  emptyText,
}: {
  id: string;
  heading: string;
  lead?: string;
  lines: ChatLine[];
  pending: boolean;
  onSend(text: string): void;
  onHide?(line: ChatLine): void;
  /** A facilitator shows a held line to the group. */
  onRelease?(line: ChatLine): void;
  emptyText: string;
}) {
  const t = useT();
  const format = useFormat();
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    onSend(text.trim());
    setText('');
  };
  return (
    <section className="card room-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {lead && <p className="hint">{lead}</p>}
      {lines.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <ol className="chat" tabIndex={0} aria-label={heading}>
          {lines.map((line) => (
            <li key={line.id} className={line.hidden ? 'chat__line chat__line--hidden' : 'chat__line'}>
              <span className="chat__who">{line.name}</span>{' '}
              <span className="muted chat__when">{format.time(line.at)}</span>
              {line.hidden && <span className="tag">{t('room.chat.hiddenTag')}</span>}
              {line.held && <span className="tag">{t(onRelease ? 'room.chat.heldTag' : 'room.chat.heldMine')}</span>}
              <p className="chat__text" translate="no">
                {line.text}
              </p>
              {onRelease && line.held && !line.hidden && (
                <button type="button" className="link-button" onClick={() => onRelease(line)}>
                  {t('room.chat.release')}
                  <span className="visually-hidden">
                    , {line.name}: {line.text}
                  </span>
                </button>
              )}{' '}
              {onHide && !line.hidden && (
                <button type="button" className="link-button" onClick={() => onHide(line)}>
                  {t('room.chat.hide')}
                  <span className="visually-hidden">
                    , {line.name}: {line.text}
                  </span>
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      <form className="inline-field chat__form" onSubmit={submit}>
        <label htmlFor={`${id}-text`} className="visually-hidden">
          {t('room.chat.messageLabel', { where: heading })}
        </label>
        <input
          id={`${id}-text`}
          value={text}
          maxLength={500}
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button" disabled={pending || !text.trim()}>
          {t('room.chat.send')}
          <span className="visually-hidden">, {heading}</span>
        </button>
      </form>
    </section>
  );
}
