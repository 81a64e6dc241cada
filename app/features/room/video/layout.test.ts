import { describe, expect, it } from 'vitest';
import {
  applyRoomEvent,
  emptyRoom,
  type RoomEvent,
  type RoomEventBody,
  type RoomState,
} from '../../../../domain/room.js';
import { GALLERY_TILES, layersFor, layoutOf, mediaPlaceOf, type Tile } from './layout.js';

let seq = 0;
const room = (...bodies: RoomEventBody[]): RoomState =>
  bodies
    .map(
      (body) =>
        ({
          roomId: 'r',
          seq: ++seq,
          at: new Date(Date.UTC(2026, 0, 1, 18, 0, seq)).toISOString(),
          by: null,
          ...body,
        }) as RoomEvent,
    )
    .reduce(applyRoomEvent, emptyRoom('r'));

const people = (count: number) =>
  Array.from({ length: count }, (_, n) => ({
    personId: `m${String(n).padStart(2, '0')}`,
    kind: 'member' as const,
    displayName: `Member ${String(n).padStart(2, '0')}`,
  }));

const opened = (members = 2): RoomEventBody => ({
  type: 'room.opened',
  inPerson: false,
  people: [{ personId: 'maya', kind: 'facilitator', displayName: 'Maya' }, ...people(members)],
});

const sam = { personId: 'm00', kind: 'member' as const };
const base = { selfVideo: true, selfHidden: false, talking: null };

describe('the pictures in the call', () => {
  it('puts facilitators first, then the others by name, and one’s own picture last', () => {
    const state = room(opened(3), { type: 'person.admitted', personIds: ['m00', 'm01', 'm02'] });
    const layout = layoutOf({
      ...base,
      state,
      viewer: sam,
      remote: [
        { personId: 'm02', video: true },
        { personId: 'maya', video: true },
        { personId: 'm01', video: false },
      ],
    });
    expect(layout.tiles.map((t) => [t.personId, t.self, t.video])).toEqual([
      ['maya', false, true],
      ['m01', false, false],
      ['m02', false, true],
      ['m00', true, true],
    ]);
    expect(layout.more).toBe(0);
  });

  it('leads with the spotlight, else whoever talks, else whoever holds the floor', () => {
    const admitted = room(opened(3), { type: 'person.admitted', personIds: ['m00', 'm01', 'm02'] });
    const remote = ['maya', 'm01', 'm02'].map((personId) => ({ personId, video: true }));
    const floor = applyRoomEvent(admitted, {
      roomId: 'r',
      seq: ++seq,
      at: new Date().toISOString(),
      by: 'maya',
      type: 'floor.given',
      personId: 'm02',
      deadline: null,
    });
    expect(layoutOf({ ...base, state: floor, viewer: sam, remote }).tiles[0]).toMatchObject({
      personId: 'm02',
      speaker: true,
    });
    expect(layoutOf({ ...base, state: floor, viewer: sam, remote, talking: 'm01' }).tiles[0]).toMatchObject({
      personId: 'm01',
      speaker: true,
      talking: true,
    });
    const spotlit = applyRoomEvent(floor, {
      roomId: 'r',
      seq: ++seq,
      at: new Date().toISOString(),
      by: 'maya',
      type: 'video.spotlit',
      personId: 'maya',
    });
    const layout = layoutOf({ ...base, state: spotlit, viewer: sam, remote, talking: 'm01' });
    expect(layout.tiles[0]).toMatchObject({ personId: 'maya', spotlit: true, speaker: true });
    expect(layout.tiles.filter((t) => t.speaker)).toHaveLength(1);
    // Talking or holding the floor oneself, one watches the others; spotlit, one leads like anyone.
    const mine = layoutOf({
      ...base,
      state: floor,
      viewer: { personId: 'm02', kind: 'member' },
      remote,
      talking: 'm02',
    });
    expect(mine.tiles[0]).toMatchObject({ personId: 'maya', speaker: true, talking: false });
    expect(mine.tiles.at(-1)).toMatchObject({ personId: 'm02', self: true, talking: true, speaker: false });
  });

  it('shows nobody the room no longer shows (sent back), and one person with two feeds once', () => {
    const state = room(
      opened(2),
      { type: 'person.admitted', personIds: ['m00', 'm01'] },
      { type: 'person.sentBack', personId: 'm01', message: null },
    );
    const layout = layoutOf({
      ...base,
      state,
      viewer: sam,
      remote: [
        { personId: 'maya', video: false },
        { personId: 'maya', video: true },
        { personId: 'm01', video: true },
      ],
    });
    expect(layout.tiles.map((t) => [t.personId, t.video])).toEqual([
      ['maya', true],
      ['m00', true],
    ]);
  });

  it('hides one’s own picture on request, and keeps it in view past fifteen', () => {
    const many = room(opened(20), { type: 'person.admitted', personIds: people(20).map((p) => p.personId) });
    const remote = [
      { personId: 'maya', video: true },
      ...people(20)
        .slice(1)
        .map((p) => ({ personId: p.personId, video: true })),
    ];
    const full = layoutOf({ ...base, state: many, viewer: sam, remote });
    expect(full.tiles).toHaveLength(GALLERY_TILES);
    expect(full.tiles.at(-1)).toMatchObject({ personId: 'm00', self: true });
    expect(full.more).toBe(20 - GALLERY_TILES + 1);
    const hidden = layoutOf({ ...base, state: many, viewer: sam, remote, selfHidden: true });
    expect(hidden.tiles.some((t) => t.self)).toBe(false);
    expect(hidden.tiles).toHaveLength(GALLERY_TILES);
    expect(hidden.more).toBe(20 - GALLERY_TILES);
  });
});

