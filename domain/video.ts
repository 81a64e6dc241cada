/** Whether a room has video, and if not, why (shown to facilitators with how to turn it on). */
export type VideoAvailability =
  | { state: 'ready' }
  | { state: 'off'; reason: 'notConfigured' } // Hearth runs without JANUS_URL
  | { state: 'off'; reason: 'inPerson' } // the group meets in person
  | { state: 'unavailable'; reason: 'unreachable' }; // Janus is configured but not answering; retrying

/** What a browser needs to join the media room it belongs in now (main room or its breakout). */
export interface VideoJoin {
  /** Where the browser reaches Janus: a WebSocket URL (JANUS_PUBLIC_URL), e.g. ws://127.0.0.2:8188/ */
  server: string;
  iceServers: Array<{ urls: string | string[]; username?: string; credential?: string }>;
  /** This participant's own Janus token; stops working when they are sent back/removed/disabled. */
  token: string;
  expiresAt: string;
  /** The Janus videoroom id (string_ids) and its pin, for the room or breakout this person is in now. */
  mediaRoom: string;
  pin: string;
  /** Sent as the Janus `display`: the person's room personId (the client shows names from room state). */
  display: string;
  /** True when the media room is a breakout (the client shows only its members). */
  breakout: boolean;
}

export const VIDEO_TOKEN_SECONDS = 300; // the client asks again (POST join) before expiresAt
