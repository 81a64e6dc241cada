import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoomCommand, RoomProblem, RoomServerMessage } from '../../domain/room-protocol.js';
import { applyRoomEvent, type RoomEvent, type RoomState, type RoomViewer } from '../../domain/room.js';
import type { AttendanceStatus } from '../../domain/attendance.js';
import { api } from './client.js';

export type { RoomCommand };

/** The server closes a socket with this code when its session has ended. */
const SESSION_ENDED = 1008;
const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 15_000;

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'signedOut';

export interface RoomConnection {
  connection: Connection;
  /** The room as this viewer is shown it, folded from the snapshot and the events since. */
  state: RoomState | null;
  viewer: RoomViewer | null;
  /** How far the server's clock is ahead of this device's, from the snapshot's `serverNow`. */
  offsetMs: number;
  /** The last event this device folded, for a polite announcement of what changed. */
  lastEvent: RoomEvent | null;
  /** Why this socket is out of the room (removed from the group, the room ended), when it is. */
  closed: 'removed' | 'ended' | 'left' | null;
  /** Commands sent and not yet answered, by id. */
  pending: ReadonlySet<string>;
  /** The last command the server declined, with why. */
  declined: { id: string | null; problem: RoomProblem } | null;
  /** Sends a command; its id is chosen here and kept until the server answers, so a resend after a reconnect is the same command. */
  send(command: RoomCommand): string;
}

/** 128 random bits in hex: a command's id (the server takes [A-Za-z0-9_-], at most 64). */
function newId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The live room over the realtime socket (docs/room.md). The device keeps the seq of the last
 * event it folded and sends it when it joins again after a drop; the server answers with what was
 * missed (or a snapshot), and an event at or below that seq is never folded twice. Commands not
 * yet answered are sent again on reconnect with the same id, and the server carries each id out
 * once. The socket is the room's own, so leaving the page leaves the room.
 */
