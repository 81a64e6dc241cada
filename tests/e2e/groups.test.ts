import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, setUpPractice, setupPracticeId, TEST_PASSWORD } from '../../server/testing/test-app.js';
import { totpCode } from '../../server/testing/totp.js';
import {
  browserAvailable,
  expectNoAxeViolations,
  launchBrowser,
  watchConsole,
  type Browser,
  EXPECTED_4XX,
} from './browser.js';
import { startJourneyServer } from './server.js';

describe.skipIf(!browserAvailable())('a clinician creates and changes a group', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let browser: Browser;
  let clinician: Awaited<ReturnType<typeof addPerson>>;

  beforeAll(async () => {
    server = await startJourneyServer();
    await setUpPractice(server.app.app);
    clinician = await addPerson(server.app, {
      email: 'maya@harbour.test',
      role: 'clinician',
      practiceId: await setupPracticeId(server.app),
      name: 'Maya Okafor',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a group with its agreement, then revises the agreement into a new version', async () => {
    const { page } = browser;
    const errors = watchConsole(page);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('E-mail address').fill('maya@harbour.test');
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Six-digit code').fill(totpCode(clinician.twoFactorSecret!));
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
    await page.getByText('No groups yet.').waitFor();
    await expectNoAxeViolations(page, 'groups page, empty');
    await page.getByRole('link', { name: 'New group' }).click();
    await page.getByRole('heading', { level: 1, name: 'New group' }).waitFor();
    await expectNoAxeViolations(page, 'new group form');

    // Missing pieces are named, and focus goes to the summary.
    await page.getByLabel('Name').fill('Tuesday Evening Process Group');
    await page.getByRole('button', { name: 'Create group' }).click();
    const summary = page.getByRole('alert');
    await summary.getByText('Where it meets: Say where the group meets.').waitFor();
    await summary.getByText(/Group agreement:/).waitFor();
    await expectNoAxeViolations(page, 'new group form with problems');

    await page
      .getByLabel('Description members see')
      .fill('A weekly space to notice how we relate to others, with others.');
    await page.getByLabel('Kind of group').selectOption('process');
    await page.getByLabel('Places').fill('8');
    await page.getByLabel('Time zone').selectOption('America/New_York');
    await page.getByLabel('Where it meets').fill('Room 2, 14 Harbour Street');
    expect(await page.getByLabel('Maya Okafor (you)').isChecked()).toBe(true);
    await page.getByLabel('Group agreement').fill('What is said here stays here. We listen without fixing.');
    // A double click makes one group: the button is disabled while pending, and the key is the same.
    await page.getByRole('button', { name: 'Create group' }).dblclick();

    await page.getByRole('heading', { level: 1, name: 'Tuesday Evening Process Group' }).waitFor();
    await page.getByText('Tuesday Evening Process Group is created.').waitFor();
    await page.getByRole('heading', { name: 'Group agreement (version 1)' }).waitFor();
    await expectNoAxeViolations(page, 'group page');
    // The group's pages are four buttons that wrap on a narrow column: none may touch another.
    const boxes = await Promise.all(
      ['Sessions and attendance', 'Measures and progress', 'Skills practice', 'Group space'].map(
        async (name) => (await page.getByRole('link', { name, exact: true }).boundingBox())!,
      ),
    );
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) {
        const apart = Math.max(
          b.x - (a.x + a.width),
          a.x - (b.x + b.width),
          b.y - (a.y + a.height),
          a.y - (b.y + b.height),
        );
        expect(apart, 'space between two of the group page buttons').toBeGreaterThanOrEqual(8);
      }

    await page.getByRole('button', { name: 'Change this group' }).click();
    await page
      .getByLabel('Group agreement')
      .fill('What is said here stays here. We listen without fixing. Phones stay in bags.');
    await expectNoAxeViolations(page, 'group change form');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved. The agreement is now version 2.').waitFor();
    await page.getByRole('heading', { name: 'Group agreement (version 2)' }).waitFor();
    await page.getByText('Earlier versions').click();
    await page.getByText('Version 1').waitFor();

    // A public link lets someone ask to join without an account.
    await page.getByRole('button', { name: 'Open a public link' }).click();
    const link = (await page.getByLabel("The group's public link").textContent())!.trim();
    expect(link).toMatch(/\/join\/[A-Za-z0-9_-]+$/);
    const visitor = await launchBrowser({ width: 360, height: 740 });
    try {
      await visitor.page.goto(link);
      await visitor.page
        .getByRole('heading', { level: 1, name: 'Ask to join Tuesday Evening Process Group' })
        .waitFor();
      await expectNoAxeViolations(visitor.page, 'public self-referral page');
      // A person takes a moment to fill in the form.
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await visitor.page.getByLabel('Your name').fill('Casey Morgan');
      await visitor.page.getByLabel('Your e-mail address').fill('casey@harbour.test');
      await visitor.page.getByRole('button', { name: 'Ask to join' }).click();
      // The address is confirmed first: nothing the visitor typed is mailed until they do.
      await visitor.page.getByRole('heading', { level: 1, name: 'Check your e-mail' }).waitFor();
      await expectNoAxeViolations(visitor.page, 'self-referral waiting for the address');
    } finally {
      await visitor.close();
    }
    // Until Casey confirms the address, there is no referral to show (the membership journey confirms).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Tuesday Evening Process Group' }).waitFor();
    expect(await page.getByText('Casey Morgan', { exact: true }).count()).toBe(0);

    await page.getByRole('link', { name: 'All groups' }).click();
    await page.getByRole('link', { name: 'Tuesday Evening Process Group' }).waitFor();
    expect(await page.getByRole('link', { name: 'Tuesday Evening Process Group' }).count()).toBe(1);
    expect(await server.app.database.db.selectFrom('groups').select('id').execute()).toHaveLength(1);
    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  });
  it('ends a cycle with a discharge for each member, closes the group, and archives it', async () => {
    const { page } = browser;
    const errors = watchConsole(page);
    // A running group with one member, made through the API as the clinician.
    const api = async (method: 'POST', url: string, cookie: string, payload: object) => {
      const r = await server.app.app.inject({ method, url, headers: { cookie }, payload });
      if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
      return r.json();
    };
    const group = await api('POST', '/api/groups', clinician.cookie, {
      name: 'Thursday Support Circle',
      description: 'A steady place to talk about the week.',
      modality: 'support',
      format: 'closed',
      capacity: 8,
      timeZone: 'Europe/London',
      meetingMode: 'online',
      meetingLink: 'https://meet.example.org/thursday',
      facilitatorIds: [clinician.userId],
      agreement: 'What is said here stays here.',
    });
    const sam = await addPerson(server.app, {
      email: 'sam@people.test',
      role: 'member',
      practiceId: await setupPracticeId(server.app),
      name: 'Sam Rivera',
    });
    const referral = await api('POST', `/api/groups/${group.id}/members`, clinician.cookie, {
      name: 'Sam Rivera',
      email: 'sam@people.test',
    });
    await api('POST', `/api/groups/${group.id}/members/${referral.id}/status`, clinician.cookie, {
      status: 'admitted',
    });
    await api('POST', `/api/my/groups/${group.id}/join`, sam.cookie, { agreementVersion: 1, displayName: 'Sam' });

    await page.goto(`${server.url}/groups/${group.id}`);
    await page.getByRole('heading', { name: 'End of the group' }).waitFor();
    await page.getByRole('link', { name: 'End this cycle' }).click();
    await page.getByRole('heading', { level: 1, name: 'End the cycle of Thursday Support Circle' }).waitFor();
    await expectNoAxeViolations(page, 'end of cycle');
    // The summary is needed; the problem is named.
    await page.getByRole('button', { name: 'Discharge Sam Rivera' }).click();
    await page
      .getByRole('alert')
      .getByText(/Reason:/)
      .waitFor();
    await expectNoAxeViolations(page, 'discharge with problems');
    await page.getByLabel('Completed the group').check();
    await page.getByLabel('Reason').selectOption('finished');
    await page.getByLabel('Summary').fill('Came to nearly every session and found words for hard weeks.');
    await page.getByRole('button', { name: 'Discharge Sam Rivera' }).click();
    await page.getByText('Everyone who held a place has been discharged.').waitFor();
    await page.getByText('Came to nearly every session and found words for hard weeks.').waitFor();

    await page.getByRole('button', { name: 'Close the group…' }).click();
    await page.getByText(/Closing ends this cycle/).waitFor();
    await expectNoAxeViolations(page, 'close the group, confirming');
    await page.getByRole('button', { name: 'End the cycle and close the group' }).click();
    await page.getByText(/This group’s cycle ended on/).waitFor();

    // The record stays readable, with nothing to change; then it is archived away from the lists.
    await page.getByRole('link', { name: 'Back to Thursday Support Circle' }).click();
    await page.getByText(/This group’s cycle ended on/).waitFor();
    expect(await page.getByRole('button', { name: 'Change this group' }).count()).toBe(0);
    await page.getByText('Sam Rivera').first().waitFor();
    await expectNoAxeViolations(page, 'closed group');
    await page.getByRole('button', { name: 'Archive this group…' }).click();
    await page.getByRole('button', { name: 'Archive the group' }).click();
    await page.getByText(/This group was archived on/).waitFor();
    await expectNoAxeViolations(page, 'archived group');

    await page.getByRole('link', { name: 'All groups' }).click();
    await page.getByRole('link', { name: 'Tuesday Evening Process Group' }).waitFor();
    expect(await page.getByRole('link', { name: 'Thursday Support Circle' }).count()).toBe(0);
    await page.getByText('Archived groups').click();
    await page.getByRole('link', { name: 'Thursday Support Circle' }).waitFor();
    await expectNoAxeViolations(page, 'groups page with archived groups');
    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  });
});
