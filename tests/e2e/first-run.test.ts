import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectNoAxeViolations, launchBrowser, watchConsole, type Browser } from './browser.js';
import { startJourneyServer } from './server.js';

const owner = {
  practice: 'Willow Street Group Therapy',
  name: 'Priya Raman',
  email: 'priya@willow.test',
  password: 'quiet willow morning tea',
};

describe.skipIf(!browserAvailable())('first run: set up, sign out, sign in', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let browser: Browser;
  let consoleErrors: string[];

  beforeAll(async () => {
    server = await startJourneyServer();
    browser = await launchBrowser();
    consoleErrors = watchConsole(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('walks a new practice owner from an empty install to signed in', async () => {
    const { page } = browser;

    // A fresh install sends the visitor to setup.
    await page.goto(server.url);
    await page.waitForURL('**/setup');
    await expect.poll(() => page.title()).toBe('Set up Hearth · Hearth');
    await page.getByRole('heading', { level: 1, name: 'Set up Hearth' }).waitFor();
    await expectNoAxeViolations(page, 'setup page');

    // A weak password is explained next to its field and nothing is created.
    await page.getByLabel('Practice name').fill(owner.practice);
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('Your e-mail address').fill(owner.email);
    await page.getByLabel('Choose a password').fill('password1234');
    await page.getByRole('button', { name: 'Create practice' }).click();
    const summary = page.getByRole('alert');
    await summary.getByText('Choose a password: This password is too easy to guess').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    await expectNoAxeViolations(page, 'setup page with a problem');

    await page.getByLabel('Choose a password').fill(owner.password);
    await page.getByRole('button', { name: 'Create practice' }).click();

    // The owner lands on the practice home, signed in.
    await page.getByRole('heading', { level: 1, name: owner.practice }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByText('Owner', { exact: true }).waitFor();
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

    // The right password signs in.
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: owner.practice }).waitFor();

    // Setup cannot be run again.
    await page.goto(`${server.url}/setup`);
    await page.waitForURL((url) => url.pathname !== '/setup');

    // An unknown address shows a page, not an error.
    await page.goto(`${server.url}/no-such-page`);
    await page.getByRole('heading', { level: 1, name: 'We could not find that page' }).waitFor();
    await expectNoAxeViolations(page, 'not-found page');

    // Nothing broke the strict Content Security Policy or threw along the way. (The 400 and 401
    // answers above are expected; the browser logs every 4xx response.)
    const expected4xx = /^Failed to load resource: the server responded with a status of 40[01]/;
    expect(consoleErrors.filter((e) => !expected4xx.test(e))).toEqual([]);
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
