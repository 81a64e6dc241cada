import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupWithMembers, insertPastSession, type GroupFixture } from '../../server/testing/group-fixtures.js';
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

const PHONE = { width: 390, height: 844 };
const SHOTS = process.env.HEARTH_SCREENSHOTS;

/** Saves a screenshot when HEARTH_SCREENSHOTS names a folder, to look at the room at 390 and 1280 px. */
async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe.skipIf(!browserAvailable())('a live session room, from the waiting room to the summary', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let fixture: GroupFixture;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    server = await startJourneyServer();
    fixture = await groupWithMembers(server.app, { members: ['Sam', 'Ana', 'Lee'] });
    // A session starting in five minutes: the room may open.
    await insertPastSession(server.app, fixture, new Date(Date.now() + 5 * 60_000));
    // Last week's room: Ana spoke twice, Lee was there and never had the floor.
    const lastWeek = await insertPastSession(server.app, fixture, new Date(Date.now() - 7 * 86_400_000));
    const [, ana, lee] = fixture.members;
    await server.app.database.db
      .insertInto('roomVoice')
      .values([
        { sessionId: lastWeek, groupMemberId: ana!.memberId, groupId: fixture.groupId, seconds: 180, turns: 2 },
        { sessionId: lastWeek, groupMemberId: lee!.memberId, groupId: fixture.groupId, seconds: 0, turns: 0 },
      ])
      .execute();
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  });

  it('admits, checks in, takes turns with a pass and a raised hand, survives a dropped phone, breaks into triads, checks out and ends', async () => {
    const open = async (viewport?: { width: number; height: number }) => {
      const b = await launchBrowser(viewport);
      browsers.push(b);
      return b;
    };
    const desk = await open();
    const maya = desk.page;
    const errors = watchConsole(maya);
    await signIn(maya, server.url, 'maya@harbour.test', TEST_PASSWORD, fixture.maya.twoFactorSecret);

    // The facilitator opens the room from the agenda.
    await maya.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agenda' }).click();
    await maya.getByRole('button', { name: /^Open the room/ }).click();
    await maya.getByRole('heading', { level: 1, name: 'Tuesday Skills Circle: session room' }).waitFor();
    const waitingRoom = maya.getByRole('region', { name: /^Waiting room/ });
    await waitingRoom.getByText('Nobody is waiting.').waitFor();
    await expectNoAxeViolations(maya, 'the facilitator’s console, empty');

    // Three members join: two on phones, one on a laptop.
    const member = async (name: string, viewport?: { width: number; height: number }) => {
      const b = await open(viewport);
      const memberErrors = watchConsole(b.page);
      await signIn(b.page, server.url, `${name.toLowerCase()}@people.test`, TEST_PASSWORD);
      const join = b.page.getByRole('region', { name: 'Your group is meeting now' });
      await join.getByRole('link', { name: /^Join/ }).click();
      await b.page.getByRole('heading', { level: 2, name: 'Waiting to come in' }).waitFor();
      return { ...b, errors: memberErrors };
    };
    const sam = await member('Sam', PHONE);
    await expectNoAxeViolations(sam.page, 'the waiting room on a phone');
    await shot(sam.page, 'room-waiting-390');
    const ana = await member('Ana', PHONE);
    const lee = await member('Lee');

    // Admit one, then everyone waiting.
    await waitingRoom.getByText('Waiting room (3)').waitFor();
    await expectNoAxeViolations(maya, 'the console with people waiting');
    await waitingRoom.getByRole('button', { name: 'Admit Sam' }).click();
    await sam.page.getByRole('region', { name: /^Here now/ }).waitFor();
    // Sent back with a few words only Sam reads, then let in again with everyone.
    const here = maya.getByRole('region', { name: /^Here now/ });
    await here.getByRole('button', { name: 'Send to waiting room… Sam' }).click();
    await here.getByLabel('A few words for Sam (only they see them)').fill('One moment, we will bring you in');
    await here.getByRole('button', { name: 'Send to waiting room', exact: true }).click();
    await sam.page.getByText('One moment, we will bring you in').waitFor();
    await sam.page.getByText('A facilitator asked you to wait here for a moment. They wrote:').waitFor();
    await expectNoAxeViolations(sam.page, 'sent back to the waiting room');
    await maya.getByRole('link', { name: '3 people are in the waiting room' }).waitFor();
    await waitingRoom.getByRole('button', { name: 'Admit everyone waiting' }).click();
    await ana.page.getByRole('region', { name: /^Here now/ }).waitFor();
    await lee.page.getByRole('region', { name: /^Here now/ }).waitFor();
    await waitingRoom.getByText('Nobody is waiting.').waitFor();
    await expectNoAxeViolations(sam.page, 'the room on a phone');

    // Check-in round: Ana shares only with the facilitators.
    await maya.getByRole('button', { name: 'Start a check-in round' }).click();
    const checkIn = async (page: Page, mood: number, word: string, onlyFacilitators = false) => {
      const form = page.getByRole('region', { name: 'Your check-in' });
      await form.getByRole('radio', { name: String(mood), exact: true }).check();
      await form.getByLabel('One word for how you are').fill(word);
      if (onlyFacilitators) await form.getByLabel('Only my facilitators').check();
      await form.getByRole('button', { name: 'Share my check-in' }).click();
      await form.waitFor({ state: 'detached' });
    };
    await sam.page.getByRole('region', { name: 'Your check-in' }).waitFor();
    await expectNoAxeViolations(sam.page, 'the check-in form on a phone');
    await shot(sam.page, 'room-check-in-390');
    await checkIn(sam.page, 6, 'tired');
    await checkIn(ana.page, 3, 'heavy', true);
    await checkIn(lee.page, 8, 'hopeful');
    const checkIns = maya.getByRole('region', { name: 'Check-ins' });
    await checkIns.getByText('3 of 10 · heavy').waitFor();
    await checkIns.getByText('Only facilitators see this').waitFor();
    await sam.page.getByText('8 of 10 · hopeful').waitFor();
    expect(await sam.page.getByText('heavy').count()).toBe(0);
    await maya.getByRole('button', { name: 'End the round' }).click();

    // A raised hand: everyone sees the queue; the facilitator gives the floor to the first.
    await lee.page.getByRole('button', { name: 'Raise my hand' }).click();
    await sam.page
      .getByRole('list', { name: /^Raised hands/ })
      .getByText('Lee')
      .waitFor();
    await maya.getByRole('button', { name: 'Give the floor to Lee' }).click();
    await sam.page.getByText('Lee is speaking').waitFor();
    await lee.page.getByText('It is your turn').waitFor();
    // Said once, politely, to whoever uses a screen reader.
    const announced = (page: Page) => page.locator('[aria-live="polite"]').textContent();
    await expect.poll(() => announced(lee.page)).toBe('You have the floor.');
    await expect.poll(() => announced(sam.page)).toBe('Lee has the floor.');
    await maya.getByRole('button', { name: 'End the floor' }).click();

    // In open conversation the facilitator taps whoever speaks, for share of voice.
    const voice = maya.getByRole('region', { name: 'Share of voice' }).getByRole('button', { name: /^Sam/ });
    await voice.click();
    await expect.poll(() => voice.getAttribute('aria-pressed')).toBe('true');
    await voice.click();
    await expect.poll(() => voice.getAttribute('aria-pressed')).toBe('false');

    // A round in order; Ana passes without a word of explanation.
    await maya.getByRole('button', { name: 'Start a round' }).click();
    const order = maya.getByRole('list', { name: 'Talking order' });
    await order.getByText('speaking now').waitFor();
    await ana.page.getByRole('button', { name: 'Pass' }).click();
    await order.getByText('passed').waitFor();
    await sam.page.getByRole('list', { name: 'Talking order' }).getByText('passed').waitFor();
    await expectNoAxeViolations(maya, 'the console during a round');
    // Share of voice shows the last sessions beside this one, and who had no turn in them.
    const voicePanel = maya.getByRole('region', { name: 'Share of voice' });
    await voicePanel.getByText('last session: 3 min, 2 turns').waitFor();
    await voicePanel.getByText('No turn in their last sessions: Lee').waitFor();
    await shot(maya, 'room-console-1280');

    // Sam's phone drops off the network mid-round; the room goes on; Sam catches up, nothing twice.
    await sam.context.setOffline(true);
    await sam.page.getByText(/Reconnecting/).waitFor();
    await expectNoAxeViolations(sam.page, 'the room while reconnecting');
    // Sam raises a hand while off the network: it is sent once the phone is back, and counted once.
    await sam.page.getByRole('button', { name: 'Raise my hand' }).click();
    await maya.getByRole('button', { name: 'Next speaker' }).click();
    const leeChat = lee.page.getByRole('region', { name: 'Chat', exact: true });
    await leeChat.getByLabel('Message for Chat').fill('Thank you all for being here');
    await leeChat.getByRole('button', { name: /^Send/ }).click();
    await maya.getByText('Thank you all for being here', { exact: true }).waitFor();
    await sam.context.setOffline(false);
    await sam.page.getByText('Connected', { exact: true }).waitFor();
    await sam.page.getByText('Thank you all for being here', { exact: true }).waitFor();
    expect(await sam.page.getByText('Thank you all for being here', { exact: true }).count()).toBe(1);
    const samOrder = sam.page.getByRole('list', { name: 'Talking order' });
    await expect.poll(() => samOrder.getByText('passed').count()).toBe(1);
    const hands = maya.getByRole('list', { name: 'Raised hands, first come first served' });
    await hands.getByText('Sam', { exact: true }).waitFor();
    expect(await hands.getByRole('listitem').count()).toBe(1);
    await sam.page.getByRole('button', { name: 'Lower my hand' }).click();
    await maya.getByText('No hands raised.').waitFor();
    await maya.getByRole('button', { name: 'End the round' }).click();

    // A facilitator hides a chat message: gone from members' screens, kept for the summary.
    await maya.getByRole('region', { name: 'Chat', exact: true }).getByRole('button', { name: /^Hide/ }).click();
    await expect.poll(() => sam.page.getByText('Thank you all for being here', { exact: true }).count()).toBe(0);

    // Crisis words in a member's chat are held: the author sees calm words and crisis lines, the
    // facilitator sees it marked, nobody else sees it until the facilitator shows it to the group.
    const samChat = sam.page.getByRole('region', { name: 'Chat', exact: true });
    await samChat.getByLabel('Message for Chat').fill('I want to kill myself');
    await samChat.getByRole('button', { name: /^Send/ }).click();
    await sam.page.getByRole('heading', { name: 'Your message is with your facilitator' }).waitFor();
    await sam.page.getByText('Waiting for your facilitator').waitFor();
    await sam.page.getByRole('heading', { name: 'Talk to someone', exact: true }).waitFor();
    const heldChat = sam.page.getByRole('region', { name: 'Your message is with your facilitator' });
    // The member's own safety plan is one tap away, opening beside the call, not in its place.
    const planLink = heldChat.getByRole('link', { name: 'Open my safety plan' });
    expect(await planLink.getAttribute('href')).toBe('/safety-plan');
    expect(await planLink.getAttribute('target')).toBe('_blank');
    await expectNoAxeViolations(sam.page, 'a held chat message on a phone');
    await shot(sam.page, 'room-chat-held-390');
    const mayaChat = maya.getByRole('region', { name: 'Chat', exact: true });
    await mayaChat.getByText('I want to kill myself', { exact: true }).waitFor();
    await mayaChat.getByText('Held: crisis words. Only its author and facilitators see it').waitFor();
    expect(await lee.page.getByText('I want to kill myself', { exact: true }).count()).toBe(0);
    await expectNoAxeViolations(maya, 'the console with a held chat message');
    await mayaChat.getByRole('button', { name: /^Show to the group/ }).click();
    await lee.page.getByText('I want to kill myself', { exact: true }).waitFor();

    // At 200% zoom (half the width in CSS pixels) nothing needs scrolling sideways.
    for (const page of [maya, lee.page]) {
      await page.setViewportSize({ width: 640, height: 800 });
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    await shot(maya, 'room-console-200-percent');
    await expectNoAxeViolations(lee.page, 'the room at 200% zoom');
    for (const page of [maya, lee.page]) await page.setViewportSize({ width: 1280, height: 800 });

    // A safety concern about a member, marked from who is here.
    await here.getByRole('button', { name: 'Safety concern… Ana' }).click();
    await here.getByLabel('Safety concern about Ana (what you noticed)').fill('Said she does not feel safe at home');
    await here.getByRole('button', { name: 'Mark the concern' }).click();
    await here.getByText('Safety concern marked').waitFor();
    expect(await ana.page.getByText('Safety concern').count()).toBe(0);

    // The back-channel is for facilitators only.
    const backChannel = maya.getByRole('region', { name: 'Back-channel' });
    await backChannel.getByLabel('Message for Back-channel').fill('Ana seems low today, I will check in after');
    await backChannel.getByRole('button', { name: /^Send/ }).click();
    await maya.getByText('Ana seems low today, I will check in after', { exact: true }).waitFor();

    // Triads with one timer, practising a skill card; each member sees only their own, and the card.
    await maya.getByLabel('Triads (speaker, listener, observer)').check();
    await maya.getByLabel('Skill card to practise (optional)').selectOption({ label: 'I-statements' });
    await maya.getByRole('button', { name: 'Start the small groups' }).click();
    await sam.page.getByText('You are in a small group now.').waitFor();
    await sam.page.getByText('Time left in small groups').waitFor();
    await sam.page.getByText('Practising: I-statements').click();
    await sam.page.getByRole('heading', { name: 'Steps' }).first().waitFor();
    await expectNoAxeViolations(sam.page, 'a breakout on a phone');
    await shot(sam.page, 'room-breakout-390');
    await maya.getByRole('button', { name: 'Rotate roles' }).click();
    await maya.getByRole('button', { name: 'Bring everyone back' }).click();
    await sam.page.getByText('The group is together.').waitFor();

    for (const m of [sam, ana, lee]) {
      expect(await m.page.content()).not.toContain('Ana seems low today');
      expect(await m.page.getByText('Back-channel').count()).toBe(0);
    }

    // Check-out in the room.
    await maya.getByRole('button', { name: 'Start the check-out' }).click();
    for (const m of [sam, ana, lee]) {
      const form = m.page.getByRole('region', { name: 'Before you go' });
      await form.waitFor();
      const questions = ['I felt heard', 'I felt safe in the group', 'What we worked on mattered to me'];
      for (const question of m === lee ? questions.slice(0, 2) : [...questions, 'The way we worked fit me']) {
        await form.getByRole('group', { name: question }).getByRole('radio', { name: /^7/ }).check();
      }
      if (m === sam) await expectNoAxeViolations(sam.page, 'the check-out on a phone');
      await form.getByRole('button', { name: 'Send my answers' }).click();
      await m.page.getByText('Thank you. Your answers reached your facilitators.').waitFor();
    }
    await maya.getByText('Check-out: 3 of 3 answered.').waitFor();

    // End: the summary, and attendance confirmed from who was in the room.
    await maya.getByRole('button', { name: 'End the session…' }).click();
    await maya.getByRole('button', { name: 'End the session for everyone' }).click();
    await maya.getByText('The session has ended. Here is what happened in the room.').waitFor();
    await sam.page.getByRole('heading', { name: 'The session has ended' }).waitFor();
    await expectNoAxeViolations(sam.page, 'the end of the session on a phone');
    await expectNoAxeViolations(maya, 'the summary');
    await shot(maya, 'room-summary-1280');
    await maya.getByRole('region', { name: 'Hidden chat' }).getByText('Thank you all for being here').waitFor();
    await maya
      .getByRole('region', { name: 'Safety concerns' })
      .getByText(/^Ana, marked by Maya Okafor/)
      .waitFor();
    const talk = maya.getByRole('region', { name: 'Check-in, share of voice and check-out' });
    await talk.getByRole('row', { name: /^Sam/ }).getByText('7 of 10').waitFor();
    await talk.getByRole('row', { name: /^Lee/ }).getByText('answered in part (no total)').waitFor();
    await talk.getByRole('row', { name: /^Ana/ }).getByText('Only facilitators see this').waitFor();
    await maya.getByRole('link', { name: 'Confirm attendance' }).click();
    await maya.getByRole('heading', { level: 1, name: 'Attendance' }).waitFor();
    await maya.getByText('Filled in from who was in the room. Check each person, then save.').waitFor();
    await expect.poll(() => maya.getByRole('group', { name: /Sam/ }).getByLabel('Present').isChecked()).toBe(true);
    await maya.getByRole('button', { name: 'Save attendance' }).click();
    await maya.getByText('Saved. 3 of 3 marked.').waitFor();
    await expectNoAxeViolations(maya, 'attendance confirmed from the room');

    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
    // The phone that went offline logs the page's other socket failing to reconnect meanwhile.
    const offline = /net::ERR_INTERNET_DISCONNECTED/;
    for (const m of [sam, ana, lee])
      expect(m.errors.filter((e) => !EXPECTED_4XX.test(e) && !offline.test(e))).toEqual([]);
  });
});
