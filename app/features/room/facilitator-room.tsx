import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { RoomEvent, RoomState, RoomViewer } from '../../../domain/room.js';
import { voiceUntil } from '../../../domain/room.js';
import { api } from '../../api/client.js';
import { roomKeys, type RoomCommand, type RoomSummaryData } from '../../api/room.js';
import { useT } from '../../i18n/use-t.js';
import { BreakoutPlanner, BreakoutsRunning } from './breakouts.js';
import { Chat } from './chat.js';
import { CheckInForm } from './check-in-form.js';
import { Countdown } from './countdown.js';
import { CheckInList, peopleOf, turnsOf } from './member-room.js';
import { HandQueue, PeopleHere, ShareOfVoice, TalkingOrder } from './room-parts.js';
import { nameOf } from './room-words.js';
import { VideoCall } from './video/video-call.js';

interface FacilitatorRoomProps {
  roomId: string;
  state: RoomState;
  viewer: RoomViewer;
  offsetMs: number;
  meetingLink: string | null;
  /** The last event folded, for the call (a facilitator may be muted or asked too). */
  lastEvent: RoomEvent | null;
  busy: boolean;
  send(command: RoomCommand): void;
}

/** Turn and floor lengths a facilitator picks from, in seconds. */
const TURN_CHOICES = [60, 120, 180, 300, 600];
const ROUND_CHOICES = [0, 600, 900, 1200, 1800];

/**
 * The facilitators' console, on a laptop: the talk (rounds, turns, hands, timers) and breakouts on
 * the left; the waiting room, who is here, share of voice, the back-channel and chat on the right.
 */
export function FacilitatorRoom({
  roomId,
  state,
  viewer,
  offsetMs,
  meetingLink,
  lastEvent,
  busy,
  send,
}: FacilitatorRoomProps) {
  const t = useT();
  const waiting = Object.values(state.people).filter((p) => p.kind === 'member' && p.admission === 'waiting');
  const members = Object.values(state.people).filter((p) => p.kind === 'member' && p.admission === 'admitted');
  const arrived = waiting.filter((p) => p.connected).length;
  return (
    <>
      {/* On a narrow screen the waiting room is far down: say at the top that someone waits. */}
      {arrived > 0 && (
        <p className="notice">
          <a href="#waiting-room">{t('room.waitingRoom.notice', { count: arrived })}</a>
        </p>
      )}
      <div className="room__grid">
        <div className="room__column">
          <VideoCall
            roomId={roomId}
            state={state}
            viewer={viewer}
            lastEvent={lastEvent}
            meetingLink={meetingLink}
            send={send}
          />
          <Talk state={state} viewer={viewer} offsetMs={offsetMs} busy={busy} send={send} />
          {state.breakouts ? (
            <BreakoutsRunning state={state} offsetMs={offsetMs} busy={busy} send={send} />
          ) : (
            <BreakoutPlanner members={members} busy={busy} send={send} />
          )}
          <CheckIns state={state} viewer={viewer} busy={busy} send={send} />
          <Ending state={state} busy={busy} send={send} />
        </div>
        <div className="room__column">
          <WaitingRoom waiting={waiting} busy={busy} send={send} />
          <PeopleHere
            people={peopleOf(state, viewer)}
            actions={(p) =>
              p.facilitator ? null : <PersonActions personId={p.id} name={p.name} state={state} send={send} />
            }
          />
          <Voice roomId={roomId} state={state} offsetMs={offsetMs} send={send} />
          <Chat
            id="back-channel"
            heading={t('room.backChannel.heading')}
            lead={t('room.backChannel.lead')}
            emptyText={t('room.backChannel.empty')}
            pending={false}
            lines={state.backChannel.map((m) => ({
              id: m.messageId,
              name: nameOf(state, m.personId),
              text: m.text,
              at: m.at,
            }))}
            onSend={(text) => send({ type: 'backChannel.post', text })}
          />
          <Chat
            id="chat"
            heading={t('room.chat.heading')}
            lead={t('room.chat.leadFacilitator')}
            emptyText={t('room.chat.empty')}
            pending={false}
            lines={state.chat.map((m) => ({
              id: m.messageId,
              name: nameOf(state, m.personId),
              text: m.text,
              at: m.at,
              hidden: m.hidden,
              held: m.held,
            }))}
            onSend={(text) => send({ type: 'chat.post', text })}
            onHide={(line) => send({ type: 'chat.hide', messageId: line.id })}
            onRelease={(line) => send({ type: 'chat.release', messageId: line.id })}
          />
        </div>
      </div>
    </>
  );
}

