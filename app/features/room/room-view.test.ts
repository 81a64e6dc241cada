import { describe, expect, it } from 'vitest';
import { applyRoomEvent, emptyRoom, type RoomEvent, type RoomEventBody, type RoomState } from '../../../domain/room.js';
import { IntlMessageFormat } from 'intl-messageformat';
import en from '../../i18n/catalogs/en.json';
import type { Translate } from '../../i18n/use-t.js';
import { clock } from './countdown.js';
import { turnsOf } from './member-room.js';
import { announcementFor } from './room-words.js';

let seq = 0;
const event = (body: RoomEventBody): RoomEvent =>
  ({
    roomId: 'r',
    seq: ++seq,
    at: new Date(Date.UTC(2026, 0, 1, 18, 0, seq)).toISOString(),
    by: null,
    ...body,
  }) as RoomEvent;

function room(...bodies: RoomEventBody[]): RoomState {
  return bodies.map(event).reduce(applyRoomEvent, emptyRoom('r'));
}

const opened: RoomEventBody = {
  type: 'room.opened',
  inPerson: false,
  people: [
    { personId: 'maya', kind: 'facilitator', displayName: 'Maya' },
    { personId: 'sam', kind: 'member', displayName: 'Sam' },
    { personId: 'ana', kind: 'member', displayName: 'Ana' },
  ],
};

describe('the countdown', () => {
  it('shows minutes and seconds, rounding up so 0:00 is really the end', () => {
    expect(clock(245_000)).toBe('4:05');
    expect(clock(59_001)).toBe('1:00');
    expect(clock(1)).toBe('0:01');
    expect(clock(0)).toBe('0:00');
  });
});

describe('the talking order as a member sees it', () => {
  it('marks who spoke, who passed, who speaks now and who is to come', () => {
    const state = room(
      opened,
      { type: 'person.admitted', personIds: ['sam', 'ana'] },
      {
        type: 'round.started',
        roundId: 'x',
        kind: 'talking',
        order: ['sam', 'ana'],
        turnSeconds: 60,
        roundDeadline: null,
      },
      { type: 'turn.started', personId: 'sam', deadline: '2026-01-01T18:01:00.000Z' },
    );
    expect(turnsOf(state, { personId: 'ana', kind: 'member' }).map((t) => [t.name, t.state, Boolean(t.me)])).toEqual([
      ['Sam', 'speaking', false],
      ['Ana', 'waiting', true],
    ]);
    const after = applyRoomEvent(state, event({ type: 'turn.passed', personId: 'ana' }));
    expect(turnsOf(after, { personId: 'ana', kind: 'member' })[1]!.state).toBe('passed');
  });
});

describe('what the room says aloud', () => {
  it('speaks of turns and the floor in the viewer’s own words, and stays quiet about chat', () => {
    const t = Object.assign(
      (key: string, values?: Record<string, string>) =>
        new IntlMessageFormat((en as Record<string, string>)[key]!, 'en').format(values) as string,
      {
        rich: () => null,
        locale: 'en',
      },
    ) as unknown as Translate;
    const state = room(opened);
    const sam = { personId: 'sam', kind: 'member' as const };
    expect(announcementFor(event({ type: 'turn.started', personId: 'sam', deadline: 'x' }), state, sam, t)).toBe(
      'It is your turn.',
    );
    expect(announcementFor(event({ type: 'turn.started', personId: 'ana', deadline: 'x' }), state, sam, t)).toBe(
      'It is Ana’s turn.',
    );
    expect(announcementFor(event({ type: 'floor.given', personId: 'ana', deadline: null }), state, sam, t)).toBe(
      'Ana has the floor.',
    );
    expect(
      announcementFor(event({ type: 'chat.posted', messageId: 'm', personId: 'ana', text: 'hi' }), state, sam, t),
    ).toBeNull();
  });
});
