import type { Broker, RealtimeMessage } from './broker.js';

/** The control message that closes sockets whose session has ended. Never forwarded to clients. */
export const SESSION_ENDED = 'session-ended';

/** Closes, on every instance, the live sockets of some sessions of a person (ended or signed out). */
export function closeLiveSessions(broker: Broker, userId: string, sessionIds: string[]): Promise<void> {
  return broker.publish(`user:${userId}`, { type: SESSION_ENDED, data: { sessionIds } });
}

/** Whether a control message ends the socket of this session. */
export function endsSession(message: RealtimeMessage, sessionId: string): boolean {
  if (message.type !== SESSION_ENDED) return false;
  const targets = (message.data as { sessionIds?: unknown } | null)?.sessionIds;
  return Array.isArray(targets) && targets.includes(sessionId);
}
