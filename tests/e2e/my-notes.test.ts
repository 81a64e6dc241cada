import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealedIn } from '../../server/platform/crypto/encrypted-columns.js';
import { clinicalCipherOf } from '../../server/platform/secret-key.js';
import { backdateMembership, groupWithMembers, insertPastSession } from '../../server/testing/group-fixtures.js';
import { TEST_PASSWORD, TEST_SECRET_KEY } from '../../server/testing/test-app.js';
import {
  browserAvailable,
  expectNoAxeViolations,
  followNavLink,
  launchBrowser,
  watchConsole,
  type Browser,
  EXPECTED_4XX,
  signIn,
} from './browser.js';
import { startJourneyServer } from './server.js';

describe.skipIf(!browserAvailable())('a member reads the notes their clinician shared with them', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let phone: Browser;

  beforeAll(async () => {
    server = await startJourneyServer();
    const fixture = await groupWithMembers(server.app, { members: ['Sam', 'Ria'] });
    const lastWeek = new Date(Date.now() - 7 * 86_400_000);
    for (const m of fixture.members)
      await backdateMembership(server.app, m.memberId, new Date(lastWeek.getTime() - 86_400_000));
    const sessionId = await insertPastSession(server.app, fixture, lastWeek);
    const cipher = clinicalCipherOf({ current: TEST_SECRET_KEY, previous: undefined });
    const now = new Date().toISOString();
    // Signed notes for both, as Maya signed them; only Sam's is released. Written to the table: the
    // notes journey covers writing and signing through the pages.
    for (const [member, words, released] of [
      [fixture.members[0]!, 'Sam practised saying no at work', now],
      [fixture.members[1]!, 'Ria spoke about her sister', null],
    ] as const) {
      const id = crypto.randomUUID();
      await server.app.database.db
        .insertInto('progressNotes')
        .values({
          id,
          practiceId: fixture.practiceId,
          groupId: fixture.groupId,
          sessionId,
          groupMemberId: member.memberId,
          userId: member.person.userId,
          attendance: 'present',
          template: 'DAP',
          content: cipher.encrypt(
            JSON.stringify({
              sections: { data: words, assessment: 'Steadier than last month', plan: 'Keep the weekly log' },
              participation: 'Spoke twice and listened closely',
              goalProgress: '',
              risk: '',
            }),
            sealedIn('progressNotes.content', id),
          ),
          groupPart: cipher.encrypt(
            JSON.stringify({
              themes: 'Boundaries at work',
              interventions: [],
              interventionsOther: '',
              groupProcess: 'The group warmed up quickly',
              factors: [],
              risk: '',
            }),
            sealedIn('progressNotes.groupPart', id),
          ),
          status: 'signed',
          authorId: fixture.maya.userId,
          signedBy: fixture.maya.userId,
          signedName: 'Maya Okafor',
          signedCredential: 'LCSW',
          signedAt: now,
          contentHash: 'hash',
          releasedAt: released,
          releasedBy: released ? fixture.maya.userId : null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
    }
    phone = await launchBrowser();
  });
  afterAll(async () => {
    await phone?.close();
    await server?.stop();
  });

  it('finds "Notes shared with you" from their sessions and reads the note, and nobody else’s', async () => {
    const page = phone.page;
    const errors = watchConsole(page);
    await signIn(page, server.url, 'sam@people.test', TEST_PASSWORD);
    await followNavLink(page, 'Sessions');
    await page.getByRole('link', { name: 'Notes shared with you' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notes shared with you' }).waitFor();
    await page.getByText('Sam practised saying no at work').waitFor();
    await expectNoAxeViolations(page, 'notes shared with a member');

    const text = await page.locator('main').innerText();
    expect(text).toContain('Tuesday Skills Circle');
    expect(text).toContain('Signed by Maya Okafor, LCSW');
    expect(text).toContain('Boundaries at work');
    expect(text).toContain('Spoke twice and listened closely');
    expect(text).not.toContain('Ria');
    expect(await page.getByRole('article').count()).toBe(1);

    // Ria has none released: she is told so, plainly.
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await signIn(page, server.url, 'ria@people.test', TEST_PASSWORD);
    await page.goto(`${server.url}/my-notes`);
    await page.getByText('No notes have been shared with you yet.').waitFor();
    expect(await page.locator('main').innerText()).not.toContain('Sam practised');
    await expectNoAxeViolations(page, 'no notes shared yet');
    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  });
});
