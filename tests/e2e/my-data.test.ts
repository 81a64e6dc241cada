import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupWithMembers, type GroupFixture } from '../../server/testing/group-fixtures.js';
import { TEST_PASSWORD } from '../../server/testing/test-app.js';
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

describe.skipIf(!browserAvailable())('a member downloads a copy of their data on a phone', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let fixture: GroupFixture;
  let phone: Browser;

  beforeAll(async () => {
    server = await startJourneyServer();
    const { app } = server.app;
    fixture = await groupWithMembers(server.app, { members: ['Sam', 'Ria'] });
    await app.inject({
      method: 'PUT',
      url: `/api/groups/${fixture.groupId}/measures`,
      headers: { cookie: fixture.maya.cookie },
      payload: { measures: [{ instrumentId: 'phq-9', cadence: 'admission', main: true }] },
    });
    // Sam and Ria each send a PHQ-9; Sam's copy must hold Sam's answers and nothing of Ria's.
    for (const [member, answer] of [
      [fixture.members[0]!, 1],
      [fixture.members[1]!, 3],
    ] as const) {
      const headers = { cookie: member.person.cookie };
      const forms = (await app.inject({ method: 'GET', url: '/api/my/measures', headers })).json().waiting;
      await app.inject({
        method: 'POST',
        url: `/api/my/measures/${forms[0].id}/submission`,
        headers,
        payload: { answers: { 1: answer, 2: answer, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0 } },
      });
    }
    phone = await launchBrowser({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await phone?.close();
    await server?.stop();
  });

  it('asks for their data, sees progress, and downloads one zip of their own data', async () => {
    const page = phone.page;
    const errors = watchConsole(page);
    await signIn(page, server.url, 'sam@people.test', TEST_PASSWORD);

    // From the account page, and from the member's own navigation.
    await followNavLink(page, 'Account');
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await page.getByRole('link', { name: 'Get a copy of your data' }).waitFor();
    await expectNoAxeViolations(page, 'account page with the link to your data');
    // Data rights live with the account, as they do for staff; the main navigation keeps to every day.
    await page.getByRole('link', { name: 'Get a copy of your data' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your data' }).waitFor();
    await page.getByText('Only you. Nobody at your practice can open or download your copy.').waitFor();
    await page.getByText('kept for 7 days after it is ready', { exact: false }).waitFor();
    // A member's other rights sit on the same page: how long records are kept, and erasure.
    await page.getByRole('heading', { level: 2, name: 'How long we keep your information' }).waitFor();
    await page.getByRole('region', { name: 'Erasing your information' }).waitFor();
    await expectNoAxeViolations(page, 'your data, before asking');

    // Progress while it waits for the worker (held for a moment, so the journey sees it).
    await server.app.app.jobs.stop();
    await page.getByRole('button', { name: 'Prepare my copy' }).click();
    await page.getByText('Your copy will start in a moment: step 0 of 5.', { exact: false }).waitFor();
    expect(await page.getByRole('progressbar').getAttribute('max')).toBe('5');
    await expectNoAxeViolations(page, 'your data, preparing');
    server.app.app.jobs.start(250);

    // The page follows by itself until the copy is ready.
    const link = page.getByRole('link', { name: /^Download your copy \(zip, \d+ KB\)$/ });
    await link.waitFor({ timeout: 30_000 });
    await page.getByText('Your copy is ready.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'your data, ready');

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^hearth-\d{4}-\d\d-\d\d-my-data\.zip$/);
    const files = unzipSync(new Uint8Array(fs.readFileSync((await download.path())!)));
    expect(Object.keys(files).sort()).toEqual(['fhir-bundle.json', 'hearth-data.json', 'summary.html']);
    const data = JSON.parse(strFromU8(files['hearth-data.json']!));
    expect(data.account).toMatchObject({ name: 'Sam Legal', email: 'sam@people.test' });
    expect(data.answers).toHaveLength(1);
    expect(data.answers[0]).toMatchObject({ questionnaire: 'How your mood has been', total: 2 });
    expect(data.answers[0].answers.slice(0, 2).map((a: { answer: string }) => a.answer)).toEqual([
      'Several days',
      'Several days',
    ]);
    const summary = strFromU8(files['summary.html']!);
    expect(summary).toContain('How your mood has been');
    const everything = Object.values(files)
      .map((file) => strFromU8(file))
      .join('\n');
    expect(everything).not.toContain('ria@people.test');
    expect(everything).not.toContain('Ria');

    // The summary reads well on the same phone, and passes the same checks.
    const reader = await phone.context.newPage();
    await reader.setContent(summary);
    await reader.getByRole('heading', { level: 1, name: 'Your data from Hearth' }).waitFor();
    await expectNoAxeViolations(reader, 'summary.html');
    await reader.close();

    // The download shows in their own account activity.
    await followNavLink(page, 'Account');
    await page.getByText('Downloaded a copy of their data').first().waitFor();
    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  });
});
