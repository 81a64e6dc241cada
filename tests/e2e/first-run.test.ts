import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const owner = {
  practice: 'Willow Street Group Therapy',
  name: 'Priya Raman',
  email: 'priya@willow.test',
  password: 'quiet willow morning tea',
};

/** Reads the key shown on the two-step page and answers with the app's current code. */
async function currentCode(page: Page): Promise<string> {
  const secret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
  return totpCode(secret);
}

describe.skipIf(!browserAvailable())('first run: set up, two-step sign-in, sign out, sign in', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let browser: Browser;
  let consoleErrors: string[];
  let secret = '';

  beforeAll(async () => {
    server = await startJourneyServer();
    browser = await launchBrowser();
    consoleErrors = watchConsole(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('walks a new practice owner from an empty install to signed in with two-step sign-in', async () => {
    const { page } = browser;

    // A fresh install sends the visitor to setup.
    await page.goto(server.url);
    await page.waitForURL('**/setup');
    await expect.poll(() => page.title()).toBe('Set up Hearth · Hearth');
    await expectNoAxeViolations(page, 'setup page');

    // A weak password is explained next to its field and nothing is created.
    await page.getByLabel('Practice name').fill(owner.practice);
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('Your e-mail address').fill(owner.email);
    await page.getByLabel('Choose a password').fill('password1234');
    await page.getByRole('button', { name: 'Create practice' }).click();
    await page.getByRole('alert').getByText('Choose a password: This password is too easy to guess').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    await expectNoAxeViolations(page, 'setup page with a problem');

    await page.getByLabel('Choose a password').fill(owner.password);
    await page.getByRole('button', { name: 'Create practice' }).click();

    // An owner sees clinical data, so two-step sign-in comes next, before anything else.
    await page.getByRole('heading', { level: 1, name: 'Set up two-step sign-in' }).waitFor();
    await page.goto(`${server.url}/people`);
    await page.waitForURL('**/security/two-step');
    await expectNoAxeViolations(page, 'two-step setup: password');
    await page.getByLabel('Your password').fill(owner.password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    await expect.poll(() => page.locator('.recovery-codes li').count()).toBe(10);
    await expectNoAxeViolations(page, 'two-step setup: app and recovery codes');
    secret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
    const turnOn = page.getByRole('button', { name: 'Turn on two-step sign-in' });
    expect(await turnOn.isDisabled()).toBe(true);
    await page.getByLabel('I have saved my recovery codes').check();
    await page.getByLabel('Six-digit code').fill(await currentCode(page));
    await turnOn.click();

    // The owner lands on the practice home, signed in.
    await page.getByRole('heading', { level: 1, name: owner.practice }).waitFor();
    await page.getByText('Two-step sign-in is on.').waitFor();
    await expectNoAxeViolations(page, 'home page');

    // Sign out: back to the sign-in page, and the home page is no longer reachable.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectNoAxeViolations(page, 'sign-in page');
    await page.goto(server.url);
    await page.waitForURL('**/sign-in');

    // A wrong password is refused calmly.
    await page.getByLabel('E-mail address').fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill('not my password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('do not match an account').waitFor();
    await expectNoAxeViolations(page, 'sign-in page with a problem');

    // The right password asks for the code; the code signs in.
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enter your code' }).waitFor();
    await expectNoAxeViolations(page, 'second step');
    await page.getByLabel('Six-digit code').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: owner.practice }).waitFor();

    // Setup cannot be run again.
    await page.goto(`${server.url}/setup`);
    await page.waitForURL((url) => url.pathname !== '/setup');

    // Help is one step away, from every page.
    await page.getByRole('link', { name: 'Need help now?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Need help now?' }).waitFor();
    await page.getByText('Call or text 988, any time.').waitFor();
    await expectNoAxeViolations(page, 'help page');

    // An unknown address shows a page, not an error.
    await page.goto(`${server.url}/no-such-page`);
    await page.getByRole('heading', { level: 1, name: 'We could not find that page' }).waitFor();
    await expectNoAxeViolations(page, 'not-found page');

    // After a while without activity the session ends, and the person is told why.
    const idle = new Date(Date.now() - 20 * 60_000).toISOString();
    await server.app.database.db.updateTable('sessions').set({ lastActiveAt: idle }).execute();
    await page.goto(`${server.url}/account`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByRole('status').getByText('signed out after a while without activity').waitFor();

    // Nothing broke the strict Content Security Policy or threw along the way.
    expect(consoleErrors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  });

  it('is usable on a 360-pixel-wide phone, with a skip link for keyboard users', async () => {
    const phone = await launchBrowser({ width: 360, height: 740 });
    try {
      await phone.page.goto(`${server.url}/sign-in`);
      await phone.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      const overflow = await phone.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.page.keyboard.press('Tab');
      const focused = await phone.page.evaluate(() => document.activeElement?.textContent);
      expect(focused).toBe('Skip to main content');
      await expectNoAxeViolations(phone.page, 'sign-in page on a phone');
    } finally {
      await phone.close();
    }
  });
});
