import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';

/**
 * What a change touched, named by resource rather than by screen, so that one word reaches every
 * view that shows it. Every mutation in the app says what it changed through `useChanged`, and
 * the server's realtime "changed" messages (platform/realtime/changes.ts) use the same shape, so
 * other tabs and other clinicians refresh too.
 *
 * - `{ group }`: anything about one group: its details, members, schedule, sessions, attendance,
 *   alerts, measures. Cross-group views show groups too: the groups list, the agenda, open alerts,
 *   the intake board, and a member's own pages.
 * - `groups`: the set of groups (one made or archived).
 * - `people`: accounts, invitations and the outbox, and so who may facilitate.
 * - `mine`: a member's own groups, sessions, check-ins and progress.
 * - `account`: the signed-in person's sessions, access history and calendar feed.
 * - `practice`: the practice's settings and questionnaires.
 * - `billing`: billing settings, lines and their statuses.
 * - `session`: who is signed in.
 * - `language`: the reader's language: everything, since the server words much of what it sends
 *   (titles, descriptions, messages) in the language of whoever asks.
 */
export type Change =
  { group: string } | 'groups' | 'people' | 'mine' | 'account' | 'practice' | 'billing' | 'session' | 'language';

/** Query keys are organised by resource (app/api/*.ts); these are the roots each change reaches. */
const CROSS_GROUP: QueryKey[] = [['agenda'], ['alerts'], ['intake'], ['my']];
const ROOTS: Record<Exclude<Change, { group: string }>, QueryKey[]> = {
  groups: [['groups'], ...CROSS_GROUP],
  people: [['people'], ['outbox']],
  mine: [['my']],
  account: [['me']],
  practice: [['practice'], ['instruments']],
  billing: [['billing']],
  session: [['session']],
  // The empty key is a prefix of every query.
  language: [[]],
};

/** The query keys (as prefixes) a change makes stale. */
export function keysChangedBy(change: Change): Array<{ queryKey: QueryKey; exact?: boolean }> {
  if (typeof change === 'string') return ROOTS[change].map((queryKey) => ({ queryKey }));
  return [
    { queryKey: ['groups', change.group] },
    // The groups list, but not every other group's details.
    { queryKey: ['groups'], exact: true },
    ...CROSS_GROUP.map((queryKey) => ({ queryKey })),
  ];
}

/** Marks what the changes touched as stale; the views on screen fetch again at once. */
export async function invalidate(queryClient: QueryClient, ...changes: Change[]): Promise<void> {
  await Promise.all(
    changes.flatMap((change) => keysChangedBy(change).map((filter) => queryClient.invalidateQueries(filter))),
  );
}

/** For a mutation's onSuccess: `changed({ group: groupId })`. */
export function useChanged(): (...changes: Change[]) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback((...changes: Change[]) => invalidate(queryClient, ...changes), [queryClient]);
}

/** Reads a change from a realtime message's data; anything else is ignored. */
export function changeFrom(data: unknown): Change | null {
  if (typeof data === 'string' && Object.hasOwn(ROOTS, data)) return data as Change;
  if (data && typeof data === 'object' && typeof (data as { group?: unknown }).group === 'string')
    return { group: (data as { group: string }).group };
  return null;
}
