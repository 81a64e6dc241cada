import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupWithMembers, type GroupFixture } from '../../server/testing/group-fixtures.js';
import { OWNER, TEST_PASSWORD } from '../../server/testing/test-app.js';
import { totpCode } from '../../server/testing/totp.js';
import {
  browserAvailable,
  expectNoAxeViolations,
  followNavLink,
  launchBrowser,
  watchConsole,
  type Browser,
  EXPECTED_4XX,
} from './browser.js';
import { startJourneyServer } from './server.js';

describe.skipIf(!browserAvailable())('a group’s sessions, from schedule to attendance', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let browser: Browser;
  let fixture: GroupFixture;

  beforeAll(async () => {
    server = await startJourneyServer();
    fixture = await groupWithMembers(server.app, { members: ['Sam'] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('schedules a weekly group, cancels a session, takes attendance, and the member sees the next session', async () => {
    const { page } = browser;
    const errors = watchConsole(page);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('E-mail address').fill('maya@harbour.test');
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Six-digit code').fill(totpCode(fixture.maya.twoFactorSecret!));
    await page.getByRole('button', { name: 'Continue' }).click();

    // From the group to its sessions.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
    // The groups page's script loads on its first visit; until then the home page (which links the
    // same group's sessions and measures) is still showing.
    await page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
    await page.getByRole('link', { name: 'Tuesday Skills Circle', exact: true }).click();
    await page.getByRole('link', { name: 'Sessions and attendance' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sessions of Tuesday Skills Circle' }).waitFor();
    await page.getByText('No repeating schedule yet.').waitFor();
    await expectNoAxeViolations(page, 'group sessions, no schedule');

    // A weekly schedule: Tuesdays at 18:00 London time, ten sessions.
    let tuesday = DateTime.now().setZone('Europe/London').plus({ weeks: 1 });
    while (tuesday.weekday !== 2) tuesday = tuesday.plus({ days: 1 });
    await page.getByRole('button', { name: 'Set a schedule' }).click();
    const schedule = page.getByRole('region', { name: 'Schedule' });
    await schedule.getByLabel('How often').selectOption('weekly');
    await schedule.getByLabel('Date of the first session').fill(tuesday.toFormat('yyyy-MM-dd'));
    await schedule.getByLabel('Start time').fill('18:00');
    await schedule.getByLabel('After a number of sessions').check();
    // A number of sessions out of range is named on that field.
    const count = schedule.getByLabel('Number of sessions', { exact: true });
    await count.fill('0');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page
      .getByRole('alert')
      .getByText(/A schedule has from 1 to 520 sessions/)
      .waitFor();
    await expect.poll(() => count.getAttribute('aria-invalid')).toBe('true');
    await count.fill('10');
    await expectNoAxeViolations(page, 'schedule form');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page
      .getByText('Saved: every week on Tuesday at 6:00 PM (United Kingdom Time), 10 sessions in all.')
      .waitFor();
    await page
      .getByText(
        /^Meets every week on Tuesday at 6:00 PM \(United Kingdom Time\), 10 sessions in all\. Sessions last 90 minutes/,
      )
      .waitFor();
    const upcoming = page.getByRole('region', { name: 'Coming up' });
    await expect.poll(() => upcoming.getByRole('listitem').count()).toBe(10);
    await expectNoAxeViolations(page, 'group sessions, scheduled');
    // The facilitator's own reminders are a line of their own, not run into the button beside them.
    const remindMe = (await schedule.locator('label', { hasText: 'Send these reminders to me too' }).boundingBox())!;
    const change = (await schedule.getByRole('button', { name: 'Change the schedule' }).boundingBox())!;
    expect(change.y, 'the schedule button below the reminder choice').toBeGreaterThanOrEqual(
      remindMe.y + remindMe.height,
    );

    // Cancel the first: a note is needed, then everyone is told.
    await upcoming
      .getByRole('button', { name: /^Cancel session/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Cancel this session and tell everyone' }).click();
    await page
      .getByRole('alert')
      .getByText(/Note for members:/)
      .waitFor();
    await page.getByLabel('Note for members').fill('Maya is away at a training. We meet again the week after.');
    await expectNoAxeViolations(page, 'cancel form');
    await page.getByRole('button', { name: 'Cancel this session and tell everyone' }).click();
    await page.getByText('Cancelled. Members and facilitators are being told by e-mail now.').waitFor();
    await upcoming.getByText('Cancelled', { exact: true }).waitFor();
    await upcoming.getByText(/Note to members: Maya is away/).waitFor();

    // An extra session starting in a few minutes: attendance is open for it.
    const soon = DateTime.now().setZone('Europe/London').plus({ minutes: 5 });
    await page.getByText('Add an extra session').click();
    await upcoming.getByLabel('Date', { exact: true }).fill(soon.toFormat('yyyy-MM-dd'));
    await upcoming.getByLabel('Start time').fill(soon.toFormat('HH:mm'));
    await page.getByRole('button', { name: 'Add this session' }).click();
    await page.getByText(/^Added .* Members are being told\.$/).waitFor();
    await upcoming.getByRole('link', { name: /^Take attendance/ }).click();

    // Attendance: one screen, everyone the session expects.
    await page.getByRole('heading', { level: 1, name: 'Attendance' }).waitFor();
    const sam = page.getByRole('group', { name: /Sam/ });
    await sam.getByText('Present', { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'attendance');
    await sam.getByLabel('Late').check();
    await sam.getByText('Note (only the group’s clinicians see it)').click();
    await sam.getByLabel(/Note about Sam/).fill('Came late, looked tired; will check in.');
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await page.getByText('Saved. 1 of 1 marked.').waitFor();
    const sheetUrl = page.url();
    await page.getByRole('link', { name: /Back to the sessions/ }).click();
    await upcoming.getByText('Attendance: 1 of 1 recorded').waitFor();

    // The clinician's week.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agenda' }).click();
    await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
    await page.getByRole('link', { name: 'Tuesday Skills Circle' }).first().waitFor();
    await expectNoAxeViolations(page, 'agenda');
    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);

    // The owner, who runs the practice but not this group, marks who came but is offered no notes.
    const desk = await launchBrowser();
    try {
      const owner = desk.page;
      await owner.goto(`${server.url}/sign-in`);
      await owner.getByLabel('E-mail address').fill(OWNER.email);
      await owner.getByLabel('Password', { exact: true }).fill(OWNER.password);
      await owner.getByRole('button', { name: 'Sign in' }).click();
      await owner.getByLabel('Six-digit code').fill(totpCode(fixture.owner.twoFactorSecret!));
      await owner.getByRole('button', { name: 'Continue' }).click();
      await owner.getByRole('heading', { level: 1, name: OWNER.practiceName }).waitFor();
      await owner.goto(sheetUrl);
      await owner.getByText(/Notes about members are for the group’s own clinicians/).waitFor();
      await owner.getByRole('group', { name: /Sam/ }).getByLabel('Late').waitFor();
      expect(await owner.getByText(/Note \(only/).count()).toBe(0);
      expect(await owner.content()).not.toContain('looked tired');
      await expectNoAxeViolations(owner, 'attendance for an owner who does not run the group');
    } finally {
      await desk.close();
    }

    // The member, on a phone, sees the next session with its link, and the cancellation.
    const phone = await launchBrowser({ width: 360, height: 740 });
    try {
      const member = phone.page;
      const memberErrors = watchConsole(member);
      await member.goto(`${server.url}/sign-in`);
      await member.getByLabel('E-mail address').fill('sam@people.test');
      await member.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
      await member.getByRole('button', { name: 'Sign in' }).click();
      await followNavLink(member, 'Sessions');
      await member.getByRole('heading', { level: 1, name: 'Your sessions' }).waitFor();
      const next = member.getByRole('region', { name: 'Your next session' });
      await next.getByText('Tuesday Skills Circle').waitFor();
      await next.getByRole('link', { name: /Join the session/ }).waitFor();
      expect(await next.getByRole('link', { name: /Join the session/ }).getAttribute('href')).toBe(
        'https://meet.example.org/skills-circle',
      );
      await member
        .getByRole('region', { name: 'After that' })
        .getByText(/Maya is away at a training/)
        .waitFor();
      await expectNoAxeViolations(member, 'member sessions on a phone');

      // Reminders can be turned off; a calendar address can be made.
      await member.getByLabel('Remind me before sessions of Tuesday Skills Circle').uncheck();
      await expect
        .poll(() => member.getByLabel('Remind me before sessions of Tuesday Skills Circle').isChecked())
        .toBe(false);
      await member.getByRole('button', { name: 'Make my calendar address' }).click();
      await member.getByText(/Hearth shows it only this once/).waitFor();
      expect(await member.locator('.secret code').textContent()).toMatch(/\/api\/calendar\/feed\.ics\?token=/);
      await expectNoAxeViolations(member, 'member sessions with a calendar address');
      expect(memberErrors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
