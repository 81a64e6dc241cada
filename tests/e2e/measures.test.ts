import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backdateMembership, groupWithMembers, type GroupFixture } from '../../server/testing/group-fixtures.js';
import { TEST_PASSWORD } from '../../server/testing/test-app.js';
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

describe.skipIf(!browserAvailable())('a safety answer reaches a person, and the roster shows change', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let fixture: GroupFixture;
  let phone: Browser;
  let desk: Browser;

  beforeAll(async () => {
    server = await startJourneyServer();
    const { app } = server.app;
    fixture = await groupWithMembers(server.app, { members: ['Sam'] });
    await backdateMembership(server.app, fixture.members[0]!.memberId, new Date(Date.now() - 10 * 86_400_000));
    const headers = { cookie: fixture.maya.cookie };
    await app.inject({
      method: 'PUT',
      url: `/api/groups/${fixture.groupId}/measures`,
      headers,
      payload: {
        measures: [
          { instrumentId: 'phq-9', cadence: 'admission', main: true },
          { instrumentId: 'phq-9', cadence: 'every-weeks', everyWeeks: 1 },
        ],
      },
    });
    // Sam's first PHQ-9, ten days ago: 18, moderately severe.
    const sam = { cookie: fixture.members[0]!.person.cookie };
    const forms = (await app.inject({ method: 'GET', url: '/api/my/measures', headers: sam })).json().waiting;
    await app.inject({
      method: 'POST',
      url: `/api/my/measures/${forms[0].id}/submission`,
      headers: sam,
      payload: { answers: { 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 0, difficulty: 1 } },
    });
    phone = await launchBrowser({ width: 360, height: 740 });
    desk = await launchBrowser();
  });
  afterAll(async () => {
    await phone?.close();
    await desk?.close();
    await server?.stop();
  });

  it('member answers question 9, sees crisis lines; the facilitator acknowledges, closes the alert and sees the change', async () => {
    const member = phone.page;
    const memberErrors = watchConsole(member);
    await member.goto(`${server.url}/sign-in`);
    await member.getByLabel('E-mail address').fill('sam@people.test');
    await member.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await member.getByRole('button', { name: 'Sign in' }).click();
    await followNavLink(member, 'Check-ins');
    await member.getByRole('heading', { level: 1, name: 'Check-ins' }).waitFor();
    await member.getByText('Only your facilitators see your answers.', { exact: false }).first().waitFor();
    await expectNoAxeViolations(member, 'member check-ins');
    await member.getByRole('link', { name: /^Start/ }).click();
    // Members read a plain title, not the instrument's code.
    await member.getByRole('heading', { level: 1, name: 'How your mood has been' }).waitFor();
    expect(await member.getByText('PHQ-9').count()).toBe(0);
    await expectNoAxeViolations(member, 'PHQ-9 form on a phone');

    const answer = (question: RegExp, choice: string) =>
      member.getByRole('group', { name: question }).getByLabel(choice, { exact: true }).check();
    await answer(/Little interest or pleasure/, 'Several days');
    await answer(/Feeling down, depressed/, 'Several days');
    await answer(/Trouble falling or staying asleep/, 'Several days');
    await answer(/Feeling tired/, 'Several days');
    await answer(/Poor appetite/, 'Not at all');
    await answer(/Feeling bad about yourself/, 'Several days');
    await answer(/Trouble concentrating/, 'Not at all');
    await answer(/Moving or speaking so slowly/, 'Not at all');
    // The safety question: the member is told at once, before sending anything.
    await answer(/better off dead/, 'Several days');
    await member.getByRole('heading', { name: 'Thank you for telling us' }).waitFor();
    // The crisis lines are right there, before anything is sent, and the note says only what is true.
    const note = member.getByRole('region', { name: 'Thank you for telling us' });
    await note.getByRole('heading', { name: 'If you are in danger right now' }).waitFor();
    await note.getByRole('heading', { name: 'Talk to someone' }).waitFor();
    await note.getByRole('link', { name: /988/ }).first().waitFor();
    // The member's own safety plan is one tap away from the safety note (docs/safety-plan.md).
    expect(await note.getByRole('link', { name: 'Open my safety plan' }).getAttribute('href')).toBe('/safety-plan');
    await note.getByText('Your facilitator has been told, and someone will be in touch with you.').waitFor();
    await expectNoAxeViolations(member, 'PHQ-9 form after a safety answer');
    // Stopping and coming back keeps every answer.
    await member.getByText(/9 of 10 answered · saved/).waitFor();
    await member.reload();
    await member.getByRole('heading', { level: 1, name: 'How your mood has been' }).waitFor();
    expect(
      await member
        .getByRole('group', { name: /better off dead/ })
        .getByLabel('Several days')
        .isChecked(),
    ).toBe(true);
    await member.getByRole('button', { name: 'Send to my facilitator' }).click();
    await member.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    await member.getByText('Your facilitator has been told', { exact: false }).first().waitFor();
    await member.getByRole('heading', { name: 'If you are in danger right now' }).waitFor();
    await member.getByRole('heading', { name: 'Talk to someone' }).waitFor();
    await member.getByRole('link', { name: 'Open my safety plan' }).waitFor();
    await expectNoAxeViolations(member, 'check-in sent, with crisis lines');
    await member.getByRole('link', { name: 'Back to your check-ins' }).click();
    // Right after telling us, progress is not called "an improvement".
    await member.getByText('Your latest answers tell us things are hard right now.', { exact: false }).waitFor();
    expect(await member.getByText(/a real improvement/).count()).toBe(0);
    await expectNoAxeViolations(member, 'member progress');
    expect(memberErrors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);

    // The facilitator sees it on the agenda, acknowledges and closes it, and sees the change.
    const page = desk.page;
    const errors = watchConsole(page);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('E-mail address').fill('maya@harbour.test');
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Six-digit code').fill(totpCode(fixture.maya.twoFactorSecret!));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agenda' }).click();
    const attention = page.getByRole('region', { name: 'Needs your attention' });
    await attention.getByText('Urgent').waitFor();
    await attention.getByText(/answered PHQ-9 question 9/).waitFor();
    await expectNoAxeViolations(page, 'agenda with an urgent alert');
    await attention.getByRole('link', { name: 'Tuesday Skills Circle' }).click();
    await page.getByRole('heading', { level: 1, name: 'Measures of Tuesday Skills Circle' }).waitFor();
    await expectNoAxeViolations(page, 'group measures with an urgent alert');
    const roster = page.getByRole('region', { name: 'Members’ progress on the PHQ-9' });
    await roster.getByText('Urgent alert').waitFor();
    // A second tab on the same roster: it hears of the change through the realtime socket.
    const otherTab = await desk.context.newPage();
    await otherTab.goto(page.url());
    const otherRoster = otherTab.getByRole('region', { name: 'Members’ progress on the PHQ-9' });
    await otherRoster.getByText('Urgent alert').waitFor();
    await page.getByRole('button', { name: /^I am on it/ }).click();
    await page.getByText(/Acknowledged: it will not go to the backup clinician/).waitFor();
    await page.getByText(/acknowledged by Maya Okafor/).waitFor();
    await page.getByText('Record what you did').click();
    // Closing: a counter, room for a risk call's write-up, and a problem named at the field.
    const outcome = page.getByLabel('What did you do?');
    await page.getByText('0 of 5,000 characters').waitFor();
    await outcome.fill('x'.repeat(5001));
    await page.getByText('1 character too many').waitFor();
    await page.getByRole('button', { name: /^Close this alert/ }).click();
    await page.getByText('Use at most 5,000 characters.').waitFor();
    expect(await outcome.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'closing an alert, with a problem at the field');
    await outcome.fill('Called Sam the same hour; safe tonight, safety plan reviewed.');
    await page.getByRole('button', { name: /^Close this alert/ }).click();
    await page.getByText('Alert closed.').waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Needs your attention' }).count()).toBe(0);
    // The roster drops "Urgent alert" without a reload, in this tab and in the other one.
    await expect.poll(() => roster.getByText('Urgent alert').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => otherRoster.getByText('Urgent alert').count(), { timeout: 15_000 }).toBe(0);
    await expect
      .poll(() => otherTab.getByRole('region', { name: 'Needs your attention' }).count(), { timeout: 15_000 })
      .toBe(0);
    await otherTab.close();

    await roster.getByText('1 improved reliably', { exact: false }).waitFor();
    await roster.getByText(/Reliable improvement \(-10\), reliably recovered/).waitFor();
    await roster.getByRole('img', { name: "Sam's PHQ-9: 16, 6" }).waitFor();
    // Clinicians' charts have a scale and dates; bands are named as published.
    await roster.getByText('27', { exact: true }).first().waitFor();
    await roster.getByText('Mild (5–9)').waitFor();
    await expectNoAxeViolations(page, 'group measures, roster view');

    // The practice's own questionnaire: bands with a gap are refused, then it is made.
    await page.getByText('Make a questionnaire').click();
    await page.getByLabel('Name', { exact: true }).fill('Sleep this week');
    await page.getByLabel('Short name').fill('Sleep');
    await page.getByLabel('Questions', { exact: true }).fill('I slept through the night\nI woke up rested');
    await page.getByLabel('Bands').fill('0-2 Poor\n4-6 Good');
    await page.getByRole('button', { name: 'Make this questionnaire' }).click();
    await page
      .getByRole('alert')
      .getByText(/have no band/)
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'custom questionnaire with a problem');
    await page.getByLabel('Bands').fill('0-2 Poor\n3-6 Good');
    await page.getByRole('button', { name: 'Make this questionnaire' }).click();
    await page.getByText('Sleep is ready', { exact: false }).waitFor();
    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  });
});