/**
 * Members waiting to come in: admit one, admit all, or send back with a few kind words. Those on
 * the roster who have not arrived are listed apart; a facilitator may still admit them (someone in
 * the room in person without a device).
 */
function WaitingRoom({
  waiting,
  busy,
  send,
}: {
  waiting: RoomState['people'][string][];
  busy: boolean;
  send(command: RoomCommand): void;
}) {
  const t = useT();
  const here = waiting.filter((p) => p.connected);
  const notYet = waiting.filter((p) => !p.connected);
  const admit = (p: RoomState['people'][string]) => (
    <button
      type="button"
      className="button"
      disabled={busy}
      onClick={() => send({ type: 'admit', personIds: [p.personId] })}
    >
      {t('room.waitingRoom.admit')}
      <span className="visually-hidden"> {p.displayName}</span>
    </button>
  );
  return (
    <section id="waiting-room" tabIndex={-1} className="card room-panel" aria-labelledby="waiting-room-heading">
      <h2 id="waiting-room-heading">{t('room.waitingRoom.heading', { count: here.length })}</h2>
      {here.length === 0 ? (
        <p className="muted">{t('room.waitingRoom.empty')}</p>
      ) : (
        <>
          <ul className="waiting-list">
            {here.map((p) => (
              <li key={p.personId}>
                <span className="presence presence--on" aria-hidden="true" />
                <span>{p.displayName}</span>
                {admit(p)}
                <SendBack personId={p.personId} name={p.displayName} send={send} />
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button button--quiet"
            disabled={busy}
            onClick={() => send({ type: 'admitAll' })}
          >
            {t('room.waitingRoom.admitAll')}
          </button>
        </>
      )}
      {notYet.length > 0 && (
        <>
          <h3>{t('room.waitingRoom.notYet')}</h3>
          <ul className="waiting-list">
            {notYet.map((p) => (
              <li key={p.personId}>
                <span className="presence" aria-hidden="true" />
                <span>{p.displayName}</span>
                {admit(p)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Send someone (back) to the waiting room, with a short message only they read. */
function SendBack({ personId, name, send }: { personId: string; name: string; send(command: RoomCommand): void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const id = `send-back-${personId}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send({ type: 'sendBack', personId, message: message.trim() || null });
    setOpen(false);
    setMessage('');
  };
  if (!open)
    return (
      <button type="button" className="button button--quiet" aria-expanded={false} onClick={() => setOpen(true)}>
        {t('room.sendBack.open')}
        <span className="visually-hidden"> {name}</span>
      </button>
    );
  return (
    <form className="inline-field" onSubmit={submit}>
      <label htmlFor={id}>{t('room.sendBack.message', { name })}</label>
      <input id={id} value={message} maxLength={200} onChange={(e) => setMessage(e.target.value)} />
      <button type="submit" className="button">
        {t('room.sendBack.send')}
      </button>
      <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
        {t('room.cancel')}
      </button>
    </form>
  );
}

/** What a facilitator can do about one member in the room: send back, mark a safety concern. */
function PersonActions({
  personId,
  name,
  state,
  send,
}: {
  personId: string;
  name: string;
  state: RoomState;
  send(command: RoomCommand): void;
}) {
  const t = useT();
  const [marking, setMarking] = useState(false);
  const [note, setNote] = useState('');
  const marked = state.safety.some((s) => s.personId === personId);
  const id = `safety-${personId}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send({ type: 'safety.mark', personId, ...(note.trim() && { note: note.trim() }) });
    setMarking(false);
    setNote('');
  };
  return (
    <span className="roster-actions">
      {marked && <span className="tag tag--attention">{t('room.safety.marked')}</span>}
      <SendBack personId={personId} name={name} send={send} />
      {marking ? (
        <form className="inline-field" onSubmit={submit}>
          <label htmlFor={id}>{t('room.safety.note', { name })}</label>
          <input id={id} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" className="button">
            {t('room.safety.mark')}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setMarking(false)}>
            {t('room.cancel')}
          </button>
        </form>
      ) : (
        <button type="button" className="button button--quiet" onClick={() => setMarking(true)}>
          {t('room.safety.open')}
          <span className="visually-hidden"> {name}</span>
        </button>
      )}
    </span>
  );
}

/** Rounds, turns, the floor and the raised hands, with their timers on the server's clock. */
function Talk({
  state,
  viewer,
  offsetMs,
  busy,
  send,
}: Omit<FacilitatorRoomProps, 'meetingLink' | 'roomId' | 'lastEvent'>) {
  const t = useT();
  const [turnSeconds, setTurnSeconds] = useState(180);
  const [roundSeconds, setRoundSeconds] = useState(0);
  const [shuffle, setShuffle] = useState(false);
  const round = state.round;
  const turns = turnsOf(state, viewer);
  const speaker = round?.speaker ?? state.floor?.personId ?? null;
  const deadline = round?.speaker ? round.turnDeadline : (state.floor?.deadline ?? null);
  const minutes = (s: number) => t('room.minutes', { minutes: s / 60 });
  const start = (kind: 'check-in' | 'talking') =>
    send({
      type: 'round.start',
      kind,
      // Members take turns; facilitators hold the round rather than take a place in it. In person
      // the members admitted are in the room, connected or not.
      order: Object.values(state.people)
        .filter((p) => p.kind === 'member' && p.admission === 'admitted' && (p.connected || state.inPerson))
        .map((p) => p.personId),
      shuffle,
      turnSeconds,
      roundSeconds: roundSeconds || null,
    });
  return (
    <section className="card room-panel" aria-labelledby="talk-heading">
      <h2 id="talk-heading">{t('room.talk.heading')}</h2>
      {speaker ? (
        <>
          <p className="floor">{t('room.now.speaking', { name: nameOf(state, speaker) })}</p>
          <Countdown deadline={deadline} offsetMs={offsetMs} label={t('room.timer.turn')} />
        </>
      ) : (
        <p>{round ? t('room.now.betweenTurns') : t('room.talk.noRound')}</p>
      )}
      {round ? (
        <>
          <h3>{t('room.talk.roundOf', { kind: round.kind === 'check-in' ? 'checkIn' : 'talking' })}</h3>
          <TalkingOrder
            turns={turns}
            moveUp={(personId) => {
              const at = round.order.indexOf(personId);
              const order = [...round.order];
              order.splice(at - 1, 2, personId, round.order[at - 1]!);
              send({ type: 'round.setOrder', order });
            }}
          />
          {round.roundDeadline && (
            <Countdown deadline={round.roundDeadline} offsetMs={offsetMs} label={t('room.timer.round')} />
          )}
          <div className="actions">
            <button type="button" className="button" disabled={busy} onClick={() => send({ type: 'turn.next' })}>
              {t('room.talk.next')}
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={busy}
              onClick={() => send({ type: 'round.shuffle' })}
            >
              {t('room.talk.shuffle')}
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={busy}
              onClick={() => send({ type: 'round.end' })}
            >
              {t('room.talk.endRound')}
            </button>
          </div>
        </>
      ) : (
        <div className="form">
          <div className="field-row">
            <div className="field">
              <label htmlFor="turn-seconds">{t('room.talk.turnLength')}</label>
              <select id="turn-seconds" value={turnSeconds} onChange={(e) => setTurnSeconds(Number(e.target.value))}>
                {TURN_CHOICES.map((s) => (
                  <option key={s} value={s}>
                    {minutes(s)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="round-seconds">{t('room.talk.roundLength')}</label>
              <select id="round-seconds" value={roundSeconds} onChange={(e) => setRoundSeconds(Number(e.target.value))}>
                {ROUND_CHOICES.map((s) => (
                  <option key={s} value={s}>
                    {s === 0 ? t('room.talk.noLimit') : minutes(s)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={shuffle} onChange={(e) => setShuffle(e.target.checked)} />
            {t('room.talk.shuffleOrder')}
          </label>
          <div className="actions">
            <button type="button" className="button" disabled={busy} onClick={() => start('check-in')}>
              {t('room.talk.startCheckIn')}
            </button>
            <button type="button" className="button button--quiet" disabled={busy} onClick={() => start('talking')}>
              {t('room.talk.startRound')}
            </button>
          </div>
        </div>
      )}
      {state.floor && !round?.speaker && (
        <button
          type="button"
          className="button button--quiet"
          disabled={busy}
          onClick={() => send({ type: 'floor.end' })}
        >
          {t('room.floor.end')}
        </button>
      )}
      <h3>{t('room.hands.heading')}</h3>
      <HandQueue names={state.hands.map((id) => ({ id, name: nameOf(state, id) }))} />
      {state.hands.length > 0 && !round?.speaker && (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => send({ type: 'floor.give', seconds: turnSeconds })}
        >
          {t('room.hands.giveNext', { name: nameOf(state, state.hands[0]) })}
        </button>
      )}
    </section>
  );
}

/**
 * Share of voice, redrawn every second so the running stretch grows while someone speaks; each
 * member's last sessions (read once from the room's summary, which is where they are kept) beside it.
 */
function Voice({
  roomId,
  state,
  offsetMs,
  send,
}: {
  roomId: string;
  state: RoomState;
  offsetMs: number;
  send(command: RoomCommand): void;
}) {
  const earlier = useQuery({
    queryKey: roomKeys.earlierVoice(roomId),
    queryFn: () => api<RoomSummaryData>(`/api/rooms/${roomId}/summary`),
    // Earlier sessions do not change while this one runs.
    staleTime: Infinity,
    select: (data) => new Map(data.voice.map((v) => [v.memberId, v.earlier])),
  });
  const [now, setNow] = useState(() => Date.now());
  const running = state.voice.current !== null;
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [running]);
  const figures = new Map(voiceUntil(state.voice, new Date(now + offsetMs).toISOString()).map((v) => [v.personId, v]));
  const voices = Object.values(state.people)
    .filter((p) => p.kind === 'member' && p.admission === 'admitted')
    .map((p) => ({
      id: p.personId,
      name: p.displayName,
      seconds: figures.get(p.personId)?.seconds ?? 0,
      turns: figures.get(p.personId)?.turns ?? 0,
      hasFloor: state.voice.current?.personId === p.personId,
      earlier: earlier.data?.get(p.personId) ?? null,
    }));
  return (
    <ShareOfVoice
      voices={voices}
      giveFloor={(personId) =>
        send({ type: 'voice.tap', personId: state.voice.current?.personId === personId ? null : personId })
      }
    />
  );
}

/** Everyone's check-in (those only for facilitators marked), and entering one for someone in the room. */
function CheckIns({
  state,
  viewer,
  busy,
  send,
}: Omit<FacilitatorRoomProps, 'offsetMs' | 'meetingLink' | 'roomId' | 'lastEvent'>) {
  const t = useT();
  const [forWhom, setForWhom] = useState('');
  const notYet = Object.values(state.people).filter(
    (p) => p.kind === 'member' && p.admission === 'admitted' && !state.checkIns[p.personId],
  );
  return (
    <>
      {Object.keys(state.checkIns).length > 0 && <CheckInList state={state} viewer={viewer} />}
      {notYet.length > 0 && (
        <section className="card room-panel" aria-labelledby="enter-checkin-heading">
          <h2 id="enter-checkin-heading">{t('room.enterCheckIn.heading')}</h2>
          <p className="hint">{t('room.enterCheckIn.lead')}</p>
          <div className="field">
            <label htmlFor="enter-for">{t('room.enterCheckIn.for')}</label>
            <select id="enter-for" value={forWhom} onChange={(e) => setForWhom(e.target.value)}>
              <option value="">{t('room.enterCheckIn.choose')}</option>
              {notYet.map((p) => (
                <option key={p.personId} value={p.personId}>
                  {p.displayName}
                </option>
              ))}
            </select>
          </div>
          {forWhom && (
            <CheckInForm
              key={forWhom}
              idPrefix="enter"
              pending={busy}
              submitLabel={t('room.enterCheckIn.save', { name: nameOf(state, forWhom) })}
              onSubmit={(answer) => {
                send({ type: 'checkIn.enter', personId: forWhom, ...answer });
                setForWhom('');
              }}
            />
          )}
        </section>
      )}
    </>
  );
}

/** Check-out and the end of the session. */
function Ending({ state, busy, send }: { state: RoomState; busy: boolean; send(command: RoomCommand): void }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const members = Object.values(state.people).filter((p) => p.kind === 'member' && p.admission === 'admitted');
  return (
    <section className="card room-panel" aria-labelledby="ending-heading">
      <h2 id="ending-heading">{t('room.ending.heading')}</h2>
      {state.checkOut ? (
        <p>{t('room.ending.checkOutProgress', { answered: state.checkOut.answered.length, count: members.length })}</p>
      ) : (
        <button type="button" className="button" disabled={busy} onClick={() => send({ type: 'checkOut.start' })}>
          {t('room.ending.startCheckOut')}
        </button>
      )}
      {confirming ? (
        <div className="confirm" role="group" aria-label={t('room.ending.confirmLabel')}>
          <p>{t('room.ending.confirmHint')}</p>
          <button type="button" className="button" disabled={busy} onClick={() => send({ type: 'room.end' })}>
            {t('room.ending.confirm')}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
            {t('room.ending.keepGoing')}
          </button>
        </div>
      ) : (
        <p>
          <button type="button" className="button button--quiet" onClick={() => setConfirming(true)}>
            {t('room.ending.end')}
          </button>
        </p>
      )}
    </section>
  );
}
