import { useState, type FormEvent } from 'react';
import type { BreakoutMethod, RoomPerson, RoomState } from '../../../domain/room.js';
import type { RoomCommand } from '../../api/room.js';
import { useSkillCards } from '../../api/skills.js';
import { BreakoutCard } from '../skills/breakout-card.js';
import { useT } from '../../i18n/use-t.js';
import { Countdown } from './countdown.js';
import { nameOf } from './room-words.js';

const METHODS: BreakoutMethod[] = ['random', 'keep-apart', 'by-hand'];
const BREAKOUT_CHOICES = [300, 420, 600, 900, 1200];

/** Every pair among the people marked to be kept apart. */
function pairsOf(ids: string[]): Array<[string, string]> {
  return ids.flatMap((a, i) => ids.slice(i + 1).map((b): [string, string] => [a, b]));
}

/**
 * Role-play breakouts: pairs or triads (speaker, listener, observer), made at random, at random
 * with marked people kept apart, or by hand; one timer for all.
 */
export function BreakoutPlanner({
  members,
  busy,
  send,
}: {
  members: RoomPerson[];
  busy: boolean;
  send(command: RoomCommand): void;
}) {
  const t = useT();
  const [size, setSize] = useState<2 | 3>(3);
  const [method, setMethod] = useState<BreakoutMethod>('random');
  const [seconds, setSeconds] = useState(600);
  const [apart, setApart] = useState<string[]>([]);
  const [byHand, setByHand] = useState<Record<string, number>>({});
  const [cardId, setCardId] = useState('');
  const cards = useSkillCards();
  const count = Math.max(1, Math.floor(members.length / size));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const groups = Array.from({ length: count }, (_, n) =>
      members.filter((m) => (byHand[m.personId] ?? 0) === n + 1).map((m) => m.personId),
    ).filter((g) => g.length > 0);
    send({
      type: 'breakouts.form',
      size,
      method,
      seconds,
      cardId: cardId || null,
      ...(method === 'keep-apart' && { apart: pairsOf(apart) }),
      ...(method === 'by-hand' && { groups }),
    });
  };
  if (members.length < 2) return null;
  return (
    <section className="card room-panel" aria-labelledby="breakouts-heading">
      <h2 id="breakouts-heading">{t('room.breakouts.heading')}</h2>
      <form className="form room-form" onSubmit={submit}>
        <fieldset className="field">
          <legend>{t('room.breakouts.size')}</legend>
          {([2, 3] as const).map((n) => (
            <label key={n} className="radio">
              <input type="radio" name="breakout-size" checked={size === n} onChange={() => setSize(n)} />
              {t('room.breakouts.sizeOption', { size: n === 2 ? 'pairs' : 'triads' })}
            </label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>{t('room.breakouts.method')}</legend>
          {METHODS.map((m) => (
            <label key={m} className="radio">
              <input type="radio" name="breakout-method" checked={method === m} onChange={() => setMethod(m)} />
              {t('room.breakouts.methodOption', { method: m === 'keep-apart' ? 'keepApart' : m })}
            </label>
          ))}
        </fieldset>
        {method === 'keep-apart' && (
          <fieldset className="field">
            <legend>{t('room.breakouts.apart')}</legend>
            {members.map((m) => (
              <label key={m.personId} className="checkbox">
                <input
                  type="checkbox"
                  checked={apart.includes(m.personId)}
                  onChange={(e) =>
                    setApart(e.target.checked ? [...apart, m.personId] : apart.filter((id) => id !== m.personId))
                  }
                />
                {m.displayName}
              </label>
            ))}
          </fieldset>
        )}
        {method === 'by-hand' && (
          <fieldset className="field">
            <legend>{t('room.breakouts.byHand')}</legend>
            <p className="hint">{t('room.breakouts.byHandHint')}</p>
            {members.map((m) => (
              <div key={m.personId} className="inline-field">
                <label htmlFor={`by-hand-${m.personId}`}>{m.displayName}</label>
                <select
                  id={`by-hand-${m.personId}`}
                  value={byHand[m.personId] ?? 0}
                  onChange={(e) => setByHand({ ...byHand, [m.personId]: Number(e.target.value) })}
                >
                  <option value={0}>{t('room.breakouts.none')}</option>
                  {Array.from({ length: count }, (_, n) => (
                    <option key={n} value={n + 1}>
                      {t('room.breakouts.number', { number: n + 1 })}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </fieldset>
        )}
        <div className="field">
          <label htmlFor="breakout-seconds">{t('room.breakouts.length')}</label>
          <select id="breakout-seconds" value={seconds} onChange={(e) => setSeconds(Number(e.target.value))}>
            {BREAKOUT_CHOICES.map((s) => (
              <option key={s} value={s}>
                {t('room.minutes', { minutes: s / 60 })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="breakout-card">{t('skills.room.card')}</label>
          <select id="breakout-card" value={cardId} onChange={(e) => setCardId(e.target.value)}>
            <option value="">{t('skills.room.noCard')}</option>
            {cards.data?.cards.map((card) => (
              <option key={card.id} value={card.id} lang={card.language}>
                {card.title}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('room.breakouts.start')}
        </button>
      </form>
    </section>
  );
}

/** The breakouts as they run: who is with whom in which role, the one timer, rotate, bring back. */
export function BreakoutsRunning({
  state,
  offsetMs,
  busy,
  send,
}: {
  state: RoomState;
  offsetMs: number;
  busy: boolean;
  send(command: RoomCommand): void;
}) {
  const t = useT();
  const breakouts = state.breakouts;
  if (!breakouts) return null;
  return (
    <section className="card room-panel" aria-labelledby="breakouts-heading">
      <h2 id="breakouts-heading">{t('room.breakouts.running')}</h2>
      <Countdown deadline={breakouts.deadline} offsetMs={offsetMs} label={t('room.timer.breakout')} />
      {breakouts.list[0]?.cardId && <BreakoutCard cardId={breakouts.list[0].cardId} />}
      <ol className="breakout-list">
        {breakouts.list.map((b, n) => (
          <li key={b.breakoutId}>
            <strong>{t('room.breakouts.number', { number: n + 1 })}</strong>
            <ul>
              {b.members.map((m) => (
                <li key={m.personId}>{t('room.breakout.member', { name: nameOf(state, m.personId), role: m.role })}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button
          type="button"
          className="button button--quiet"
          disabled={busy}
          onClick={() => send({ type: 'breakouts.rotate' })}
        >
          {t('room.breakouts.rotate')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => send({ type: 'breakouts.end' })}>
          {t('room.breakouts.end')}
        </button>
      </div>
    </section>
  );
}
