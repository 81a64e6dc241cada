import type { Services } from '../../app.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import type { RealtimeMessage } from '../../platform/realtime/broker.js';
import { groupRoom } from '../../platform/realtime/changes.js';
import { endsSession, SESSION_ENDED } from '../../platform/realtime/session-control.js';
import { STAFF_ROLES } from '../../../domain/roles.js';
import { groupsFor } from '../groups/groups.service.js';

/** Messages sent to many sockets (a room's event) are serialised once. */
const serialised = new WeakMap<RealtimeMessage, string>();
function serialise(message: RealtimeMessage): string {
  let text = serialised.get(message);
  if (text === undefined) {
    text = JSON.stringify(message);
    serialised.set(message, text);
  }
  return text;
}

/** A client whose unsent data stays above this is too slow to keep up and is dropped. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * The WebSocket: authenticated by the session cookie on the upgrade request, then subscribed to
 * the rooms this person may hear: their own, and for staff the rooms of the groups they may see
 * when it opens (a group given to them later is heard from their next connection; the client
 * reconnects on its own). Ending the session, here or on another instance, closes the socket
 * (platform/realtime/session-control).
 */
export function realtimeRoutes(app: HearthApp, services: Services): void {
  const { broker } = services;
  app.get(
    '/api/realtime',
    {
      websocket: true,
      config: { policy: policies.signedIn },
      schema: { summary: 'Live updates (WebSocket)', tags: ['realtime'] },
    },
    async (socket, request) => {
      const viewer = requireViewer(request);
      const deliver = (message: RealtimeMessage) => {
        if (endsSession(message, viewer.sessionId)) {
          socket.close(1008, 'session ended');
          return;
        }
        if (message.type === SESSION_ENDED) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          socket.close(1013, 'too slow');
          return;
        }
        socket.send(serialise(message));
      };
      const groups = STAFF_ROLES.includes(viewer.role) ? await groupsFor(services, viewer) : [];
      const rooms = [`user:${viewer.userId}`, ...groups.map((g) => groupRoom(g.id))];
      let closed = false;
      let unsubscribers: Array<() => Promise<void>> = [];
      // Clients speak to the live session rooms (modules/room, docs/room.md); other messages are ignored.
      const room = services.rooms.socket(viewer, (m) => {
        if (!closed) deliver(m);
      });
      socket.on('message', (data: Buffer) => void room.receive(data));
      socket.on('close', () => {
        closed = true;
        room.close();
        for (const unsubscribe of unsubscribers) void unsubscribe();
      });
      unsubscribers = await Promise.all(rooms.map((room) => broker.subscribe(room, deliver)));
      // The socket may have closed while we subscribed; then let go at once.
      if (closed) for (const unsubscribe of unsubscribers) void unsubscribe();
      else deliver({ type: 'ready', data: { rooms } });
    },
  );
}