describe('which media room a person belongs in', () => {
  it('is none while waiting, in person or after the end; the main room; or their breakout', () => {
    const waiting = room(opened(3));
    expect(mediaPlaceOf(waiting, sam)).toBeNull();
    const admitted = room(opened(3), { type: 'person.admitted', personIds: ['m00', 'm01', 'm02'] });
    expect(mediaPlaceOf(admitted, sam)).toBe('main');
    expect(mediaPlaceOf(admitted, { personId: 'maya', kind: 'facilitator' })).toBe('main');
    const split = applyRoomEvent(admitted, {
      roomId: 'r',
      seq: ++seq,
      at: new Date().toISOString(),
      by: 'maya',
      type: 'breakouts.formed',
      method: 'random',
      deadline: null,
      list: [
        {
          breakoutId: 'b1',
          cardId: null,
          members: [
            { personId: 'm00', role: 'speaker' },
            { personId: 'm01', role: 'listener' },
          ],
        },
      ],
    });
    expect(mediaPlaceOf(split, sam)).toBe('breakout:b1');
    expect(mediaPlaceOf(split, { personId: 'm02', kind: 'member' })).toBe('main');
    const ended = applyRoomEvent(split, {
      roomId: 'r',
      seq: ++seq,
      at: new Date().toISOString(),
      by: 'maya',
      type: 'room.ended',
    });
    expect(mediaPlaceOf(ended, sam)).toBeNull();
    const inPerson = room(
      { ...(opened(1) as Extract<RoomEventBody, { type: 'room.opened' }>), inPerson: true },
      {
        type: 'person.admitted',
        personIds: ['m00'],
      },
    );
    expect(mediaPlaceOf(inPerson, sam)).toBeNull();
  });
});

describe('the size each picture is asked for', () => {
  const tile = (personId: string, change: Partial<Tile> = {}): Tile => ({
    personId,
    self: false,
    spotlit: false,
    talking: false,
    speaker: false,
    video: true,
    ...change,
  });
  it('on a phone: the speaker large, the filmstrip small; never one’s own', () => {
    const tiles = [tile('a', { speaker: true }), tile('b'), tile('me', { self: true })];
    expect([...layersFor(tiles, false)]).toEqual([
      ['a', 2],
      ['b', 0],
    ]);
  });
  it('on a computer: by how many share the gallery, the spotlight always large', () => {
    const few = ['a', 'b', 'c'].map((id) => tile(id));
    expect(new Set(layersFor(few, true).values())).toEqual(new Set([2]));
    const many = Array.from({ length: 12 }, (_, n) => tile(`p${n}`, { spotlit: n === 3 }));
    const layers = layersFor(many, true);
    expect(layers.get('p3')).toBe(2);
    expect(layers.get('p0')).toBe(0);
    expect(layersFor(many.slice(0, 6), true).get('p0')).toBe(1);
  });
});