export function useRoom(roomId: string): RoomConnection {
  const [state, setState] = useState<RoomState | null>(null);
  const [viewer, setViewer] = useState<RoomViewer | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [offsetMs, setOffsetMs] = useState(0);
  const [lastEvent, setLastEvent] = useState<RoomEvent | null>(null);
  const [closed, setClosed] = useState<RoomConnection['closed']>(null);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [declined, setDeclined] = useState<RoomConnection['declined']>(null);
  const socket = useRef<WebSocket | null>(null);
  const lastSeq = useRef(0);
  const outbox = useRef(new Map<string, RoomCommand>());

  const transmit = useCallback(
    (id: string, command: RoomCommand) => {
      const open = socket.current;
      if (open?.readyState === WebSocket.OPEN)
        open.send(JSON.stringify({ type: 'room.command', data: { roomId, id, command } }));
    },
    [roomId],
  );

  useEffect(() => {
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = FIRST_RETRY_MS;
    const answered = (id: string | null) => {
      if (!id) return;
      outbox.current.delete(id);
      setPending(new Set(outbox.current.keys()));
    };
    const open = () => {
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/realtime`);
      socket.current = ws;
      // The socket says 'ready' once it listens (docs/room.md): only then join and resend.
      const ready = () => {
        delay = FIRST_RETRY_MS;
        ws.send(JSON.stringify({ type: 'room.join', data: { roomId, lastSeq: lastSeq.current } }));
        setConnection('live');
        // Whatever was not answered goes again, with the same ids: the server does each once.
        for (const [id, command] of outbox.current)
          ws.send(JSON.stringify({ type: 'room.command', data: { roomId, id, command } }));
      };
      ws.onmessage = (message: MessageEvent<string>) => {
        let received: RoomServerMessage | { type: string; data: unknown };
        try {
          received = JSON.parse(message.data) as RoomServerMessage;
        } catch {
          return;
        }
        if (received.type === 'ready') {
          ready();
          return;
        }
        const data = received as RoomServerMessage;
        switch (data.type) {
          case 'room.snapshot':
            if (data.data.state.roomId !== roomId) break;
            lastSeq.current = data.data.state.seq;
            setOffsetMs(Date.parse(data.data.serverNow) - Date.now());
            setViewer(data.data.you);
            setState(data.data.state);
            break;
          case 'room.event': {
            const event = data.data;
            // Already folded (a replay overlapping what came before): never twice.
            if (event.roomId !== roomId || event.seq <= lastSeq.current) break;
            lastSeq.current = event.seq;
            setState((s) => (s ? applyRoomEvent(s, event) : s));
            setLastEvent(event);
            break;
          }
          case 'room.ack':
            if (data.data.roomId === roomId) answered(data.data.id);
            break;
          case 'room.error':
            if (data.data.roomId !== roomId && data.data.roomId !== null) break;
            answered(data.data.id);
            setDeclined({ id: data.data.id, problem: data.data.problem });
            break;
          case 'room.closed':
            if (data.data.roomId !== roomId || data.data.reason === 'left') break;
            stopped = true;
            setClosed(data.data.reason);
            ws.close();
            break;
        }
      };
      ws.onclose = (event) => {
        if (socket.current === ws) socket.current = null;
        if (stopped) return;
        if (event.code === SESSION_ENDED) {
          setConnection('signedOut');
          return;
        }
        setConnection('reconnecting');
        // Off the network there is nothing to try; the 'online' event opens it again.
        if (!navigator.onLine) return;
        retry = setTimeout(open, delay);
        delay = Math.min(delay * 2, LAST_RETRY_MS);
      };
    };
    open();
    // Back on the network: try at once rather than wait out the back-off.
    const online = () => {
      if (stopped || socket.current?.readyState === WebSocket.OPEN) return;
      clearTimeout(retry);
      delay = FIRST_RETRY_MS;
      // An attempt made while offline is abandoned for a fresh one.
      const attempt = socket.current;
      if (attempt) {
        attempt.onclose = null;
        attempt.close();
      }
      open();
    };
    // Off the network: a socket may stay half-open for minutes on a phone, so let it go now and
    // say "reconnecting" at once; the join after it asks for everything missed.
    const offline = () => socket.current?.close();
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      stopped = true;
      clearTimeout(retry);
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      const ws = socket.current;
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'room.leave', data: { roomId } }));
      ws?.close();
    };
  }, [roomId]);

  const send = useCallback(
    (command: RoomCommand) => {
      const id = newId();
      outbox.current.set(id, command);
      setPending(new Set(outbox.current.keys()));
      setDeclined(null);
      transmit(id, command);
      return id;
    },
    [transmit],
  );

  return { connection, state, viewer, offsetMs, lastEvent, closed, pending, declined, send };
}

/** A room as the HTTP endpoints describe it (docs/room.md). */
export interface RoomInfo {
  roomId: string;
  sessionId: string;
  groupId: string;
  groupName: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  status: 'open' | 'ended';
  meetingMode: string;
  meetingLink: string | null;
  openedAt: string;
  endedAt: string | null;
}

/** The facilitators' ending summary (GET /api/rooms/:roomId/summary; reading it is audited). */
export interface RoomSummaryData {
  room: RoomInfo;
  attendance: Array<{
    memberId: string;
    displayName: string;
    suggested: AttendanceStatus | null;
    firstArrivedAt: string | null;
    lastLeftAt: string | null;
    recorded: AttendanceStatus | null;
  }>;
  checkIns: Array<{
    memberId: string;
    displayName: string;
    mood: number;
    word: string;
    part: string | null;
    share: 'group' | 'facilitators';
    enteredBy: string | null;
    at: string;
  }>;
  checkOuts: Array<{
    memberId: string;
    displayName: string;
    formId: string;
    status: string;
    total: number | null;
    band: string | null;
  }>;
  voice: Array<{
    memberId: string;
    displayName: string;
    seconds: number;
    turns: number;
    /** The group's last few sessions before this one that they were in the room for. */
    earlier: { sessions: number; seconds: number; turns: number };
    /** No turn this session so far. */
    quiet: boolean;
    /** In the room for earlier sessions and no turn in any of them. */
    quietEarlier: boolean;
  }>;
  hiddenChat: Array<{ messageId: string; displayName: string; text: string; at: string }>;
  /** Chat crisis-language screening held; `released`: a facilitator showed it to the group. */
  heldChat: Array<{ messageId: string; displayName: string; text: string; at: string; released: boolean }>;
  safety: Array<{ memberId: string; displayName: string; alertId: string; by: string; at: string }>;
}

export const roomKeys = {
  one: (roomId: string) => ['my', 'rooms', roomId] as const,
  mine: ['my', 'rooms'] as const,
  summary: (groupId: string, roomId: string) => ['groups', groupId, 'rooms', roomId, 'summary'] as const,
  /** The last sessions' share of voice the console shows beside this one's (from the summary). */
  earlierVoice: (roomId: string) => ['rooms', roomId, 'earlier-voice'] as const,
};

/** Opens a session's room (or finds it open); a facilitator's way in. */
export function openRoom(groupId: string, sessionId: string): Promise<RoomInfo> {
  return api<RoomInfo>(`/api/groups/${groupId}/sessions/${sessionId}/room`, { method: 'POST' });
}
