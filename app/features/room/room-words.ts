import type { RoomEvent, RoomState, RoomViewer } from '../../../domain/room.js';
import type { Translate } from '../../i18n/use-t.js';

/** A person's display name in the room; "you" words are chosen by the caller. */
export function nameOf(state: RoomState, personId: string | null | undefined): string {
  return (personId && state.people[personId]?.displayName) || '';
}

/**
 * What a change in the room sounds like for this viewer, read once by the polite live region:
 * turns, the floor, rounds, breakouts, check-out and the end. Other changes (a chat line, someone
 * arriving) are seen, not spoken, so the room's voice does not talk over the people in it.
 */
export function announcementFor(event: RoomEvent, state: RoomState, viewer: RoomViewer, t: Translate): string | null {
  const me = viewer.personId;
  switch (event.type) {
    case 'turn.started':
      return event.personId === me
        ? t('room.say.yourTurn')
        : t('room.say.turn', { name: nameOf(state, event.personId) });
    case 'floor.given':
      return event.personId === me
        ? t('room.say.yourFloor')
        : t('room.say.floor', { name: nameOf(state, event.personId) });
    case 'turn.passed':
      return event.personId === me
        ? t('room.say.youPassed')
        : t('room.say.passed', { name: nameOf(state, event.personId) });
    case 'round.started':
      return t('room.say.roundStarted', { kind: event.kind === 'check-in' ? 'checkIn' : 'talking' });
    case 'round.ended':
      return t('room.say.roundEnded');
    case 'hand.raised':
      return event.personId === me ? t('room.say.handRaised') : null;
    case 'breakouts.formed':
      return t('room.say.breakouts');
    case 'breakouts.rotated':
      return t('room.say.rotated');
    case 'breakouts.ended':
      return t('room.say.together');
    case 'checkOut.started':
      return t('room.say.checkOut');
    case 'person.admitted':
      return event.personIds.includes(me) ? t('room.say.admitted') : null;
    case 'room.ended':
      return t('room.say.ended');
    default:
      return null;
  }
}
