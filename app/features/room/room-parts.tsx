import type { ReactNode } from 'react';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

/** Someone in the room, by the name the group knows them by. */
export interface PersonHere {
  id: string;
  name: string;
  facilitator: boolean;
  connected: boolean;
  /** This device's own person. */
  me?: boolean;
}

/** Who is here, with whether each is connected right now; never an e-mail address. */
export function PeopleHere({ people, actions }: { people: PersonHere[]; actions?: (p: PersonHere) => ReactNode }) {
  const t = useT();
  return (
    <section className="card room-panel" aria-labelledby="here-heading">
      <h2 id="here-heading">{t('room.here.heading', { count: people.filter((p) => p.connected).length })}</h2>
      <ul className="people-here">
        {people.map((p) => (
          <li key={p.id} className="people-here__person">
            <span className={p.connected ? 'presence presence--on' : 'presence'} aria-hidden="true" />
            <span>
              {p.me ? t('room.here.me', { name: p.name }) : p.name}
              {p.facilitator && <span className="muted"> · {t('room.here.facilitator')}</span>}
              <span className={p.connected ? 'visually-hidden' : 'muted'}>
                {' '}
                · {t(p.connected ? 'room.here.connected' : 'room.here.away')}
              </span>
            </span>
            {actions?.(p)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One place in the talking order. */
export interface Turn {
  id: string;
  name: string;
  state: 'done' | 'passed' | 'speaking' | 'waiting';
  me?: boolean;
}

/**
 * The talking order: who has spoken, who passed, who is speaking, who is still to come. Given
 * `moveUp`, each person still to come (but the first of them) can be moved one place earlier.
 */
export function TalkingOrder({ turns, moveUp }: { turns: Turn[]; moveUp?(id: string): void }) {
  const t = useT();
  if (turns.length === 0) return null;
  const firstWaiting = turns.find((turn) => turn.state === 'waiting')?.id;
  return (
    <ol className="talking-order" aria-label={t('room.order.label')}>
      {turns.map((turn) => (
        <li key={turn.id} className={`talking-order__turn talking-order__turn--${turn.state}`}>
          <span>{turn.me ? t('room.here.me', { name: turn.name }) : turn.name}</span>{' '}
          <span className="muted">{t(`room.order.state.${turn.state}`)}</span>
          {moveUp && turn.state === 'waiting' && turn.id !== firstWaiting && (
            <button type="button" className="link-button" onClick={() => moveUp(turn.id)}>
              {t('room.order.moveUp')}
              <span className="visually-hidden">: {turn.name}</span>
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}

/** The raise-hand queue, first come first served, seen by everyone. */
export function HandQueue({ names }: { names: Array<{ id: string; name: string; me?: boolean }> }) {
  const t = useT();
  if (names.length === 0) return <p className="muted">{t('room.hands.none')}</p>;
  return (
    <ol className="hand-queue" aria-label={t('room.hands.label')}>
      {names.map((n) => (
        <li key={n.id}>{n.me ? t('room.here.me', { name: n.name }) : n.name}</li>
      ))}
    </ol>
  );
}

/** One member's voice in this session, and over the group's last sessions when known. */
export interface Voice {
  id: string;
  name: string;
  seconds: number;
  turns: number;
  hasFloor: boolean;
  /** The last sessions they were in the room for (none: not shown). */
  earlier?: { sessions: number; seconds: number; turns: number } | null;
}

/**
 * Share of voice at a glance, for facilitators: a bar per member, in a stable order (never resorted
 * by time, so a name stays where the hand expects it), with their last sessions beside it; the quiet
 * ones are named, this session and over the last sessions. Tapping a name gives that person the floor.
 */
export function ShareOfVoice({ voices, giveFloor }: { voices: Voice[]; giveFloor(id: string): void }) {
  const t = useT();
  const format = useFormat();
  const most = Math.max(1, ...voices.map((v) => v.seconds));
  const quiet = voices.filter((v) => v.turns === 0);
  const quietEarlier = voices.filter((v) => v.earlier && v.earlier.sessions > 0 && v.earlier.turns === 0);
  return (
    <section className="card room-panel" aria-labelledby="voice-heading">
      <h2 id="voice-heading">{t('room.voice.heading')}</h2>
      <ul className="voice">
        {voices.map((v) => (
          <li key={v.id} className="voice__row">
            <button
              type="button"
              className={v.hasFloor ? 'voice__name voice__name--floor' : 'voice__name'}
              aria-pressed={v.hasFloor}
              onClick={() => giveFloor(v.id)}
            >
              {v.name}
              <span className="visually-hidden">, {t('room.voice.giveFloorHint')}</span>
            </button>
            <span className="voice__bar" aria-hidden="true">
              <span style={{ inlineSize: `${(v.seconds / most) * 100}%` }} />
            </span>
            <span className="voice__figures">
              {t('room.voice.figures', {
                minutes: Math.floor(v.seconds / 60),
                seconds: v.seconds % 60,
                turns: v.turns,
              })}
              {v.earlier && v.earlier.sessions > 0 && (
                <span className="muted voice__earlier">
                  {t('room.summary.earlier', {
                    sessions: v.earlier.sessions,
                    minutes: Math.round(v.earlier.seconds / 60),
                    turns: v.earlier.turns,
                  })}
                </span>
              )}
            </span>
          </li>
        ))}
      </ul>
      <p className={quiet.length ? '' : 'muted'}>
        {quiet.length
          ? t('room.voice.quiet', { names: format.list(quiet.map((v) => v.name)) })
          : t('room.voice.everyone')}
      </p>
      {quietEarlier.length > 0 && (
        <p>{t('room.voice.quietEarlier', { names: format.list(quietEarlier.map((v) => v.name)) })}</p>
      )}
    </section>
  );
}
