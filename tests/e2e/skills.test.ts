import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupWithMembers, type GroupFixture } from '../../server/testing/group-fixtures.js';
import { TEST_PASSWORD } from '../../server/testing/test-app.js';
import {
  browserAvailable,
  expectNoAxeViolations,
  followNavLink,
  launchBrowser,
  signIn,
  watchConsole,
  type Browser,
  EXPECTED_4XX,
} from './browser.js';
import { startJourneyServer } from './server.js';

/** Where to keep screenshots to look at (HEARTH_SCREENSHOTS=dir); none are taken otherwise. */
const SHOTS = process.env.HEARTH_SCREENSHOTS;

describe.skipIf(!browserAvailable())('skills practice between sessions', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let fixture: GroupFixture;
  let desk: Browser;
  let phone: Browser;

  beforeAll(async () => {
    server = await startJourneyServer();
    fixture = await groupWithMembers(server.app, { members: ['Sam', 'Ria'] });
    desk = await launchBrowser();
    phone = await launchBrowser({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await desk?.close();
    await phone?.close();
    await server?.stop();
  });

  it('a facilitator assigns a card, a member logs and shares practice on a phone, a peer gives feedback, the facilitator sees the chart', async () => {
    // The facilitator assigns I-statements to the whole group.
    const page = desk.page;
    const deskErrors = watchConsole(page);
    await signIn(page, server.url, 'maya@harbour.test', TEST_PASSWORD, fixture.maya.twoFactorSecret);
    await followNavLink(page, 'Skill cards');
    await page.getByRole('heading', { level: 1, name: 'Skill cards' }).waitFor();
    await page.getByText('Read “Repairing after a rupture”').click();
    await expectNoAxeViolations(page, 'skill cards');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/skill-cards-1280.png`, fullPage: true });
    // A practice adapts a copy of one of Hearth's cards; Hearth's stays as shipped.
    await page.getByRole('button', { name: 'Copy to adapt Making a request' }).click();
    await page.getByRole('heading', { name: 'Adapt a copy of “Making a request”' }).waitFor();
    await page.getByLabel('Title').fill('Asking for what you need');
    await expectNoAxeViolations(page, 'card form');
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.getByText('Saved “Asking for what you need”. It is now in your practice’s list.').waitFor();
    await page.getByText('Your practice’s card, adapted from one of Hearth’s').waitFor();

    await followNavLink(page, 'Groups');
    await page.getByRole('link', { name: 'Tuesday Skills Circle' }).click();
    await page.getByRole('link', { name: 'Skills practice' }).click();
    await page.getByRole('heading', { level: 1, name: 'Skills practice: Tuesday Skills Circle' }).waitFor();
    await page.getByText('No skills assigned yet.').waitFor();
    await expectNoAxeViolations(page, 'group skills, nothing assigned');
    await page.getByLabel('Skill card').selectOption({ label: 'I-statements' });
    await page.getByLabel('For', { exact: true }).selectOption({ label: 'The whole group' });
    await page.getByLabel('A note for members (optional)').fill('Try it once with someone close to you.');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page
      .getByText('Assigned “I-statements” to the whole group. Members see it on their Practice page.')
      .waitFor();
    await expectNoAxeViolations(page, 'group skills, assigned');

    // Sam, on a phone, logs a practice in a minute and shares it with the group.
    const member = phone.page;
    const phoneErrors = watchConsole(member);
    await signIn(member, server.url, 'sam@people.test', TEST_PASSWORD);
    await followNavLink(member, 'Practice');
    await member.getByRole('heading', { level: 1, name: 'Practice' }).waitFor();
    await member.getByText('Your facilitator says: Try it once with someone close to you.').waitFor();
    await member.getByText('Read the card').click();
    await expectNoAxeViolations(member, 'member practice page');
    if (SHOTS) await member.screenshot({ path: `${SHOTS}/practice-390.png`, fullPage: true });
    await member.getByRole('link', { name: 'Log a practice of I-statements' }).click();
    await member.getByRole('heading', { level: 1, name: 'Log a practice' }).waitFor();
    // Nothing written: the problem is named on its field, and nothing is saved.
    await member.getByRole('button', { name: 'Save' }).click();
    await member.getByRole('alert').getByText('Your practice was not saved yet').waitFor();
    await member.getByRole('alert').getByText('What was the situation? Fill this in.').waitFor();
    await expectNoAxeViolations(member, 'log form with problems');
    await member.getByLabel('What was the situation?').fill('My brother cancelled our plans again.');
    await member.getByLabel('7', { exact: true }).check();
    await member.getByLabel('What did you learn? (optional)').fill('Saying "I felt let down" kept us talking.');
    await member.getByLabel('My group, for feedback (my facilitators see it too)').check();
    await expectNoAxeViolations(member, 'log form');
    if (SHOTS) await member.screenshot({ path: `${SHOTS}/practice-log-390.png`, fullPage: true });
    await member.getByRole('button', { name: 'Save' }).click();
    await member
      .getByText('Your practice is saved and shared with your group. Your facilitators see it too.')
      .waitFor();
    await expectNoAxeViolations(member, 'practice saved');
    await member.getByRole('link', { name: 'Back to your practice' }).click();
    await member.getByText('Shared with your group', { exact: true }).waitFor();

    // Ria, a peer, reads it and gives kind, structured feedback.
    await member
      .getByRole('button', { name: 'Sign out', includeHidden: true })
      .first()
      .evaluate((b) => (b as HTMLElement).click());
    await member.getByRole('heading', { level: 1, name: /Sign in/ }).waitFor();
    await signIn(member, server.url, 'ria@people.test', TEST_PASSWORD);
    await followNavLink(member, 'Practice');
    await member.getByRole('link', { name: 'Shared in Tuesday Skills Circle' }).click();
    await member.getByRole('heading', { level: 1, name: 'Shared practice in Tuesday Skills Circle' }).waitFor();
    await member.getByText('My brother cancelled our plans again.').waitFor();
    await member.getByText('Give Sam feedback').click();
    await member.getByLabel('What worked').fill('You named how you felt without blaming him.');
    await member.getByLabel('Something you might try').fill('Maybe suggest a new date in the same breath.');
    await expectNoAxeViolations(member, 'shared practice with feedback form');
    await member.getByRole('button', { name: 'Send feedback' }).click();
    await member.getByText('From you').waitFor();
    await member.getByText('What worked: You named how you felt without blaming him.').waitFor();
    await expectNoAxeViolations(member, 'shared practice after feedback');
    if (SHOTS) await member.screenshot({ path: `${SHOTS}/practice-shared-390.png`, fullPage: true });

    // Ria shares an entry whose words screening holds: it stays with her facilitators, and she
    // sees the crisis lines at once.
    await member.getByRole('link', { name: 'Back to your practice' }).click();
    await member.getByRole('link', { name: 'Log a practice of I-statements' }).click();
    await member.getByLabel('What was the situation?').fill('A hard talk with my mother.');
    await member.getByLabel('3', { exact: true }).check();
    await member.getByLabel('What did you learn? (optional)').fill('Lately I want to die after talks like that.');
    await member.getByLabel('My group, for feedback (my facilitators see it too)').check();
    await member.getByRole('button', { name: 'Save' }).click();
    await member.getByRole('heading', { name: 'Your facilitators will read this first' }).waitFor();
    await member.getByText(/it stays with you and your facilitators for now/).waitFor();
    expect(await member.getByRole('link', { name: 'Open my safety plan' }).getAttribute('href')).toBe('/safety-plan');
    await expectNoAxeViolations(member, 'held entry with crisis lines');
    if (SHOTS) await member.screenshot({ path: `${SHOTS}/practice-held-390.png`, fullPage: true });

    // The facilitator sees the group's practice chart, its table, and what was shared.
    await page.reload();
    await page.getByRole('img', { name: /Mean rating of the group’s practice by week, oldest first: 5/ }).waitFor();
    await page.getByText('Show as a table').first().click();
    const table = page.getByRole('table', { name: 'The group’s practice by week' });
    await expect.poll(() => table.getByRole('cell').allTextContents()).toEqual(['2', '5']);
    await page.getByRole('img', { name: /Sam’s mean rating by week/ }).waitFor();
    await page.getByText('From Ria').waitFor();
    // Ria's held entry reached the facilitators only.
    await page.getByText('Lately I want to die after talks like that.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'group skills with practice');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/group-skills-1280.png`, fullPage: true });
    if (SHOTS) {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${SHOTS}/group-skills-390.png`, fullPage: true });
    }

    expect(deskErrors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
    expect(phoneErrors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  }, 180_000);
});
