import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { RoomEvent, RoomState, RoomViewer } from '../../../domain/room.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { RoomCommand } from '../../api/room.js';
import { useT } from '../../i18n/use-t.js';
import { BreakoutCard } from '../skills/breakout-card.js';
import { CrisisLines } from '../../ui/crisis-lines.js';
import { Chat } from './chat.js';
import { CheckInForm } from './check-in-form.js';
import { CheckOutForm } from './check-out-form.js';
import { Countdown } from './countdown.js';
import { MeetingSpot } from './meeting-spot.js';
import { HandQueue, PeopleHere, TalkingOrder, type PersonHere, type Turn } from './room-parts.js';
import { nameOf } from './room-words.js';
import { VideoCall } from './video/video-call.js';

interface MemberRoomProps {
  roomId: string;
  state: RoomState;
  viewer: RoomViewer;
  offsetMs: number;
  meetingLink: string | null;
  /** The last event folded, for the call to react to a facilitator muting or asking this person. */
  lastEvent: RoomEvent | null;
  busy: boolean;
  send(command: RoomCommand): void;
}

/** The people in the room, facilitators first, as everyone sees them. */
export function peopleOf(state: RoomState, viewer: RoomViewer): PersonHere[] {
  return Object.values(state.people)
    .filter((p) => p.admission === 'admitted')
    .sort((a, b) =>
      a.kind === b.kind ? a.displayName.localeCompare(b.displayName) : a.kind === 'facilitator' ? -1 : 1,
    )
    .map((p) => ({
      id: p.personId,
      name: p.displayName,
      facilitator: p.kind === 'facilitator',
      connected: p.connected,
      me: p.personId === viewer.personId,
    }));
}

/** The talking order of the round, each place with how far it has got. */
export function turnsOf(state: RoomState, viewer: RoomViewer): Turn[] {
  const round = state.round;
  if (!round) return [];
  return round.order.map((id) => ({
    id,
    name: nameOf(state, id),
    me: id === viewer.personId,
    state:
      round.speaker === id
        ? 'speaking'
        : round.passed.includes(id)
          ? 'passed'
          : round.spoken.includes(id)
            ? 'done'
            : 'waiting',
  }));
}

/**
 * A member's room, on a phone: first what is happening now (who is speaking, their own turn,
 * their breakout), then what they can do (check in, raise a hand, pass, chat), then who is here.
 */
