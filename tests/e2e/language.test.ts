import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupWithMembers, type GroupFixture } from '../../server/testing/group-fixtures.js';
import { TEST_PASSWORD } from '../../server/testing/test-app.js';
import { totpCode } from '../../server/testing/totp.js';
import { browserAvailable, expectNoAxeViolations, launchBrowser, type Browser } from './browser.js';
import { startJourneyServer } from './server.js';

/** Where to keep screenshots to look at (HEARTH_SCREENSHOTS=dir); none are taken otherwise. */
const SHOTS = process.env.HEARTH_SCREENSHOTS;

describe.skipIf(!browserAvailable())('a person’s language, saved on their account', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let fixture: GroupFixture;
  let phone: Browser;

  beforeAll(async () => {
    server = await startJourneyServer();
    fixture = await groupWithMembers(server.app, { members: ['Sam'] });
    phone = await launchBrowser({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await phone?.close();
    await server?.stop();
  });

  it('a member chooses Spanish on the account page, and a new device opens in it after sign-in', async () => {
    const { page } = phone;
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('E-mail address').fill('sam@people.test');
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    await page.goto(`${server.url}/account`);
    const section = page.getByRole('region', { name: 'Language' });
    await section.getByLabel('Español').check();
    await section.getByRole('button', { name: 'Save language' }).click();
    await page.getByRole('region', { name: 'Idioma' }).getByText('Guardado.').waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
    await expectNoAxeViolations(page, 'account page in Spanish');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/account-es-390.png`, fullPage: true });

    // Another device, English by default: after signing in, the account's language takes over.
    const other = await launchBrowser({ width: 1280, height: 800 });
    try {
      await other.page.goto(`${server.url}/sign-in`);
      await other.page.getByLabel('E-mail address').fill('sam@people.test');
      await other.page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
      await other.page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => other.page.evaluate(() => document.documentElement.lang)).toBe('es');
    } finally {
      await other.close();
    }
  });

  it('an owner sets the practice’s language on the settings page', async () => {
    const desk = await launchBrowser({ width: 1280, height: 800 });
    try {
      const { page } = desk;
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel('E-mail address').fill('alex@harbour.test');
      await page.getByLabel('Password', { exact: true }).fill('calm harbour lantern 42');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Six-digit code').fill(totpCode(fixture.owner.twoFactorSecret!));
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((url) => url.pathname !== '/sign-in');
      await page.goto(`${server.url}/settings`);
      const section = page.getByRole('region', { name: 'Language' });
      await section.getByLabel('Español').check();
      await section.getByRole('button', { name: 'Save language' }).click();
      // The owner chose nothing themself and nothing on this device: the practice's language is theirs.
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
      await page.getByRole('region', { name: 'Idioma' }).getByText('Guardado.').waitFor();
      await expectNoAxeViolations(page, 'settings page in Spanish');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/settings-es-1280.png`, fullPage: true });
      const practice = await server.app.database.db
        .selectFrom('practices')
        .select('defaultLocale')
        .executeTakeFirstOrThrow();
      expect(practice.defaultLocale).toBe('es');
    } finally {
      await desk.close();
    }
  });
});
