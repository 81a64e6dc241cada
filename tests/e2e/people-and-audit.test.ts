import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTwoFactor, OWNER, setUpPracticeWithoutTwoFactor } from '../../server/testing/test-app.js';
import { totpCode } from '../../server/testing/totp.js';
import {
  browserAvailable,
  expectNoAxeViolations,
  followNavLink,
  launchBrowser,
  watchConsole,
  type Browser,
} from './browser.js';
import { startJourneyServer } from './server.js';

const EXPECTED_4XX = /^Failed to load resource: the server responded with a status of 40[013]/;

describe.skipIf(!browserAvailable())('people, invitations and the audit log', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let admin: Browser;
  let invitee: Browser | undefined;
  let ownerSecret = '';

  beforeAll(async () => {
    server = await startJourneyServer();
    // The owner already exists and uses two-step sign-in; this journey starts at their sign-in.
    const owner = await enrolTwoFactor(
      server.app.app,
      await setUpPracticeWithoutTwoFactor(server.app.app),
      OWNER.password,
    );
    ownerSecret = owner.twoFactorSecret!;
    admin = await launchBrowser();
  });
  afterAll(async () => {
    await invitee?.close();
    await admin?.close();
    await server?.stop();
  });

  it('lets an owner invite a member, who accepts; then the owner disables them and reads it in the audit log', async () => {
    const { page } = admin;
    const adminErrors = watchConsole(page);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('E-mail address').fill(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Six-digit code').fill(totpCode(ownerSecret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: OWNER.practiceName }).waitFor();
    // The owner's home fits an owner: no member's words, the practice's places instead.
    await page.getByRole('heading', { level: 2, name: 'Groups you facilitate' }).waitFor();
    await page.getByRole('link', { name: 'Practice settings' }).waitFor();
    expect(await page.getByText('You are not in a group yet').count()).toBe(0);
    await expectNoAxeViolations(page, 'owner home');

    // Invite a member.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await expectNoAxeViolations(page, 'people page');
    await page.getByLabel('Their name').fill('Robin Hale');
    await page.getByLabel('Their e-mail address').fill('robin@harbour.test');
    await page.getByLabel('Role', { exact: true }).selectOption('member');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('status').getByText('Invitation sent to robin@harbour.test.').waitFor();
    await page.getByRole('heading', { name: 'Invitations waiting' }).waitFor();

    await expectNoAxeViolations(page, 'people page with an invitation');

    // Without a mail server, the e-mail waits in the outbox, under the practice's settings.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Practice settings' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Safety alerts' }).waitFor();
    await expectNoAxeViolations(page, 'practice settings');
    await page.getByRole('link', { name: 'Open the e-mail outbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'E-mail outbox' }).waitFor();
    const mail = page.locator('.mail-text').first();
    await mail.waitFor();
    const link = /(http\S+\/invitation#\S+)/.exec((await mail.textContent()) ?? '')![1]!;
    await expectNoAxeViolations(page, 'e-mail outbox');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();

    // The member opens the link on a phone, chooses a password, and is in.
    invitee = await launchBrowser({ width: 360, height: 740 });
    const memberErrors = watchConsole(invitee.page);
    await invitee.page.goto(link.replace(/^http:\/\/localhost:\d+/, server.url));
    await invitee.page.getByRole('heading', { level: 1, name: `Join ${OWNER.practiceName}` }).waitFor();
    await expectNoAxeViolations(invitee.page, 'invitation page');
    expect(await invitee.page.getByLabel('Your name').inputValue()).toBe('Robin Hale');
    await invitee.page.getByLabel('Choose a password').fill('robin walks by the harbour');
    await invitee.page.getByRole('button', { name: `Join ${OWNER.practiceName}` }).click();
    await invitee.page.getByRole('heading', { level: 1, name: OWNER.practiceName }).waitFor();
    await invitee.page.getByText('You are signed in as a member.').waitFor();
    // A member has no people or audit pages, and help is always in reach.
    expect(await invitee.page.getByRole('link', { name: 'People' }).count()).toBe(0);
    await invitee.page.getByRole('link', { name: 'Need help now?' }).waitFor();

    // On a phone the navigation is one row: help stays in view, the rest folds into a menu.
    const nav = invitee.page.getByRole('navigation', { name: 'Main' });
    const menu = nav.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.getByRole('link', { name: 'Need help now?' }).isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: 'Account' }).isVisible()).toBe(false);
    const headerHeight = await invitee.page.evaluate(() => document.querySelector('header')!.offsetHeight);
    expect(headerHeight).toBeLessThanOrEqual(80);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Account' }).waitFor();
    await expectNoAxeViolations(invitee.page, 'member home with the menu open on a phone');
    // Escape closes it and puts the focus back on its button.
    await nav.getByRole('link', { name: 'Check-ins' }).focus();
    await invitee.page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await invitee.page.evaluate(() => document.activeElement?.textContent)).toBe('Menu');
    expect(await nav.getByRole('link', { name: 'Account' }).isVisible()).toBe(false);
    // By keyboard: Enter opens it, and following a link closes it.
    await invitee.page.keyboard.press('Enter');
    await invitee.page.keyboard.press('Tab');
    expect(await invitee.page.evaluate(() => document.activeElement?.textContent)).toBe('Home');
    await followNavLink(invitee.page, 'Account');
    await invitee.page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await invitee.page.getByText('This device').waitFor();
    await expectNoAxeViolations(invitee.page, 'account page on a phone');
    const overflow = await invitee.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    // The owner disables the member, after confirming.
    await page.reload();
    await page.getByRole('heading', { level: 3, name: /Robin Hale/ }).waitFor();
    await page.getByRole('button', { name: 'Disable Robin Hale' }).click();
    await expectNoAxeViolations(page, 'people page confirming a disable');
    await page.getByRole('button', { name: 'Yes, disable' }).click();
    await page.getByRole('status').getByText('Robin Hale is disabled and was signed out everywhere.').waitFor();

    // The list finds people by status, role, name or address.
    await page.getByLabel('Status to show').selectOption('disabled');
    await page.getByText('Showing 1 of 2 people').waitFor();
    expect(await page.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      expect.stringMatching(/Robin Hale/),
    ]);
    await page.getByLabel('Name or e-mail').fill('alex');
    await page.getByText('Nobody matches.').waitFor();
    await expectNoAxeViolations(page, 'people page, filtered to nobody');
    await page.getByRole('button', { name: 'Show everyone' }).click();
    await page.getByText('2 people', { exact: true }).waitFor();
    await page.getByLabel('Role to show').selectOption('owner');
    await page.getByText('Showing 1 of 2 people').waitFor();
    await page.getByRole('heading', { level: 3, name: /Alex Morgan/ }).waitFor();

    // The member's open page hears that their session ended (the realtime socket closes) and
    // shows the sign-in page without waiting for their next step.
    await invitee.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await invitee.page.reload();
    await invitee.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

    // The owner reads it all in the audit log, filters it, and checks the chain.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const records = page.getByRole('list', { name: 'Audit records' });
    await records.getByText('Disabled an account').waitFor();
    await records.getByText('Accepted an invitation').waitFor();
    await expectNoAxeViolations(page, 'audit log');
    await page.getByLabel('What happened').selectOption('people.invited');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => records.getByRole('listitem').count()).toBe(1);
    // Days are the reader's own: today, as the browser's calendar has it, holds what was just done, in
    // whatever zone the browser is (run with TZ=Pacific/Pago_Pago in a UTC morning to see a UTC day miss it).
    const today = await page.evaluate(() => new Intl.DateTimeFormat('en-CA').format(new Date()));
    await page.getByLabel('From').fill(today);
    await page.getByLabel('To (including)').fill(today);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => records.getByRole('listitem').count()).toBe(1);
    await page.getByRole('button', { name: 'Check the log is intact' }).click();
    await page.getByText(/The log is intact: all \d+ records check out/).waitFor();

    expect(adminErrors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
    expect(memberErrors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  });

  it('helps someone who forgot their password, without saying whether the address exists', async () => {
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await page.goto(`${server.url}/sign-in`);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByRole('heading', { level: 1, name: 'Forgot your password' }).waitFor();
      await expectNoAxeViolations(page, 'forgot password page');
      await page.getByLabel('E-mail address').fill('nobody@harbour.test');
      await page.getByRole('button', { name: 'Send me a link' }).click();
      await page.getByRole('heading', { level: 1, name: 'Check your e-mail' }).waitFor();
      await page.getByText('If that address has a Hearth account').waitFor();
      await page.goto(`${server.url}/reset-password#not-a-real-token-value`);
      await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
      await expectNoAxeViolations(page, 'reset password page');
      await page.getByLabel('New password').fill('a long enough new password');
      await page.getByRole('button', { name: 'Save new password' }).click();
      await page
        .getByRole('alert')
        .getByText(/expired or was already used/)
        .waitFor();
    } finally {
      await browser.close();
    }
  });
});
