import type { RoomState, RoomViewer } from '../../../../domain/room.js';

/** A computer's gallery shows at most this many pictures; everyone is still heard. */
export const GALLERY_TILES = 15;

/** Someone whose picture and sound reach this device from the media server. */
export interface RemoteFeed {
  /** The Janus `display`: their room personId (domain/video.ts). */
  personId: string;
  /** Their camera's picture is arriving now. */
  video: boolean;
}

/** One picture in the call, in the order it is shown. */
export interface Tile {
  personId: string;
  /** This device's own picture (the local preview). */
  self: boolean;
  /** A facilitator put this person in the spotlight for everyone. */
  spotlit: boolean;
  /** The media server hears them talking now. */
  talking: boolean;
  /**
   * Shown large on a phone: in the spotlight, else whoever else talks, else whoever else holds the
   * room's turn or floor, else the first of the others.
   */
  speaker: boolean;
  video: boolean;
}

export interface Layout {
  tiles: Tile[];
  /** People in the call with no tile (beyond GALLERY_TILES): heard, not shown. */
  more: number;
}

interface LayoutInput {
  state: RoomState;
  viewer: RoomViewer;
  remote: readonly RemoteFeed[];
  /** Whether this device is in the call with its camera sending. */
  selfVideo: boolean;
  /** The person chose to hide their own picture (others still see it). */
  selfHidden: boolean;
  /** Whom the media server last said is talking, if anyone. */
  talking: string | null;
}

/**
 * The pictures to show and in which order: the speaker first (spotlight, then whoever else talks,
 * then whoever else holds the room's turn or floor), then facilitators, then the others by name, one's own
 * picture last. Someone the room no longer shows this viewer (sent back, in another breakout) is
 * never shown, even if their media lingers for a moment; one person with two feeds (a moment of
 * overlap while their device renews its token) is shown once.
 */
export function layoutOf({ state, viewer, remote, selfVideo, selfHidden, talking }: LayoutInput): Layout {
  const admitted = (id: string) => state.people[id]?.admission === 'admitted';
  const seen = new Map<string, RemoteFeed>();
  for (const feed of remote) {
    if (feed.personId === viewer.personId || !admitted(feed.personId)) continue;
    const before = seen.get(feed.personId);
    seen.set(feed.personId, { personId: feed.personId, video: feed.video || Boolean(before?.video) });
  }
  const spotlight = state.video.spotlight;
  const held = state.round?.speaker ?? state.floor?.personId ?? null;
  const inCall = (id: string | null): id is string => !!id && (seen.has(id) || id === viewer.personId);
  // One's own picture leads only when spotlit: talking or holding the turn, a person watches the others.
  const notSelf = (id: string | null) => (id === viewer.personId ? null : id);
  const chosen = [spotlight, notSelf(talking), notSelf(held)].find(inCall) ?? null;
  const name = (id: string) => state.people[id]?.displayName ?? '';
  const kindRank = (id: string) => (state.people[id]?.kind === 'facilitator' ? 0 : 1);
  const others = [...seen.values()].sort(
    (a, b) =>
      Number(b.personId === chosen) - Number(a.personId === chosen) ||
      kindRank(a.personId) - kindRank(b.personId) ||
      name(a.personId).localeCompare(name(b.personId)),
  );
  // Nobody chosen: the first of the others (a facilitator, usually) is shown large on a phone, or
  // one's own picture while nobody else is in the call.
  const speakerId = chosen ?? others[0]?.personId ?? viewer.personId;
  const tile = (personId: string, video: boolean, self: boolean): Tile => ({
    personId,
    self,
    video,
    spotlit: spotlight === personId,
    talking: talking === personId,
    speaker: speakerId === personId,
  });
  const tiles = others.map((f) => tile(f.personId, f.video, false));
  if (!selfHidden) {
    const mine = tile(viewer.personId, selfVideo, true);
    // Spotlit or speaking, one's own picture leads like anyone's; otherwise it comes last.
    if (mine.speaker) tiles.unshift(mine);
    else tiles.push(mine);
  }
  // Over the limit, the last of the others give way; one's own picture (last) stays in view.
  const last = tiles.at(-1);
  const kept =
    tiles.length <= GALLERY_TILES
      ? tiles
      : last?.self
        ? [...tiles.slice(0, GALLERY_TILES - 1), last]
        : tiles.slice(0, GALLERY_TILES);
  return { tiles: kept, more: tiles.length - kept.length };
}

/** Whether the viewer belongs in a media room now, and which: the main room or their breakout. */
export function mediaPlaceOf(state: RoomState, viewer: RoomViewer): string | null {
  if (state.phase !== 'open' || state.inPerson) return null;
  const self = state.people[viewer.personId];
  if (!self || self.admission !== 'admitted') return null;
  const breakout = state.breakouts?.list.find((b) => b.members.some((m) => m.personId === viewer.personId));
  return breakout ? `breakout:${breakout.breakoutId}` : 'main';
}

/**
 * Which simulcast layer (0 smallest, 2 largest) each picture needs: on a phone the speaker the
 * largest and the filmstrip the smallest; on a computer the spotlight the largest, the others by
 * how many share the gallery.
 */
export function layersFor(tiles: readonly Tile[], wide: boolean): Map<string, 0 | 1 | 2> {
  const layers = new Map<string, 0 | 1 | 2>();
  const shared: 0 | 1 | 2 = tiles.length <= 4 ? 2 : tiles.length <= 9 ? 1 : 0;
  for (const tile of tiles) {
    if (tile.self) continue;
    if (wide) layers.set(tile.personId, tile.spotlit ? 2 : shared);
    else layers.set(tile.personId, tile.speaker ? 2 : 0);
  }
  return layers;
}