export function MemberRoom({ roomId, state, viewer, offsetMs, meetingLink, lastEvent, busy, send }: MemberRoomProps) {
  const t = useT();
  const changed = useChanged();
  // The check-out goes through the measures service (same scoring and alerts as any check-in).
  const checkOut = useMutation({
    mutationFn: (answers: Record<string, number>) =>
      api<unknown>(`/api/rooms/${roomId}/check-out`, { method: 'POST', body: { answers } }),
    onSuccess: () => void changed('mine'),
  });
  const me = viewer.personId;
  const self = state.people[me];
  if (state.phase === 'ended') {
    return (
      <section className="card" aria-labelledby="ended-heading">
        <h2 id="ended-heading">{t('room.member.endedHeading')}</h2>
        <p>{t('room.member.ended')}</p>
        <p>
          <Link to="/">{t('room.member.home')}</Link>
        </p>
      </section>
    );
  }
  if (!self || self.admission !== 'admitted') {
    return (
      <>
        <section className="card" aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">{t('room.member.waitingHeading')}</h2>
          {self?.sentBackMessage ? (
            <>
              <p>{t('room.member.sentBack')}</p>
              <blockquote className="quote" translate="no">
                {self.sentBackMessage}
              </blockquote>
            </>
          ) : (
            <p>{t('room.member.waiting')}</p>
          )}
          <p>{t('room.member.waitingCalm')}</p>
        </section>
        <MeetingSpot link={meetingLink} />
      </>
    );
  }
  const round = state.round;
  const turns = turnsOf(state, viewer);
  const myTurn = turns.find((turn) => turn.me);
  const mayPass = myTurn && (myTurn.state === 'waiting' || myTurn.state === 'speaking');
  const speaker = round?.speaker ?? state.floor?.personId ?? null;
  const deadline = round?.speaker ? round.turnDeadline : (state.floor?.deadline ?? null);
  const handUp = state.hands.includes(me);
  const myBreakout = state.breakouts?.list.find((b) => b.members.some((m) => m.personId === me));
  const checkedIn = Boolean(state.checkIns[me]);
  const checkInsShared = Object.values(state.checkIns).filter((c) => c.share === 'group' || c.personId === me);
  const chatOff = state.chatOff.includes(me);
  const checkOutDue = state.checkOut && !state.checkOut.answered.includes(me);
  return (
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
        <section className="card room-panel" aria-labelledby="now-heading">
          <h2 id="now-heading">{t('room.now.heading')}</h2>
          {myBreakout ? (
            <>
              <p className="floor">{t('room.breakout.yours')}</p>
              <ul className="breakout-list">
                <li>
                  <ul>
                    {myBreakout.members.map((m) => (
                      <li key={m.personId}>
                        {m.personId === me
                          ? t('room.breakout.youAre', { role: m.role })
                          : t('room.breakout.member', { name: nameOf(state, m.personId), role: m.role })}
                      </li>
                    ))}
                  </ul>
                </li>
              </ul>
              <Countdown
                deadline={state.breakouts?.deadline ?? null}
                offsetMs={offsetMs}
                label={t('room.timer.breakout')}
              />
              {myBreakout.cardId && <BreakoutCard cardId={myBreakout.cardId} />}
            </>
          ) : speaker ? (
            <>
              <p className="floor">
                {speaker === me ? t('room.now.you') : t('room.now.speaking', { name: nameOf(state, speaker) })}
              </p>
              <Countdown deadline={deadline} offsetMs={offsetMs} label={t('room.timer.turn')} />
            </>
          ) : (
            <p>{round ? t('room.now.betweenTurns') : t('room.now.open')}</p>
          )}
          {round && <TalkingOrder turns={turns} />}
          {round?.roundDeadline && (
            <Countdown deadline={round.roundDeadline} offsetMs={offsetMs} label={t('room.timer.round')} />
          )}
          <div className="actions">
            {mayPass && (
              <button
                type="button"
                className="button button--quiet"
                disabled={busy}
                onClick={() => send({ type: 'turn.pass' })}
              >
                {t('room.pass')}
              </button>
            )}
            <button
              type="button"
              className="button button--quiet"
              aria-pressed={handUp}
              disabled={busy}
              onClick={() => send(handUp ? { type: 'hand.lower' } : { type: 'hand.raise' })}
            >
              {handUp ? t('room.hands.lower') : t('room.hands.raise')}
            </button>
          </div>
          {mayPass && <p className="hint">{t('room.passHint')}</p>}
          <h3>{t('room.hands.heading')}</h3>
          <HandQueue names={state.hands.map((id) => ({ id, name: nameOf(state, id), me: id === me }))} />
        </section>
        {checkOutDue && (
          <section className="card room-panel" aria-labelledby="checkout-heading">
            <h2 id="checkout-heading">{t('room.checkOut.heading')}</h2>
            <CheckOutForm
              pending={checkOut.isPending}
              error={checkOut.error?.message ?? null}
              onSubmit={(answers) => checkOut.mutate(answers)}
            />
          </section>
        )}
        {state.checkOut && !checkOutDue && <p className="notice notice--success">{t('room.checkOut.thanks')}</p>}
        {round?.kind === 'check-in' && !checkedIn && (
          <section className="card room-panel" aria-labelledby="checkin-heading">
            <h2 id="checkin-heading">{t('room.checkIn.heading')}</h2>
            <CheckInForm pending={busy} onSubmit={(answer) => send({ type: 'checkIn.give', ...answer })} />
          </section>
        )}
        {checkInsShared.length > 0 && <CheckInList state={state} viewer={viewer} />}
      </div>
      <div className="room__column">
        <PeopleHere people={peopleOf(state, viewer)} />
        {chatOff ? (
          <section className="card room-panel" aria-labelledby="chat-off-heading">
            <h2 id="chat-off-heading">{t('room.chat.heading')}</h2>
            <p>{t('room.chat.isOff')}</p>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => send({ type: 'chat.setOff', off: false })}
            >
              {t('room.chat.turnOn')}
            </button>
          </section>
        ) : (
          <>
            <Chat
              id="chat"
              heading={t('room.chat.heading')}
              lead={t('room.chat.lead')}
              emptyText={t('room.chat.empty')}
              pending={false}
              lines={state.chat
                .filter((m) => !m.hidden)
                .map((m) => ({
                  id: m.messageId,
                  name: nameOf(state, m.personId),
                  text: m.text,
                  at: m.at,
                  mine: m.personId === me,
                  held: m.held,
                }))}
              onSend={(text) => send({ type: 'chat.post', text })}
            />
            <div role="status">
              {state.chat.some((m) => m.held && m.personId === me && !m.hidden) && (
                <section className="card room-panel" aria-labelledby="chat-held-heading">
                  <h2 id="chat-held-heading">{t('room.chat.heldHeading')}</h2>
                  <p>{t('room.chat.heldNotice')}</p>
                  <CrisisLines headingLevel={3} beside />
                </section>
              )}
            </div>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => send({ type: 'chat.setOff', off: true })}
            >
              {t('room.chat.turnOff')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

/** Check-ins as this viewer may see them; the ones only facilitators see are marked so. */
export function CheckInList({ state, viewer }: { state: RoomState; viewer: RoomViewer }) {
  const t = useT();
  const list = Object.values(state.checkIns).sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section className="card room-panel" aria-labelledby="checkins-heading">
      <h2 id="checkins-heading">{t('room.checkIns.heading')}</h2>
      <ul className="list">
        {list.map((c) => (
          <li key={c.personId} className="list__item">
            <div>
              <strong>
                {c.personId === viewer.personId
                  ? t('room.here.me', { name: nameOf(state, c.personId) })
                  : nameOf(state, c.personId)}
              </strong>{' '}
              {t('room.checkIns.line', { mood: c.mood, word: c.word })}
              {c.part && (
                <p className="muted">{t.rich('room.checkIns.part', { part: <span translate="no">{c.part}</span> })}</p>
              )}
              {c.share === 'facilitators' && <span className="tag">{t('room.checkIns.onlyFacilitators')}</span>}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
