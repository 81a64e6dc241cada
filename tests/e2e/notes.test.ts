import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backdateMembership,
  groupWithMembers,
  insertPastSession,
  type GroupFixture,
} from '../../server/testing/group-fixtures.js';
import { addPerson, OWNER, TEST_PASSWORD, type SignedIn } from '../../server/testing/test-app.js';
import {
  browserAvailable,
  EXPECTED_4XX,
  expectNoAxeViolations,
  launchBrowser,
  signIn,
  watchConsole,
  type Browser,
} from './browser.js';
import { startJourneyServer } from './server.js';

const DAY = 86_400_000;

describe.skipIf(!browserAvailable())('session notes, from attendance to co-signature', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let browser: Browser;
  let fixture: GroupFixture;
  let sue: SignedIn;

  beforeAll(async () => {
    server = await startJourneyServer();
    fixture = await groupWithMembers(server.app, { members: ['Ana', 'Ben', 'Cleo'] });
    // They joined a month ago (the joining a minute after the other steps), and met yesterday.
    for (const m of fixture.members) {
      const at = new Date(Date.now() - 30 * DAY);
      await backdateMembership(server.app, m.memberId, at);
      await server.app.database.db
        .updateTable('groupMemberEvents')
        .set({ at: new Date(at.getTime() + 60_000).toISOString() })
        .where('groupMemberId', '=', m.memberId)
        .where('toStatus', '=', 'active')
        .execute();
    }
    await insertPastSession(server.app, fixture, new Date(Date.now() - DAY - 2 * 3_600_000));
    sue = await addPerson(server.app, {
      email: 'sue@harbour.test',
      role: 'supervisor',
      practiceId: fixture.practiceId,
      name: 'Sue Park',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('confirms attendance, writes the group note and three members’ parts by keyboard, signs all; a supervisor co-signs; an addendum follows', async () => {
    const { page } = browser;
    const errors = watchConsole(page);

    // The owner says Maya's notes need Sue's co-signature, and records their credentials.
    await signIn(page, server.url, OWNER.email, OWNER.password, fixture.owner.twoFactorSecret);
    await page.goto(`${server.url}/settings`);
    const settings = page.getByRole('region', { name: 'Session notes' });
    await settings.getByLabel('Maya Okafor’s credential (printed under their signature)').fill('LCSW');
    await settings.getByLabel('Who co-signs Maya Okafor’s notes').selectOption({ label: 'Sue Park' });
    await settings.getByRole('button', { name: 'Save for Maya Okafor' }).click();
    await settings.getByText('Saved.').first().waitFor();
    await settings.getByLabel('Sue Park’s credential (printed under their signature)').fill('PhD');
    await settings.getByRole('button', { name: 'Save for Sue Park' }).click();
    await expect.poll(() => settings.getByText('Saved.').count()).toBe(2);
    await expectNoAxeViolations(page, 'settings with note settings');
    // The owner facilitates nothing: the overdue list names no content.
    await page.getByRole('button', { name: 'Sign out' }).first().click();

    await signIn(page, server.url, 'maya@harbour.test', TEST_PASSWORD, fixture.maya.twoFactorSecret);
    // Home: yesterday's session is waiting for notes.
    const todo = page.getByRole('region', { name: 'Notes' });
    await todo.getByText('1 session without signed notes (sign within 3 days)').waitFor();
    await expectNoAxeViolations(page, 'home with notes to write');
    await todo.getByRole('link', { name: /Tuesday Skills Circle/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Session notes' }).waitFor();
    await page.getByText(/The attendance of 3 members .* is not confirmed yet/).waitFor();
    await expectNoAxeViolations(page, 'notes before attendance');

    // Ends the session: confirms attendance (Cleo came late).
    await page.getByRole('link', { name: 'confirm it' }).click();
    await page.getByRole('button', { name: 'Mark the 3 not yet marked as present' }).click();
    await page.getByRole('group', { name: /^Cleo/ }).getByLabel('Late').check();
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await page.getByText(/3 of 3/).waitFor();
    await page.getByRole('link', { name: 'Write this session’s notes' }).click();
    await page
      .getByText('This makes the group note and a progress note for each of the 3 members who attended.')
      .waitFor();
    await page.getByRole('button', { name: 'Write notes' }).click();
    const themes = page.getByLabel('Themes');
    await themes.waitFor();
    await expectNoAxeViolations(page, 'notes, started');

    // The group note, by keyboard: type, Tab to the first intervention and tick it with Space.
    await themes.focus();
    await page.keyboard.type('Boundaries at work; saying no without guilt.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByLabel('Psychoeducation').isChecked()).toBe(true);
    await page.getByLabel('Group process').focus();
    await page.keyboard.type('Members linked their stories after the role-play.');

    // Three members' own parts: Alt+↓ moves on and puts the cursor in the next member's first field.
    await page.getByLabel('Data').focus();
    for (const [i, name] of ['Ana', 'Ben', 'Cleo'].entries()) {
      await page.getByRole('heading', { level: 3, name: new RegExp(`^${name}: progress note \\(DAP\\)`) }).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('id') ?? '')).toMatch(/-data$/);
      await page.keyboard.type(`${name} practised saying no in the role-play.`);
      await page.keyboard.press('Tab');
      await page.keyboard.type('Engaged and hopeful.');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Practise once this week.');
      await page.keyboard.press('Tab');
      await page.keyboard.type(i === 2 ? 'Arrived late, joined in quickly.' : 'Active throughout.');
      if (i < 2) await page.keyboard.press('Alt+ArrowDown');
    }
    // Back to Ben: nothing typed was lost.
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => page.getByLabel('Data').inputValue()).toBe('Ben practised saying no in the role-play.');
    await page.getByRole('status').getByText('Draft saved.').waitFor();
    await page.getByText('Attendance: Present').waitFor();
    await expectNoAxeViolations(page, 'notes, written');

    // Sign all, from the keyboard.
    await page.getByRole('button', { name: 'Sign all notes of this session' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Signed 3 notes. They wait for your supervisor’s co-signature.').waitFor();
    await page
      .getByText(/^Signed by Maya Okafor, LCSW on/)
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'notes, signed');

    // An addendum to Ana's signed note.
    await page.getByRole('button', { name: /^Ana/ }).click();

    // Ana's clinical record: a code that is not ICD-10-CM is named, then the record is kept.
    await page.getByRole('link', { name: 'Clinical record of Ana' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clinical record: Ana Legal' }).waitFor();
    await page.getByLabel('Date of birth').fill('1990-04-21');
    await page.getByLabel('F41.1: Generalized anxiety disorder').check();
    await page.getByLabel('Other codes').fill('anxiety');
    await page.getByLabel('Goal 1, in the member’s own words').fill('Say no to extra shifts');
    await page.getByLabel('Goal 1: what would show progress').fill('Turns down one extra shift a month');
    await page.getByRole('button', { name: 'Save the clinical record' }).click();
    await page
      .getByRole('alert')
      .getByText(/not an ICD-10-CM code/)
      .first()
      .waitFor();
    await page.getByLabel('Other codes').fill('F43.10');
    await page.getByRole('button', { name: 'Save the clinical record' }).click();
    await page.getByText('Clinical record saved.').waitFor();
    await expectNoAxeViolations(page, 'a clinical record');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Session notes' }).waitFor();
    await page.getByRole('button', { name: /^Ana/ }).click();
    await page.getByRole('link', { name: 'Open the signed note of Ana' }).click();
    await page.getByRole('heading', { level: 1, name: 'Progress note: Ana' }).waitFor();
    await page.getByLabel('Addendum').focus();
    await page.keyboard.type('Phoned the next day: the boundary held.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('The addendum is signed and added.').waitFor();
    await page.getByText('Phoned the next day: the boundary held.').waitFor();
    await expectNoAxeViolations(page, 'a signed note with an addendum');
    await page.getByRole('button', { name: 'Sign out' }).first().click();

    // The supervisor co-signs one from their queue.
    await signIn(page, server.url, 'sue@harbour.test', TEST_PASSWORD, sue.twoFactorSecret);
    const queue = page.getByRole('region', { name: 'Notes' });
    await queue.getByText('3 notes to co-sign').waitFor();
    await expectNoAxeViolations(page, 'supervisor home with notes to co-sign');
    await queue.getByRole('link', { name: /^Ana Legal/ }).click();
    await page.getByRole('button', { name: 'Co-sign this note' }).click();
    await page.getByText('You co-signed the note.').waitFor();
    await page.getByText(/^Co-signed by Sue Park, PhD on/).waitFor();
    await expectNoAxeViolations(page, 'a co-signed note');
    await page.goto(`${server.url}/`);
    await queue.getByText('2 notes to co-sign').waitFor();

    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  }, 240_000);

  it('folds a long list of overdue notes after five, so what follows stays within reach', async () => {
    // Six more sessions, four to nine days ago, none with notes yet: all past the 3-day limit.
    for (let daysAgo = 4; daysAgo <= 9; daysAgo++)
      await insertPastSession(server.app, fixture, new Date(Date.now() - daysAgo * DAY));
    const fresh = await launchBrowser();
    try {
      // The owner sees the practice's overdue sessions (the list Maya's agenda shares, folded the same way).
      const { page } = fresh;
      // The owner's authenticator codes of this half-minute are spent: wait for the next, as a person would.
      await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 1_000));
      await signIn(page, server.url, OWNER.email, OWNER.password, fixture.owner.twoFactorSecret);
      const todo = page.getByRole('region', { name: 'Notes' });
      await todo.getByText('6 sessions overdue in the practice').waitFor();
      const rows = todo.locator('li', { hasText: 'Tuesday Skills Circle' });
      expect(await rows.count()).toBe(6);
      expect(await todo.locator('li:visible', { hasText: 'Tuesday Skills Circle' }).count()).toBe(5);
      await expectNoAxeViolations(page, 'home with a folded list of overdue notes');
      await todo.getByText('Show 1 more').click();
      expect(await todo.locator('li:visible', { hasText: 'Tuesday Skills Circle' }).count()).toBe(6);
    } finally {
      await fresh.close();
    }
  });
});
