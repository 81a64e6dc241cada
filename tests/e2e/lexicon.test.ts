import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupWithMembers, type GroupFixture } from '../../server/testing/group-fixtures.js';
import { OWNER, TEST_PASSWORD } from '../../server/testing/test-app.js';
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

describe.skipIf(!browserAvailable())('crisis language: an owner adds a rule and tests a phrase', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let fixture: GroupFixture;
  let desk: Browser;
  let phone: Browser;

  beforeAll(async () => {
    server = await startJourneyServer();
    fixture = await groupWithMembers(server.app);
    desk = await launchBrowser();
    phone = await launchBrowser({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await desk?.close();
    await phone?.close();
    await server?.stop();
  });

  it('the owner adds a rule, tests a sample in the test box and sees which rule matched; a clinician reads', async () => {
    const page = desk.page;
    const errors = watchConsole(page);
    await signIn(page, server.url, OWNER.email, OWNER.password, fixture.owner.twoFactorSecret);
    await followNavLink(page, 'Settings');
    await page.getByRole('link', { name: 'Crisis-language rules' }).click();
    await page.getByRole('heading', { level: 1, name: 'Crisis language' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Hearth’s rules' }).waitFor();
    await page.getByText('Your practice has not added any rules yet.').waitFor();
    await expectNoAxeViolations(page, 'crisis-language rules, none of the practice’s own');

    // A shipped rule, read-only, with its example.
    await page.getByText('Wanting to die (', { exact: false }).click();
    await page.getByText('Example: I want to die', { exact: false }).first().waitFor();
    await expectNoAxeViolations(page, 'crisis-language rules with a category open');

    // An empty phrase is refused, naming the field.
    const own = page.getByRole('region', { name: 'Your practice’s rules' });
    await own.getByRole('button', { name: 'Add rule' }).click();
    await own.getByText('Write a word or phrase.').first().waitFor();
    await expectNoAxeViolations(page, 'adding a rule with no phrase');

    // The owner adds the practice's own rule.
    await own.getByLabel('Word or phrase').fill('going to the [quarry|old mill]');
    await own.getByLabel('What it is about').selectOption('plan_or_means');
    await own.getByRole('button', { name: 'Add rule' }).click();
    await own.getByText('Rule added.', { exact: false }).waitFor();
    await own.getByText('going to the [quarry|old mill]', { exact: true }).waitFor();

    // The same phrase again is a clear 409.
    await own.getByLabel('Word or phrase').fill('Going to the [quarry|old mill]');
    await own.getByRole('button', { name: 'Add rule' }).click();
    await own.getByText('Your practice already has a rule with this phrase.').first().waitFor();
    await expectNoAxeViolations(page, 'a duplicate rule refused');

    // The test box shows the match and the level.
    const test = page.getByRole('region', { name: 'Test a sample' });
    await test.getByLabel('Sample text').fill('Tonight I am GOING to the old mill');
    await test.getByRole('button', { name: 'Test' }).click();
    await test.getByText('Result: urgent').waitFor();
    await test.getByText('Your practice’s rule', { exact: false }).waitFor();
    expect(await test.locator('mark').first().textContent()).toBe('GOING to the old mill');
    await expectNoAxeViolations(page, 'the test box showing a practice rule’s match');

    // A negated statement is a flag, an idiom passes.
    await test.getByLabel('Sample text').fill("I'm not going to hurt myself");
    await test.getByRole('button', { name: 'Test' }).click();
    await test.getByText('Result: flag (lower priority)').waitFor();
    await test.getByText('Lowered to a flag because of “not”', { exact: false }).waitFor();
    await test.getByLabel('Sample text').fill('I could kill for a coffee');
    await test.getByRole('button', { name: 'Test' }).click();
    await test.getByText('Result: nothing matched').waitFor();

    // Switching the rule off: the same sample no longer matches.
    await own.getByRole('button', { name: 'Switch off the rule “going to the [quarry|old mill]”' }).click();
    await own.getByText('Off', { exact: true }).waitFor();
    await test.getByLabel('Sample text').fill('Tonight I am going to the old mill');
    await test.getByRole('button', { name: 'Test' }).click();
    await test.getByText('Result: nothing matched').waitFor();
    await expectNoAxeViolations(page, 'a switched-off rule');
    expect(errors.filter((e) => !EXPECTED_4XX.test(e) && !/status of 409/.test(e))).toEqual([]);

    // The clinician reads the rules and tests, on a phone, without editing.
    const clinician = phone.page;
    await signIn(clinician, server.url, 'maya@harbour.test', TEST_PASSWORD, fixture.maya.twoFactorSecret);
    await followNavLink(clinician, 'Crisis language');
    await clinician.getByText('Words and phrases your practice added.', { exact: false }).waitFor();
    await clinician.getByText('going to the [quarry|old mill]', { exact: true }).waitFor();
    expect(await clinician.getByRole('button', { name: 'Add rule' }).count()).toBe(0);
    await clinician.getByLabel('Sample text').fill('quiero morirme');
    await clinician.getByRole('button', { name: 'Test' }).click();
    await clinician.getByText('Result: urgent').waitFor();
    await expectNoAxeViolations(clinician, 'crisis-language rules for a clinician, on a phone');
    await clinician.screenshot({ path: '/tmp/lexicon-phone.png', fullPage: false });
    await page.screenshot({ path: '/tmp/lexicon-desk.png', fullPage: false });
  });
});
