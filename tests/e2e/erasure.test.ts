import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backdateMembership,
  groupWithMembers,
  openGroupSpace,
  type GroupFixture,
} from '../../server/testing/group-fixtures.js';
import { OWNER, TEST_PASSWORD } from '../../server/testing/test-app.js';
import {
  browserAvailable,
  expectNoAxeViolations,
  followNavLink,
  launchBrowser,
  watchConsole,
  type Browser,
  EXPECTED_4XX,
  signIn,
} from './browser.js';
import { startJourneyServer } from './server.js';

describe.skipIf(!browserAvailable())(
  'erasure: a member asks, an admin approves, the clinician keeps the record',
  () => {
    let server: Awaited<ReturnType<typeof startJourneyServer>>;
    let fixture: GroupFixture;
    let phone: Browser;
    let desk: Browser;

    beforeAll(async () => {
      server = await startJourneyServer();
      const { app } = server.app;
      fixture = await groupWithMembers(server.app, { members: ['Sam', 'Rui'] });
      await backdateMembership(server.app, fixture.members[0]!.memberId, new Date(Date.now() - 10 * 86_400_000));
      await app.inject({
        method: 'PUT',
        url: `/api/groups/${fixture.groupId}/measures`,
        headers: { cookie: fixture.maya.cookie },
        payload: { measures: [{ instrumentId: 'phq-9', cadence: 'admission', main: true }] },
      });
      // Sam's PHQ-9: 16, the record the clinician must still read after the erasure.
      const sam = { cookie: fixture.members[0]!.person.cookie };
      const forms = (await app.inject({ method: 'GET', url: '/api/my/measures', headers: sam })).json().waiting;
      const sent = await app.inject({
        method: 'POST',
        url: `/api/my/measures/${forms[0].id}/submission`,
        headers: sam,
        payload: { answers: { 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 0, difficulty: 1 } },
      });
      expect(sent.statusCode, sent.body).toBe(200);
      // Sam's post in the group's space, which stays for the group under "a former member".
      await openGroupSpace(server.app, fixture);
      const posted = await app.inject({
        method: 'POST',
        url: `/api/groups/${fixture.groupId}/space/threads`,
        headers: sam,
        payload: { title: 'Hello everyone', body: 'Glad to have found this group.' },
      });
      expect(posted.statusCode, posted.body).toBe(201);
      phone = await launchBrowser({ width: 390, height: 844 });
      desk = await launchBrowser();
    });
    afterAll(async () => {
      await phone?.close();
      await desk?.close();
      await server?.stop();
    });

    it('a member asks on a phone; an admin approves; a peer sees "a former member" on their post; the clinician still reads the scores', async () => {
      // Sam asks, on a phone, after reading what goes and what stays.
      const member = phone.page;
      const memberErrors = watchConsole(member);
      await signIn(member, server.url, 'sam@people.test', TEST_PASSWORD);
      await followNavLink(member, 'Account');
      await member.getByRole('link', { name: 'Get a copy of your data' }).click();
      await member.getByRole('heading', { level: 2, name: 'How long we keep your information' }).waitFor();
      await member.getByText('kept for 7 years after your last session', { exact: false }).first().waitFor();
      const erasure = member.getByRole('region', { name: 'Erasing your information' });
      await erasure.getByRole('heading', { name: 'What would be kept, and why' }).waitFor();
      await erasure.getByText('The audit log keeps the fact', { exact: false }).waitFor();
      await expectNoAxeViolations(member, 'your data page with the erasure request, on a phone');
      await erasure.getByLabel('Why you are asking (optional)').fill('I am moving away and want a clean break.');
      await erasure.getByRole('button', { name: 'Ask to erase my information' }).click();
      await erasure.getByText('Your practice will answer by', { exact: false }).waitFor();
      await erasure.getByRole('button', { name: 'Withdraw my request' }).waitFor();
      await expectNoAxeViolations(member, 'your data page with a waiting request, on a phone');
      expect(memberErrors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);

      // The owner finds it from the settings page, reads the reason and the due date, and approves.
      const admin = desk.page;
      const adminErrors = watchConsole(admin);
      await signIn(admin, server.url, OWNER.email, OWNER.password, fixture.owner.twoFactorSecret);
      await followNavLink(admin, 'Settings');
      await admin.getByRole('heading', { level: 2, name: 'How long records are kept' }).waitFor();
      await expectNoAxeViolations(admin, 'practice settings with retention periods');
      await admin.getByRole('link', { name: 'Open the erasure requests' }).click();
      await admin.getByRole('heading', { level: 1, name: 'Erasure requests' }).waitFor();
      const request = admin.getByRole('article', { name: /Sam Legal/ });
      await request.getByText('I am moving away and want a clean break.').waitFor();
      await request.getByText('Waiting for an answer').waitFor();
      await expectNoAxeViolations(admin, 'erasure requests, one waiting');
      await request.getByRole('button', { name: 'Approve…' }).click();
      await request.getByRole('button', { name: 'Approve and erase' }).click();
      const erased = admin.getByRole('article', { name: /a former member/ });
      await erased.getByText('Approved: erased').waitFor();
      await erased.getByText('Clinical records kept until').waitFor();
      await expectNoAxeViolations(admin, 'erasure requests, one approved');
      expect(adminErrors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);

      // Sam's open page loses its session; Sam cannot sign in again.
      await member.reload();
      await member.getByRole('heading', { level: 1, name: /Sign in/ }).waitFor();
      await member.getByLabel('E-mail address').fill('sam@people.test');
      await member.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
      await member.getByRole('button', { name: 'Sign in' }).click();
      await member
        .getByRole('alert')
        .filter({ hasText: /password/i })
        .waitFor();

      // Rui, a peer in the group, sees "a former member" where Sam's display name was.
      const peerBrowser = await launchBrowser({ width: 390, height: 844 });
      try {
        const peer = peerBrowser.page;
        await signIn(peer, server.url, 'rui@people.test', TEST_PASSWORD);
        const peers = peer.locator('ul.peers');
        await peers.getByText('a former member', { exact: true }).waitFor();
        expect(await peers.getByText('Sam', { exact: true }).count()).toBe(0);
        await expectNoAxeViolations(peer, 'a peer’s group after the erasure');
        // Sam's post is still there for the group, written by "a former member".
        await peer.goto(`${server.url}/groups/${fixture.groupId}/space`);
        const post = peer.getByRole('article').filter({ hasText: 'Glad to have found this group.' });
        await post.getByText('a former member', { exact: false }).waitFor();
        expect(await post.getByText('Sam', { exact: false }).count()).toBe(0);
        await expectNoAxeViolations(peer, 'the group space with an erased member’s post');
      } finally {
        await peerBrowser.close();
      }

      // Maya, Sam's clinician, still reads the retained scores, under "a former member".
      const clinicianBrowser = await launchBrowser();
      try {
        const clinician = clinicianBrowser.page;
        await signIn(clinician, server.url, 'maya@harbour.test', TEST_PASSWORD, fixture.maya.twoFactorSecret);
        await clinician.goto(`${server.url}/groups/${fixture.groupId}/measures`);
        const roster = clinician.getByRole('region', { name: 'Members’ progress on the PHQ-9' });
        await roster.getByText('a former member', { exact: false }).first().waitFor();
        await roster.getByText('Erased at their request', { exact: false }).waitFor();
        await roster.getByText('16 · Moderately severe', { exact: false }).waitFor();
        await expectNoAxeViolations(clinician, 'group measures with an erased member’s retained scores');
      } finally {
        await clinicianBrowser.close();
      }
    });
  },
);
