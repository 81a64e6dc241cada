import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crisisResourcesFor } from '../../domain/crisis-resources.js';
import { PHQ9, WHO5, readIn } from '../../domain/instruments.js';
import { groupWithMembers, insertPastSession, type GroupFixture } from '../../server/testing/group-fixtures.js';
import { TEST_PASSWORD } from '../../server/testing/test-app.js';
import {
  browserAvailable,
  expectNoAxeViolations,
  followNavLink,
  launchBrowser,
  signIn,
  watchConsole,
  type Browser,
  EXPECTED_4XX,
} from './browser.js';
import { englishShown } from './english-scan.js';
import { startJourneyServer } from './server.js';

/** The Spanish web-app catalog: the journey finds its way by the words a Spanish reader sees. */
const es = JSON.parse(fs.readFileSync(new URL('../../app/i18n/catalogs/es.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;
const SPANISH_NAVIGATION = { navigation: es['layout.nav.label']!, menu: es['layout.nav.menu']! };

/** The group meets in London; the member lives in Los Angeles. */
const GROUP_ZONE = 'Europe/London';
const MEMBER_ZONE = 'America/Los_Angeles';

describe.skipIf(!browserAvailable())('the Spanish journey: a member on a phone, abroad', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let fixture: GroupFixture;
  let phone: Browser;
  let startsAt: Date;
  let forms: { phq9: string; who5: string };

  beforeAll(async () => {
    server = await startJourneyServer();
    const { app } = server.app;
    fixture = await groupWithMembers(server.app, { members: ['Sam'], timeZone: GROUP_ZONE });
    await app.inject({
      method: 'PUT',
      url: `/api/groups/${fixture.groupId}/measures`,
      headers: { cookie: fixture.maya.cookie },
      payload: {
        measures: [
          { instrumentId: 'phq-9', cadence: 'admission', main: true },
          { instrumentId: 'who-5', cadence: 'admission' },
        ],
      },
    });
    const waiting = (
      await app.inject({
        method: 'GET',
        url: '/api/my/measures',
        headers: { cookie: fixture.members[0]!.person.cookie },
      })
    ).json().waiting as Array<{ id: string; instrumentId: string }>;
    const idOf = (instrument: string) => waiting.find((f) => f.instrumentId === instrument)!.id;
    forms = { phq9: idOf('phq-9'), who5: idOf('who-5') };
    // The next session: three days from now, on the hour; any hour of the day, as the suite runs at any.
    startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCMinutes(0, 0, 0);
    await insertPastSession(server.app, fixture, startsAt);
    // A phone set to British English: the crisis lines still start from the practice's country
    // (the United States), not from the phone's region.
    phone = await launchBrowser({ width: 390, height: 844 }, { timezoneId: MEMBER_ZONE, locale: 'en-GB' });
  });
  afterAll(async () => {
    await phone?.close();
    await server?.stop();
  });

  it('switches to Spanish, answers a PHQ-9 in its published Spanish, gets Spanish crisis lines at once, and sees the next session in their own zone', async () => {
    const member = phone.page;
    const errors = watchConsole(member);
    /** axe on every page, and the English-sentence scan: no English on any page read in Spanish. */
    const check = async (label: string) => {
      await expectNoAxeViolations(member, `${label} (Spanish)`);
      const english = await englishShown(member);
      expect(english, `English on ${label}`).toEqual([]);
    };

    // Sign in, then switch to Spanish from the footer: the page changes language in place.
    await signIn(member, server.url, 'sam@people.test', TEST_PASSWORD);
    await member.getByRole('contentinfo').getByRole('button', { name: 'Español' }).click();
    await expect.poll(() => member.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await member.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await member.getByRole('navigation', { name: es['layout.nav.label'] }).waitFor();

    // The check-ins, by the Spanish menu.
    await followNavLink(member, es['layout.nav.checkIns']!, SPANISH_NAVIGATION);
    await member.waitForURL(/\/check-ins$/);
    const phq9Link = member.locator(`a[href="/check-ins/${forms.phq9}"]`);
    await phq9Link.waitFor();
    await check('check-ins');
    await phq9Link.click();

    // The PHQ-9 in its published Spanish (USA), word for word; our own title in Spanish.
    const spanish = readIn(PHQ9, 'es');
    await member.getByRole('heading', { level: 1, name: spanish.title }).waitFor();
    await member.getByText(spanish.stem, { exact: true }).waitFor();
    for (const item of spanish.items) await member.getByText(item.text, { exact: true }).waitFor();
    expect(await member.getByText('Little interest or pleasure', { exact: false }).count()).toBe(0);
    // The questions and answers themselves hold no English, whatever the page around them says.
    expect(await englishShown(member, 'form > p[lang], form fieldset')).toEqual([]);
    await check('check-in');

    const answer = (itemId: string, value: number) =>
      member.locator(`input[type="radio"][name="q-${itemId}"][value="${value}"]`).check();
    for (const itemId of ['1', '2', '3', '4', '5', '6', '7', '8']) await answer(itemId, 1);
    // Question 9 above 0: the crisis lines appear at once, in Spanish, those that answer in Spanish first.
    await answer('9', 1);
    const lines = crisisResourcesFor('US', 'es');
    const note = member.locator('section.card--attention');
    await note.getByText(lines.emergency.action).waitFor();
    for (const line of lines.lines) {
      await note.getByText(line.name, { exact: true }).waitFor();
      await note.getByRole('link', { name: line.action }).waitFor();
    }
    expect(await note.getByRole('link', { name: /marca 2/ }).getAttribute('href')).toBe('tel:988');
    expect(await note.getByRole('link', { name: /AYUDA al 741741/ }).getAttribute('href')).toBe(
      'sms:741741?body=AYUDA',
    );
    expect(await englishShown(member, 'section.card--attention ul')).toEqual([]);
    await check('check-in after a safety answer');

    // Sent: the form was answered in Spanish, and scores exactly as in English.
    await member.locator('form button[type="submit"]').click();
    await member.locator('h1').filter({ hasNotText: spanish.title }).waitFor();
    await member.getByText(lines.lines[0]!.action).waitFor();
    await check('check-in sent');
    const sent = await server.app.database.db
      .selectFrom('measureForms')
      .select(['language', 'total', 'safetyFlag'])
      .where('groupId', '=', fixture.groupId)
      .executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ language: 'es', total: 9 });

    // The next session, in the member's own zone (Los Angeles), with the zone named.
    await followNavLink(member, es['layout.nav.sessions']!, SPANISH_NAVIGATION);
    await member.waitForURL(/\/sessions$/);
    const zoneNames = ['en-US', 'es'].map(
      (locale) =>
        new Intl.DateTimeFormat(locale, { timeZone: MEMBER_ZONE, timeZoneName: 'short' })
          .formatToParts(startsAt)
          .find((p) => p.type === 'timeZoneName')!.value,
    );
    const main = member.getByRole('main');
    await main.getByText('Tuesday Skills Circle').first().waitFor();
    const shown = await main.innerText();
    // The start as Spanish writes it in her zone ("0:00", "9:00", "13:00"), through Intl as the page
    // writes it, so the check holds whatever hour the suite runs at and takes no other hour for it.
    const start = new Intl.DateTimeFormat('es', { timeZone: MEMBER_ZONE, hour: 'numeric', minute: '2-digit' }).format(
      startsAt,
    );
    expect(shown, `the session in the member’s own zone (${start})`).toMatch(new RegExp(`(?<![\\d:])${start}(?!\\d)`));
    expect(
      zoneNames.some((zone) => shown.includes(zone)),
      `the zone named (${zoneNames.join(' or ')})`,
    ).toBe(true);
    // "GMT-8" is how Spanish writes her zone: the lead says which zone that is, as the agenda does for staff.
    expect(await main.locator('.lead').innerText(), 'the zone named in the lead').toContain(
      MEMBER_ZONE.replace('_', ' '),
    );
    await check('sessions');

    // The WHO-5 has no published Spanish we ship: the form says so, in Spanish, and shows the original,
    // marked as English for screen readers. The language choice survives a fresh load.
    await member.goto(`${server.url}/check-ins/${forms.who5}`);
    await member.getByRole('heading', { level: 1, name: readIn(WHO5, 'es').title }).waitFor();
    const originalIn = new Intl.DisplayNames(['es'], { type: 'language' }).of('en')!;
    await member
      .getByText(es['questionnaireLanguage.noPublishedTranslation']!.replace('{language}', originalIn), { exact: true })
      .waitFor();
    await member.locator('span[lang="en"]', { hasText: 'I have felt cheerful and in good spirits' }).waitFor();
    await member.locator('label.radio[lang="en"]', { hasText: 'All of the time' }).first().waitFor();
    await check('WHO-5 check-in');

    // Still Spanish after all that; no errors.
    expect(await member.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  });
});

/** Where to keep screenshots to look at (HEARTH_SCREENSHOTS=dir); none are taken otherwise. */
const SHOTS = process.env.HEARTH_SCREENSHOTS;

describe.skipIf(!browserAvailable())('every page a member can open, read in Spanish', () => {
  let server: Awaited<ReturnType<typeof startJourneyServer>>;
  let fixture: GroupFixture;
  let phone: Browser;
  let partsMapId: string;
  let sixFsId: string;
  let roomId: string;
  let soon: Date;

  beforeAll(async () => {
    server = await startJourneyServer();
    const { app } = server.app;
    fixture = await groupWithMembers(server.app, { members: ['Sam'], timeZone: GROUP_ZONE });
    const cookie = fixture.members[0]!.person.cookie;
    // Sam reads Spanish (saved on the account); the group meets in five minutes, so the room is open.
    await app.inject({ method: 'PUT', url: '/api/me/preferences', headers: { cookie }, payload: { locale: 'es' } });
    soon = new Date(Date.now() + 5 * 60_000);
    const sessionId = await insertPastSession(server.app, fixture, soon);
    const opened = await app.inject({
      method: 'POST',
      url: `/api/groups/${fixture.groupId}/sessions/${sessionId}/room`,
      headers: { cookie: fixture.maya.cookie, 'idempotency-key': crypto.randomUUID() },
    });
    expect(opened.statusCode, opened.body).toBe(200);
    roomId = opened.json().roomId as string;
    const create = async (payload: object) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/my/ifs',
          headers: { cookie, 'idempotency-key': crypto.randomUUID() },
          payload,
        })
      ).json().id as string;
    // Pages with something on them, not only their empty states: a skill to practise, a practice
    // shared with the group, a thread in the group space (its words are Sam's own).
    const post = async (who: string, url: string, payload: object) => {
      const answer = await app.inject({
        method: 'POST',
        url,
        headers: { cookie: who, 'idempotency-key': crypto.randomUUID() },
        payload,
      });
      expect(answer.statusCode, answer.body).toBe(201);
    };
    await post(fixture.maya.cookie, `/api/groups/${fixture.groupId}/skills/assignments`, {
      cardId: 'hearth.i-statements',
    });
    await post(cookie, '/api/my/skills/logs', {
      groupId: fixture.groupId,
      cardId: 'hearth.i-statements',
      situation: 'Hablé con mi hermana sobre las fiestas.',
      rating: 7,
      visibility: 'group',
    });
    await post(cookie, `/api/groups/${fixture.groupId}/space/threads`, {
      title: 'Una semana tranquila',
      body: 'Probé la respiración antes de dormir.',
    });
    partsMapId = await create({ kind: 'partsMap', content: { parts: [] } });
    sixFsId = await create({ kind: 'sixFs', content: { part: '', step: 0, answers: {} } });
    phone = await launchBrowser({ width: 390, height: 844 }, { timezoneId: MEMBER_ZONE, locale: 'en-US' });
  });
  afterAll(async () => {
    await phone?.close();
    await server?.stop();
  });

  it('shows no English sentence on any member page, and each passes axe', async () => {
    const member = phone.page;
    const errors = watchConsole(member);
    await member.goto(`${server.url}/sign-in`);
    await member.getByLabel('E-mail address').fill('sam@people.test');
    await member.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await member.getByRole('button', { name: 'Sign in' }).click();
    // The account's language takes over after sign-in.
    await member.getByRole('navigation', { name: es['layout.nav.label'] }).waitFor();
    expect(await member.evaluate(() => document.documentElement.lang)).toBe('es');

    /** Opens a page, waits until it has loaded its data, and scans it. */
    const visit = async (path: string, name: string) => {
      await member.goto(`${server.url}${path}`);
      await member.locator('main h1').first().waitFor();
      await expect.poll(() => member.locator('main.page-loading, [aria-busy="true"]').count()).toBe(0);
      await member.waitForLoadState('networkidle');
      expect(await member.evaluate(() => document.documentElement.lang), name).toBe('es');
      await expectNoAxeViolations(member, `${name} (Spanish)`);
      expect.soft(await englishShown(member), `English on ${name}`).toEqual([]);
      if (SHOTS) {
        await member.screenshot({ path: `${SHOTS}/es-${name}-390.png`, fullPage: true });
        await member.setViewportSize({ width: 1280, height: 800 });
        await member.screenshot({ path: `${SHOTS}/es-${name}-1280.png`, fullPage: true });
        await member.setViewportSize({ width: 390, height: 844 });
      }
    };

    // Home, with the open room's way in on it.
    await member.goto(server.url);
    await member.locator(`a[href="/rooms/${roomId}"]`).waitFor();
    await visit('/', 'home');
    /**
     * The member's zone (Los Angeles) is named wherever the session's time is shown: it is not the group's.
     * Named as at the session's start, as the page names it: minutes before a change of clocks, now's is the other.
     */
    const zoneNamed = async (within: string) => {
      const zone = new Intl.DateTimeFormat('es', { timeZone: MEMBER_ZONE, timeZoneName: 'short' })
        .formatToParts(soon)
        .find((p) => p.type === 'timeZoneName')!.value;
      expect(await member.locator(within).first().innerText(), `the zone named on ${within}`).toContain(zone);
    };
    await zoneNamed('section[aria-labelledby="join-heading"]');
    // The next session says how far away it is, in words ("dentro de 5 minutos").
    expect(await member.locator('section[aria-labelledby="coming-up-heading"]').innerText()).toMatch(
      /\(dentro de \d+ minutos?\)/,
    );
    const pages: Array<[string, string]> = [
      [`/rooms/${roomId}`, 'room'],
      ['/sessions', 'sessions'],
      ['/check-ins', 'check-ins'],
      [`/groups/${fixture.groupId}/space`, 'group-space'],
      ['/skills', 'skill-cards'],
      ['/practice', 'practice'],
      ['/practice/log', 'practice-log'],
      [`/practice/groups/${fixture.groupId}`, 'practice-shared'],
      ['/reflect', 'reflect'],
      [`/reflect/parts/${partsMapId}`, 'parts-map'],
      [`/reflect/six-fs/${sixFsId}`, 'six-fs'],
      ['/reflect/self-check', 'self-check'],
      ['/safety-plan', 'safety-plan'],
      ['/help', 'help'],
      ['/when-things-get-hard', 'when-things-get-hard'],
      ['/my-notes', 'notes-shared'],
      ['/my-data', 'my-data'],
      ['/account', 'account'],
      ['/no-such-page', 'not-found'],
    ];
    for (const [path, name] of pages) {
      await visit(path, name);
      if (name === 'room') await zoneNamed('.room__status');
    }

    // One skill card on a page of its own; on the cards page, every card's text is scanned, folded or not.
    await visit('/skills/cards/hearth.i-statements', 'skill-card');

    // Switching language from the footer keeps what was being typed, both ways.
    await member.goto(`${server.url}/practice/log`);
    const situation = member.locator('main textarea').first();
    await situation.fill('Lo que pasó el martes');
    await member.getByRole('contentinfo').getByRole('button', { name: 'English' }).click();
    await expect.poll(() => member.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await situation.inputValue()).toBe('Lo que pasó el martes');
    await member.getByRole('contentinfo').getByRole('button', { name: 'Español' }).click();
    await expect.poll(() => member.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await situation.inputValue()).toBe('Lo que pasó el martes');

    expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([]);
  });

  it('reads the pages before signing in in Spanish when the browser asks for it', async () => {
    const visitor = await launchBrowser({ width: 390, height: 844 }, { timezoneId: MEMBER_ZONE, locale: 'es-MX' });
    try {
      const { page } = visitor;
      // Nobody has chosen yet: the browser's language (es-MX) decides.
      await page.goto(`${server.url}/sign-in`);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
      for (const [path, name] of [
        ['/sign-in', 'sign-in'],
        ['/forgot-password', 'forgot-password'],
        ['/when-things-get-hard', 'when-things-get-hard, signed out'],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(() => document.documentElement.lang), name).toBe('es');
        await expectNoAxeViolations(page, `${name} (Spanish)`);
        expect.soft(await englishShown(page), `English on ${name}`).toEqual([]);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/es-${name.replace(/\W+/g, '-')}-390.png`, fullPage: true });
      }
    } finally {
      await visitor.close();
    }
  });
});
