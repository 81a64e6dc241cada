import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { changeFrom, invalidate } from './changes.js';

/** The server closes a socket with this code when its session has ended. */
const SESSION_ENDED = 1008;
const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 60_000;

/**
 * While someone is signed in, listens on the realtime socket for what others changed (another
 * tab, another clinician, a job that raised an alert) and refreshes it here exactly as a change
 * made on this page would (app/api/changes.ts). `who` names the person and practice: a switch of
 * either opens a new socket, with the rooms that person may hear in that practice.
 */
export function useLiveChanges(who: string | null): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!who) return;
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = FIRST_RETRY_MS;
    let stopped = false;
    let missed = false;
    const open = () => {
      socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/realtime`);
      socket.onopen = () => {
        delay = FIRST_RETRY_MS;
        // While the socket was down anything may have changed.
        if (missed) void queryClient.invalidateQueries();
      };
      socket.onmessage = (event: MessageEvent<string>) => {
        let message: { type?: unknown; data?: unknown };
        try {
          message = JSON.parse(event.data) as typeof message;
        } catch {
          return;
        }
        const change = message.type === 'changed' ? changeFrom(message.data) : null;
        if (change) void invalidate(queryClient, change);
      };
      socket.onclose = (event) => {
        if (stopped) return;
        if (event.code === SESSION_ENDED) {
          void invalidate(queryClient, 'session');
          return;
        }
        missed = true;
        retry = setTimeout(open, delay);
        delay = Math.min(delay * 2, LAST_RETRY_MS);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [who, queryClient]);
}
