import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupWithMembers, openGroupSpace, type GroupFixture } from '../../server/testing/group-fixtures.js';
import { TEST_PASSWORD } from '../../server/testing/test-app.js';
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

/** Where to keep screenshots to look at (HEARTH_SCREENSHOTS=dir); none are taken otherwise. */
const SHOTS = process.env.HEARTH_SCREENSHOTS;

describe.skipIf(!browserAvailable())('the group space between sessions', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let fixture: GroupFixture;
  let sam: Browser;
  let ria: Browser;
  let maya: Browser;

  beforeAll(async () => {
    server = await startJourneyServer();
    fixture = await groupWithMembers(server.app, { members: ['Sam', 'Ria'] });
    await openGroupSpace(server.app, fixture, 'Weekdays, 9 to 5');
    sam = await launchBrowser({ width: 390, height: 844 });
    ria = await launchBrowser();
    maya = await launchBrowser();
  });
  afterAll(async () => {
    for (const b of [sam, ria, maya]) await b?.close();
    await server?.stop();
  });

  it('members post, reply and react live; a crisis post waits for the facilitator, who publishes a kinder version', async () => {
    const errors = [sam, ria, maya].map((b) => watchConsole(b.page));
    const spaceUrl = `${server.url}/groups/${fixture.groupId}/space`;

    // Ria keeps the space open on her desk.
    await signIn(ria.page, server.url, 'ria@people.test', TEST_PASSWORD);
    await ria.page.goto(spaceUrl);
    await ria.page.getByRole('heading', { level: 1, name: 'Tuesday Skills Circle: group space' }).waitFor();
    await ria.page.getByText('Nothing here yet.').waitFor();

    // Sam, on a phone, finds the space from his groups and is told who sees what before posting.
    await signIn(sam.page, server.url, 'sam@people.test', TEST_PASSWORD);
    await sam.page.goto(server.url);
    await sam.page.getByRole('link', { name: 'Open the group space' }).click();
    const whoSees = sam.page.getByRole('region', { name: 'Who sees what you post' });
    await whoSees.getByText('Everyone in Tuesday Skills Circle can read your posts').waitFor();
    await whoSees
      .getByText('Your facilitators read the space: Weekdays, 9 to 5. It is not watched around the clock.')
      .waitFor();
    await expect.poll(() => whoSees.getByRole('link', { name: 'crisis lines are one tap away' }).count()).toBe(1);
    await expectNoAxeViolations(sam.page, 'the space on a phone, empty');
    await sam.page.getByText('Start a thread').click();
    await sam.page.getByLabel('Title').fill('A better Tuesday');
    await sam.page
      .getByLabel('What you want to share')
      .fill('I said no to an extra shift. <b>Small</b> but big for me.');
    await sam.page.getByRole('button', { name: 'Post to the group' }).click();
    await sam.page.getByRole('heading', { name: 'A better Tuesday' }).waitFor();
    // Written as text, never as markup.
    await sam.page.getByText('I said no to an extra shift. <b>Small</b> but big for me.').waitFor();

    // It reaches Ria without a reload; she replies and reacts, and Sam sees both arrive.
    await ria.page.getByRole('heading', { name: 'A better Tuesday' }).waitFor();
    await expectNoAxeViolations(ria.page, 'the space with a thread');
    await ria.page.getByRole('button', { name: 'Sending strength' }).click();
    await expect
      .poll(() => ria.page.getByRole('button', { name: 'Sending strength' }).getAttribute('aria-pressed'))
      .toBe('true');
    await ria.page.getByLabel('Your reply').fill('That took courage.');
    await ria.page.getByRole('button', { name: 'Reply', exact: true }).click();
    await sam.page.getByText('That took courage.').waitFor();
    await sam.page.getByText('Sending strength: Ria').waitFor();
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/space-member-390.png`, fullPage: true });
    if (SHOTS) await ria.page.screenshot({ path: `${SHOTS}/space-member-1280.png`, fullPage: true });

    // Sam writes words of crisis: the crisis lines and "waiting for your facilitator" at once.
    await sam.page.getByText('Start a thread').click();
    await sam.page.getByLabel('Title').fill('Tonight');
    await sam.page.getByLabel('What you want to share').fill('I want to end my life tonight.');
    await sam.page.getByRole('button', { name: 'Post to the group' }).click();
    await sam.page.getByRole('heading', { name: 'Your post is waiting for your facilitator' }).waitFor();
    await sam.page.getByText('Nobody else in the group can see it.', { exact: false }).waitFor();
    await sam.page
      .getByRole('heading', { name: 'If you are in danger now' })
      .or(sam.page.getByText('988'))
      .first()
      .waitFor();
    expect(await sam.page.getByRole('link', { name: 'Open my safety plan' }).getAttribute('href')).toBe('/safety-plan');
    await expectNoAxeViolations(sam.page, 'a held post, crisis lines shown');
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/space-held-390.png`, fullPage: true });

    // The facilitator is alerted, acknowledges, and publishes a kinder version with the agreement noted.
    await signIn(maya.page, server.url, 'maya@harbour.test', TEST_PASSWORD, fixture.maya.twoFactorSecret);
    await maya.page.goto(`${server.url}/groups/${fixture.groupId}`);
    await maya.page.getByRole('link', { name: 'Group space' }).click();
    const alerts = maya.page.getByRole('region', { name: 'Needs your attention' });
    await alerts.getByText('the crisis-language screening matched', { exact: false }).waitFor();
    await expectNoAxeViolations(maya.page, 'the facilitator’s space with a held post');
    if (SHOTS) await maya.page.screenshot({ path: `${SHOTS}/space-facilitator-1280.png`, fullPage: true });
    await alerts.getByRole('button', { name: /I am on it/ }).click();
    await maya.page.getByText('Acknowledged: it will not go to the backup clinician.', { exact: false }).waitFor();
    const queue = maya.page.getByRole('region', { name: 'Waiting for you' });
    await queue.getByText('I want to end my life tonight.').first().waitFor();
    await queue.getByText('Publish an edited version').click();
    await queue.getByLabel('The version to publish').fill('Tonight is very hard for me.');
    await queue.getByLabel('Note for the record').fill('Published a kinder version with the author’s agreement.');
    await expectNoAxeViolations(maya.page, 'publishing an edited version');
    await queue.getByRole('button', { name: 'Publish this version' }).click();
    await maya.page.getByText('Done: Publish an edited version.').waitFor();
    await queue.getByText('Nothing is waiting.').waitFor();

    // Ria, who never saw the words of crisis, now sees the kinder version, live; Sam sees the note.
    await ria.page.getByText('Tonight is very hard for me.').waitFor();
    expect(await ria.page.getByText('end my life').count()).toBe(0);
    await sam.page
      .getByText('Note from a facilitator: Published a kinder version with the author’s agreement.')
      .waitFor();
    // Once a facilitator has acted, the post says so itself; the waiting notice goes.
    await sam.page
      .getByRole('heading', { name: 'Your post is waiting for your facilitator' })
      .waitFor({ state: 'detached' });
    await expectNoAxeViolations(sam.page, 'the published kinder version');
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/space-published-390.png`, fullPage: true });

    for (const list of errors) expect(list.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  });
});
