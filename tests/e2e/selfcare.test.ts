import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupWithMembers, type GroupFixture } from '../../server/testing/group-fixtures.js';
import { TEST_PASSWORD } from '../../server/testing/test-app.js';
import {
  browserAvailable,
  EXPECTED_4XX,
  expectNoAxeViolations,
  followNavLink,
  launchBrowser,
  signIn,
  watchConsole,
  type Browser,
} from './browser.js';
import { startJourneyServer } from './server.js';

const SHOTS = process.env.HEARTH_SCREENSHOTS;

describe.skipIf(!browserAvailable())('a member’s safety plan and reflection aids', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let fixture: GroupFixture;
  let phone: Browser;
  let desk: Browser;

  beforeAll(async () => {
    server = await startJourneyServer();
    fixture = await groupWithMembers(server.app, { members: ['Sam', 'Ria'] });
    phone = await launchBrowser({ width: 390, height: 844 });
    desk = await launchBrowser();
  });
  afterAll(async () => {
    await phone?.close();
    await desk?.close();
    await server?.stop();
  });

  it('a member makes a safety plan on a phone, goes offline, and still opens the crisis page and their plan', async () => {
    const page = phone.page;
    const errors = watchConsole(page);
    await signIn(page, server.url, 'sam@people.test', TEST_PASSWORD);
    await followNavLink(page, 'My safety plan');
    await page.getByRole('heading', { level: 1, name: 'My safety plan' }).waitFor();
    await page.getByText('Only you and your facilitators (Maya Okafor) can see this plan.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'a new safety plan on a phone');
    await page
      .getByLabel('Step 1: Signs that a hard time may be starting')
      .fill('I stop answering messages\nI cannot sleep');
    await page.getByLabel('Step 2: Things I can do on my own').fill('Walk to the river');
    await page.getByRole('button', { name: 'Add a person' }).click();
    await page.getByLabel('Who (1)').first().fill('Jo, my sister');
    await page.getByLabel('How to reach them (1)').first().fill('07700 900123');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/plan-form-390.png`, fullPage: true });
    await page.getByRole('button', { name: 'Save my plan' }).click();
    await page.getByText('Your plan is saved. Your facilitators were told that it changed', { exact: false }).waitFor();
    await page.getByText('Walk to the river').waitFor();
    await page.getByRole('link', { name: '07700 900123' }).waitFor();
    await expectNoAxeViolations(page, 'a saved safety plan on a phone');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/plan-390.png`, fullPage: true });

    // The crisis page is one tap from the plan, and the plan one tap from the crisis page.
    await page.getByRole('link', { name: 'Need help now? Crisis lines' }).click();
    await page.getByRole('heading', { level: 1, name: 'Need help now?' }).waitFor();
    await page.getByRole('link', { name: 'Open my safety plan' }).waitFor();
    await expectNoAxeViolations(page, 'the crisis page with its plan link');
    await page.getByRole('link', { name: 'When things get hard', exact: false }).click();
    await page.getByRole('heading', { level: 1, name: 'When things get hard' }).waitFor();
    await page.getByText('Other members are not there to keep you safe in a crisis', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'when things get hard');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/hard-times-390.png`, fullPage: true });
    await page.getByRole('link', { name: 'Crisis lines for your country' }).click();
    await page.getByRole('heading', { level: 1, name: 'Need help now?' }).waitFor();

    // The service worker has taken charge of the page and kept the plan.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
    });
    await page.getByRole('link', { name: 'Open my safety plan' }).click();
    await page.getByText('Walk to the river').waitFor();
    await expect
      .poll(() => page.evaluate(async () => (await caches.open('hearth-offline-plan')).keys().then((k) => k.length)))
      .toBe(1);

    await phone.context.setOffline(true);
    try {
      await page.goto(`${server.url}/help`);
      await page.getByRole('heading', { level: 1, name: 'Need help now?' }).waitFor();
      await page.getByRole('heading', { name: 'If you are in danger right now' }).waitFor();
      await expectNoAxeViolations(page, 'the crisis page offline');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/help-offline-390.png`, fullPage: true });
      await page.goto(`${server.url}/safety-plan`);
      await page.getByText('Walk to the river').waitFor();
      await page.getByText('Jo, my sister').waitFor();
      await expectNoAxeViolations(page, 'the safety plan offline');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/plan-offline-390.png`, fullPage: true });
    } finally {
      await phone.context.setOffline(false);
    }
    // In Spanish, the plan's own words stay as written and everything around them is Spanish.
    await page.goto(`${server.url}/safety-plan`);
    await page.getByText('Walk to the river').waitFor();
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mi plan de seguridad' }).waitFor();
    await page.getByRole('heading', { name: 'Cosas que puedo hacer por mi cuenta' }).waitFor();
    await expectNoAxeViolations(page, 'the safety plan in Spanish');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/plan-es-390.png`, fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'My safety plan' }).waitFor();

    // Reflect on a phone.
    // Reflect is one of the member's places on their home page.
    await followNavLink(page, 'Home');
    await page.getByRole('link', { name: 'Reflect', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Reflect' }).waitFor();
    await expectNoAxeViolations(page, 'Reflect on a phone');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/reflect-390.png`, fullPage: true });
    // Offline, the app's other requests fail as they should; nothing else went wrong.
    expect(
      errors.filter((e) => !EXPECTED_4XX.test(e) && !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)),
    ).toEqual([]);
  });

  it('on a shared phone, the next person to sign in never finds the plan kept for the one before', async () => {
    const page = phone.page;
    const signOutOnPhone = async () => {
      const menu = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Menu' });
      if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('E-mail address').waitFor();
    };
    const keptPlans = () =>
      page.evaluate(async () => (await caches.open('hearth-offline-plan')).keys().then((k) => k.length));
    // Sam's plan is kept from the journey above; Sam's session ends without signing out (it ran
    // out, or was ended from another device), and Ria signs in on the same phone.
    expect(await keptPlans()).toBe(1);
    await phone.context.clearCookies();
    await signIn(page, server.url, 'ria@people.test', TEST_PASSWORD);
    await expect.poll(keptPlans).toBe(0);
    await phone.context.setOffline(true);
    try {
      await page.goto(`${server.url}/safety-plan`);
      await page.getByText('Your plan cannot be opened right now. The crisis lines still work.').waitFor();
      expect(await page.getByText('Walk to the river').count()).toBe(0);
      expect(await page.getByText('Jo, my sister').count()).toBe(0);
      await page.getByRole('link', { name: 'Need help now?', exact: false }).first().waitFor();
    } finally {
      await phone.context.setOffline(false);
    }
    // Ria has no plan of her own: asking for it online keeps nothing either.
    await page.goto(`${server.url}/safety-plan`);
    await page.getByRole('button', { name: 'Save my plan' }).waitFor();
    expect(await page.getByText('Walk to the river').count()).toBe(0);

    // Signing out takes the plan off the phone too.
    await signOutOnPhone();
    await signIn(page, server.url, 'sam@people.test', TEST_PASSWORD);
    await page.goto(`${server.url}/safety-plan`);
    await page.getByText('Walk to the river').waitFor();
    await expect.poll(keptPlans).toBe(1);
    await signOutOnPhone();
    await expect.poll(keptPlans).toBe(0);
  });

  it('a member fills a 6 Fs reflection across a reload, maps parts by keyboard and checks in on the 8 Cs', async () => {
    const page = desk.page;
    const errors = watchConsole(page);
    await signIn(page, server.url, 'sam@people.test', TEST_PASSWORD);
    // Reflect is one of the member's places on their home page.
    await followNavLink(page, 'Home');
    await page.getByRole('link', { name: 'Reflect', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Reflect' }).waitFor();
    await page.getByText('not therapy and not an assessment', { exact: false }).first().waitFor();
    await expectNoAxeViolations(page, 'Reflect');

    await page.getByRole('button', { name: 'Start a 6 Fs reflection' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find' }).waitFor();
    await page.getByLabel('Which part is this about?').fill('The worrier');
    await page.getByLabel('Where do you notice this part', { exact: false }).fill('A tight chest');
    await page.getByText('Saved.').waitFor();
    await expectNoAxeViolations(page, '6 Fs, step 1');
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('heading', { level: 1, name: 'Focus' }).waitFor();
    await page.getByLabel('Turn your attention to it', { exact: false }).fill('It is loud and fast');
    await page.getByText('Saved.').waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Focus' }).waitFor();
    expect(await page.getByLabel('Turn your attention to it', { exact: false }).inputValue()).toBe(
      'It is loud and fast',
    );
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('heading', { level: 1, name: 'Find' }).waitFor();
    expect(await page.getByLabel('Which part is this about?').inputValue()).toBe('The worrier');
    expect(await page.getByLabel('Where do you notice this part', { exact: false }).inputValue()).toBe('A tight chest');
    await expectNoAxeViolations(page, '6 Fs after a reload');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/six-fs-1280.png`, fullPage: true });

    // A parts map, one part moved with the arrow keys.
    await page.getByRole('link', { name: 'Back to Reflect' }).click();
    await page.getByRole('button', { name: 'Start a parts map' }).click();
    await page.getByRole('heading', { level: 1, name: 'Parts map' }).waitFor();
    await page.getByRole('button', { name: 'Add a part' }).click();
    await page.getByLabel('Its name, in your words').fill('The Planner');
    await page.getByLabel('Its role').selectOption('manager');
    const part = page.getByRole('button', { name: /^The Planner, Manager, at 10 across/ });
    await part.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('button', { name: /^The Planner, Manager, at 15 across/ }).waitFor();
    await page.getByText('Saved.').waitFor();
    await expectNoAxeViolations(page, 'a parts map');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/parts-map-1280.png`, fullPage: true });

    // A Self-energy check-in, then shared with the facilitator.
    await page.getByRole('link', { name: 'Back to Reflect' }).click();
    await page.getByRole('button', { name: 'Check in now' }).click();
    await page.getByRole('heading', { level: 1, name: 'Self-energy check-in' }).waitFor();
    await page.getByText('not a validated measure', { exact: false }).waitFor();
    await page.getByLabel('Calm', { exact: true }).fill('8');
    await expectNoAxeViolations(page, 'a Self-energy check-in');
    await page.getByRole('button', { name: 'Save my check-in' }).click();
    await page.getByText('Your check-in is saved.', { exact: false }).waitFor();
    await page.getByLabel('Share Parts map with 1 part with my facilitators').check();
    await page.getByText('Shared with your facilitators').waitFor();
    // The check-ins and their trend are labelled for what they are.
    await page
      .getByRole('region', { name: 'Self-energy check-in' })
      .getByText('This is a way to notice, not a validated measure.', { exact: false })
      .waitFor();
    await expectNoAxeViolations(page, 'Reflect with items');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/reflect-1280.png`, fullPage: true });

    // The plan at a desk, and the navigation at the narrowest width that still shows it in full.
    await followNavLink(page, 'My safety plan');
    await page.getByText('Walk to the river').waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/plan-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 1152, height: 800 });
    const nav = page.getByRole('navigation', { name: 'Main' });
    const box = await nav.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(1152);
    // One row: the navigation sits beside the brand, not under it.
    const brand = await page.getByRole('link', { name: 'Hearth' }).first().boundingBox();
    expect(box && brand && Math.abs(box.y + box.height / 2 - (brand.y + brand.height / 2))).toBeLessThan(12);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/nav-1152.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  });

  it('the facilitator reads the plan and only what was shared', async () => {
    const other = await launchBrowser();
    try {
      const page = other.page;
      await signIn(page, server.url, 'maya@harbour.test', TEST_PASSWORD, fixture.maya.twoFactorSecret);
      await page.goto(`${server.url}/groups/${fixture.groupId}`);
      await page.getByRole('link', { name: 'Safety plan and shared reflections of Sam' }).click();
      await page.getByText('Walk to the river').waitFor();
      await page.getByText('The Planner').waitFor();
      await page
        .getByText('These are aids to reflect with, not therapy and not an assessment.', { exact: false })
        .waitFor();
      // The 6 Fs reflection and the check-in were not shared.
      expect(await page.getByText('The worrier').count()).toBe(0);
      expect(await page.getByText('A tight chest').count()).toBe(0);
      await expectNoAxeViolations(page, 'a member’s plan and shared reflections, for their facilitator');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/facilitator-1280.png`, fullPage: true });
    } finally {
      await other.close();
    }
  });
});
