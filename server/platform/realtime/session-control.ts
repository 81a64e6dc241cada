import type { Broker, RealtimeMessage } from './broker.js';

/** The control message that closes sockets whose session has ended. Never forwarded to clients. */
export const SESSION_ENDED = 'session-ended';

/**
 * Closes, on every instance, the live sockets of one session of a person, or of all their
 * sessions (sessionId null): used when a session is ended or an account disabled.
 */
export function closeLiveSessions(broker: Broker, userId: string, sessionId: string | null): Promise<void> {
  return broker.publish(`user:${userId}`, { type: SESSION_ENDED, data: { sessionId } });
}

/** Whether a control message ends the socket of this session. */
export function endsSession(message: RealtimeMessage, sessionId: string): boolean {
  if (message.type !== SESSION_ENDED) return false;
  const target = (message.data as { sessionId?: string | null } | null)?.sessionId ?? null;
  return target === null || target === sessionId;
}
