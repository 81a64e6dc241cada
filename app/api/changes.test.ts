import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { changeFrom, invalidate } from './changes.js';
import { groupKeys } from './groups.js';
import { measureKeys } from './measures.js';
import { membershipKeys } from './membership.js';
import { scheduleKeys } from './schedule.js';
import { queryKeys } from './session.js';

/** A client holding fresh data under each key; reports which keys a change made stale. */
function staleAfter(keys: QueryKey[], run: (client: QueryClient) => Promise<void>) {
  const client = new QueryClient();
  for (const key of keys) client.setQueryData(key, { fresh: true });
  return run(client).then(() => keys.filter((key) => client.getQueryState(key)?.isInvalidated));
}

describe('a change refreshes every view that shows what it touched', () => {
  const keys: QueryKey[] = [
    groupKeys.all,
    groupKeys.one('g1'),
    membershipKeys.roster('g1'),
    measureKeys.outcomes('g1'),
    scheduleKeys.alerts('g1'),
    scheduleKeys.sessions('g1'),
    scheduleKeys.allAlerts,
    scheduleKeys.agenda('2026-11-30T00:00:00.000Z'),
    membershipKeys.intake,
    scheduleKeys.mine,
    measureKeys.outcomes('g2'),
    groupKeys.one('g2'),
    queryKeys.people,
    groupKeys.facilitatorChoices,
    queryKeys.sessions,
  ];

  it('closing an alert refreshes the roster view (its "Urgent alert"), the alert lists and the agenda', async () => {
    const stale = await staleAfter(keys, (client) => invalidate(client, { group: 'g1' }));
    expect(stale).toEqual(
      expect.arrayContaining([
        measureKeys.outcomes('g1'),
        membershipKeys.roster('g1'),
        scheduleKeys.alerts('g1'),
        scheduleKeys.allAlerts,
        scheduleKeys.agenda('2026-11-30T00:00:00.000Z'),
        groupKeys.all,
      ]),
    );
    // Another group's pages, and people and account pages, stay as they are.
    expect(stale).not.toContainEqual(measureKeys.outcomes('g2'));
    expect(stale).not.toContainEqual(groupKeys.one('g2'));
    expect(stale).not.toContainEqual(queryKeys.people);
    expect(stale).not.toContainEqual(queryKeys.sessions);
  });

  it("a change of people refreshes who may facilitate, and nobody's groups", async () => {
    const stale = await staleAfter(keys, (client) => invalidate(client, 'people'));
    expect(stale).toEqual([queryKeys.people, groupKeys.facilitatorChoices]);
  });

  it('reads only well-formed changes from the realtime socket', () => {
    expect(changeFrom({ group: 'g1' })).toEqual({ group: 'g1' });
    expect(changeFrom('people')).toBe('people');
    expect(changeFrom('toString')).toBeNull();
    expect(changeFrom({ group: 3 })).toBeNull();
    expect(changeFrom(null)).toBeNull();
  });
});
