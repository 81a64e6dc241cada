import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { totpCode } from '../../server/testing/totp.js';

/** Debian's Chromium; Playwright's own browser download is not possible here. */
export const CHROMIUM = process.env.HEARTH_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether browser journeys can run. Without Chromium they skip with a message, unless
 * HEARTH_REQUIRE_E2E=1 (as in CI), when its absence is a failure.
 */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  const message = `Chromium not found at ${CHROMIUM}: browser journeys ${process.env.HEARTH_REQUIRE_E2E === '1' ? 'are required (HEARTH_REQUIRE_E2E=1)' : 'are skipped'}. Install it with: apt-get install chromium`;
  if (process.env.HEARTH_REQUIRE_E2E === '1') throw new Error(message);
  console.warn(message);
  return false;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile, sized like a desktop or a phone; optionally in another
 * time zone and browser language, as a member abroad would be, and with further switches (a fake
 * camera and microphone for the call).
 */
export async function launchBrowser(
  viewport: { width: number; height: number } = { width: 1280, height: 800 },
  { args = [], ...where }: { timezoneId?: string; locale?: string; args?: string[] } = {},
): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    ...where,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...args,
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs axe (WCAG 2.0–2.2 A and AA) on the page and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

/** Collects console errors and CSP violations, which a strict policy would otherwise hide. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Screens narrower than this (CSS pixels) fold the main navigation into a menu (app/styles/base.css). */
const COMPACT_NAVIGATION_BELOW = 1152;

/**
 * Follows a link of the main navigation, opening the compact menu first on a narrow screen. The
 * navigation's and the menu button's names are the page's language's (English unless given).
 */
export async function followNavLink(
  page: Page,
  name: string,
  words: { navigation: string; menu: string } = { navigation: 'Main', menu: 'Menu' },
): Promise<void> {
  const nav = page.getByRole('navigation', { name: words.navigation });
  if ((page.viewportSize()?.width ?? 1280) < COMPACT_NAVIGATION_BELOW) {
    const menu = nav.getByRole('button', { name: words.menu });
    await menu.waitFor();
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  }
  await nav.getByRole('link', { name, exact: true }).click();
}

/** The 4xx answers a journey expects (signed out, refused) are logged by the browser as errors; anything else is a fault. */
export const EXPECTED_4XX = /^Failed to load resource: the server responded with a status of 40[01]/;

/** Signs in through the sign-in page (and the second step, given a TOTP secret); resolves once signed in. */
export async function signIn(page: Page, url: string, email: string, password: string, twoFactorSecret?: string) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (twoFactorSecret) {
    await page.getByLabel('Six-digit code').fill(totpCode(twoFactorSecret));
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  // Signed in once the way out is offered (the navigation shows before sign-in too).
  await page.getByRole('button', { name: 'Sign out', includeHidden: true }).first().waitFor({ state: 'attached' });
}
