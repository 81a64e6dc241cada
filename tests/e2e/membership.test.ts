import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, OWNER, setUpPractice, setupPracticeId, TEST_PASSWORD } from '../../server/testing/test-app.js';
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

describe.skipIf(!browserAvailable())('from referral to a member who has accepted the agreement', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let clinicianBrowser: Browser;
  let memberBrowser: Browser;
  let clinician: Awaited<ReturnType<typeof addPerson>>;
  let groupId = '';

  beforeAll(async () => {
    server = await startJourneyServer();
    await setUpPractice(server.app.app);
    const practiceId = await setupPracticeId(server.app);
    clinician = await addPerson(server.app, {
      email: 'maya@harbour.test',
      role: 'clinician',
      practiceId,
      name: 'Maya Okafor',
    });
    await addPerson(server.app, { email: 'robin@harbour.test', role: 'member', practiceId, name: 'Robin Hale' });
    const group = await server.app.app.inject({
      method: 'POST',
      url: '/api/groups',
      headers: { cookie: clinician.cookie },
      payload: {
        name: 'Skills for Boundaries',
        description: 'Six weeks of practising how to say no kindly and ask for what you need.',
        modality: 'skills',
        format: 'closed',
        capacity: 8,
        timeZone: 'Europe/London',
        meetingMode: 'online',
        facilitatorIds: [clinician.userId],
        agreement: 'What is said here stays here. We practise, we do not judge.',
      },
    });
    groupId = group.json().id;
    clinicianBrowser = await launchBrowser();
    memberBrowser = await launchBrowser({ width: 360, height: 740 });
  });
  afterAll(async () => {
    await clinicianBrowser?.close();
    await memberBrowser?.close();
    await server?.stop();
  });

  it('refers a member, offers a place, and the member joins under a name of their choosing', async () => {
    const page = clinicianBrowser.page;
    const errors = watchConsole(page);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('E-mail address').fill('maya@harbour.test');
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Six-digit code').fill(totpCode(clinician.twoFactorSecret!));
    await page.getByRole('button', { name: 'Continue' }).click();
    // Signed in once the practice's home page shows (the code page has a heading of its own).
    await page.getByRole('heading', { level: 1, name: OWNER.practiceName }).waitFor();

    await page.goto(`${server.url}/groups/${groupId}`);
    await page.getByRole('heading', { level: 2, name: 'Members' }).waitFor();
    await page.getByText('Nobody yet.').waitFor();
    await page.getByLabel('Their name').fill('Robin Hale');
    await page.getByLabel('Their e-mail address').fill('robin@harbour.test');
    await page.getByRole('button', { name: 'Refer', exact: true }).click();
    await page.getByText('Referred since').waitFor();
    await expectNoAxeViolations(page, 'group page with a referral');

    // The intake board shows the referral waiting for a decision.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Intake' }).click();
    await page.getByRole('heading', { level: 1, name: 'Intake' }).waitFor();
    await page
      .getByRole('region', { name: /Referred/ })
      .getByText('Robin Hale')
      .waitFor();
    await expectNoAxeViolations(page, 'intake board');
    await page
      .getByRole('region', { name: /Referred/ })
      .getByRole('link', { name: 'Skills for Boundaries' })
      .click();
    await page.getByRole('heading', { level: 2, name: 'Members' }).waitFor();

    // The member, on a phone, answers the screening questions first.
    const member = memberBrowser.page;
    const memberErrors = watchConsole(member);
    await member.goto(`${server.url}/sign-in`);
    await member.getByLabel('E-mail address').fill('robin@harbour.test');
    await member.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await member.getByRole('button', { name: 'Sign in' }).click();
    await member.getByRole('heading', { name: 'A few questions before a place is decided' }).waitFor();
    await expectNoAxeViolations(member, 'member home with screening questions');
    // The questions come after what the group is: where it meets and who runs it are not lost below the form.
    const questionsAfterDetails = await member
      .getByRole('article', { name: 'Skills for Boundaries' })
      .evaluate((card) => {
        const questions = Array.from(card.querySelectorAll('h4')).find((h) =>
          h.textContent?.startsWith('A few questions'),
        )!;
        return Array.from(card.querySelectorAll('dt')).every(
          (term) => term.compareDocumentPosition(questions) & Node.DOCUMENT_POSITION_FOLLOWING,
        );
      });
    expect(questionsAfterDetails, 'the screening questions after where the group meets and who runs it').toBe(true);
    await member
      .getByLabel('What would you like help with in a group?')
      .fill('Saying no to my family without feeling guilty.');
    await member.getByRole('button', { name: 'Send my answers' }).click();
    await member.getByText('Thank you for answering the questions.').waitFor();

    // The clinician reads the answers, then offers a place.
    await page.reload();
    await page.getByRole('button', { name: /Read screening answers/ }).click();
    await page.getByText('Saying no to my family without feeling guilty.').waitFor();
    await expectNoAxeViolations(page, 'group page with screening answers');
    await page.getByRole('button', { name: /^Offer a place\s*: Robin Hale$/ }).click();
    await page.getByText('Offered a place since').waitFor();
    await page.getByText('1 of 8 places taken.').waitFor();

    // The member finds the place waiting on their home page.
    await member.reload();
    await member.getByRole('heading', { level: 2, name: 'Your groups' }).waitFor();
    await member.getByRole('heading', { name: 'There is a place for you' }).waitFor();
    await member
      .getByRole('region', { name: 'Group agreement, version 1' })
      .getByText('We practise, we do not judge.')
      .waitFor();
    await expectNoAxeViolations(member, 'member home with a place offered');

    // The join button waits for the agreement; an e-mail address is not a display name.
    const join = member.getByRole('button', { name: 'Join the group' });
    expect(await join.isDisabled()).toBe(true);
    await member.getByLabel('I have read the group agreement and I accept it').check();
    await member.getByLabel('The name the group will know you by').fill('robin@harbour.test');
    await join.click();
    await member.getByRole('alert').getByText('not an e-mail address').waitFor();
    await member.getByLabel('The name the group will know you by').fill('Wren');
    await join.click();
    await member.getByText('You are the first to join.').waitFor();
    await member.getByText('Wren', { exact: true }).waitFor();
    await expectNoAxeViolations(member, 'member home after joining');
    const overflow = await member.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    // The clinician sees them active, under both names.
    await page.reload();
    await page.getByText('known in the group as Wren').waitFor();
    await page.getByText('Active since').waitFor();

    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
    expect(memberErrors.filter((e) => !/status of 40[019]/.test(e))).toEqual([]);
  });

  it('lets a visitor ask to join through the public link, asks again after an instant send, and waits for the address to be confirmed', async () => {
    const link = await server.app.app.inject({
      method: 'PUT',
      url: `/api/groups/${groupId}/self-referral-link`,
      headers: { cookie: clinician.cookie },
    });
    const token = link.json().selfReferralToken as string;
    const visitor = await launchBrowser({ width: 390, height: 800 });
    try {
      const page = visitor.page;
      const errors = watchConsole(page);
      // The first send goes as if the form had been filled in the moment it opened (as autofill does).
      let sends = 0;
      await page.route(`**/api/self-referral/${token}`, async (route) => {
        const request = route.request();
        if (request.method() !== 'POST' || sends++ > 0) return route.continue();
        const body = request.postDataJSON() as Record<string, unknown>;
        await route.continue({ postData: JSON.stringify({ ...body, openedAt: new Date().toISOString() }) });
      });
      await page.goto(`${server.url}/join/${token}`);
      await page.getByRole('heading', { level: 1, name: 'Ask to join Skills for Boundaries' }).waitFor();
      const openedAt = Date.now();
      await page.getByText('We will send you an e-mail to confirm the address').waitFor();
      await expectNoAxeViolations(page, 'self-referral page');

      await page.getByLabel('Your name').fill('Sky Marsh');
      await page.getByLabel('Your e-mail address').fill('sky@people.test');
      await page.getByRole('button', { name: 'Ask to join' }).click();
      // Not dropped, not thanked: asked, calmly, to look it over and send again.
      await page.getByRole('status').getByText('please check your name and e-mail address').waitFor();
      await expectNoAxeViolations(page, 'self-referral page asking to send again');

      // Errors speak to the person themself.
      await page.getByLabel('Your name').fill('');
      await page.getByRole('button', { name: 'Ask to join' }).click();
      await page.getByRole('alert').getByText('Enter your name.').first().waitFor();
      await page.getByLabel('Your name').fill('Sky Marsh');
      // A person takes longer than the quiet check's two seconds; a fast test run may not.
      await page.waitForTimeout(Math.max(0, openedAt + 2_500 - Date.now()));
      await page.getByRole('button', { name: 'Ask to join' }).click();
      await page.getByRole('heading', { level: 1, name: 'Check your e-mail' }).waitFor();
      await expectNoAxeViolations(page, 'self-referral sent');

      // Nothing reaches the group until the address is confirmed; the mail carries none of the visitor's words.
      const outbox = path.join(server.app.dataDir, 'outbox');
      const mail = fs
        .readdirSync(outbox)
        .map((f) => JSON.parse(fs.readFileSync(path.join(outbox, f), 'utf8')) as { to: string; text: string })
        .find((m) => m.to === 'sky@people.test')!;
      expect(mail.text).not.toContain('Sky Marsh');
      const roster = async () =>
        (
          await server.app.app.inject({
            method: 'GET',
            url: `/api/groups/${groupId}/members`,
            headers: { cookie: clinician.cookie },
          })
        ).json().members as Array<{ email: string }>;
      expect((await roster()).map((m) => m.email)).not.toContain('sky@people.test');

      await page.goto(/(http\S+\/join\/confirm#\S+)/.exec(mail.text)![1]!.replace(/^http:\/\/[^/]+/, server.url));
      await page.getByRole('heading', { level: 1, name: 'Confirm your request' }).waitFor();
      await expectNoAxeViolations(page, 'self-referral confirmation');
      await page.getByRole('button', { name: 'Send my request' }).click();
      await page.getByRole('heading', { level: 1, name: 'Your request has been sent' }).waitFor();
      await expectNoAxeViolations(page, 'self-referral confirmed');
      expect((await roster()).map((m) => m.email)).toContain('sky@people.test');
      expect(errors.filter((e) => !/status of 40[01]/.test(e))).toEqual([]);
    } finally {
      await visitor.close();
    }
  });
});
