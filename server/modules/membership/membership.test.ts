import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import {
  addPerson,
  describeEachEngine,
  setUpPractice,
  setupPracticeId,
  TEST_PASSWORD,
  useTestApp,
  type SignedIn,
  type TestApp,
} from '../../testing/test-app.js';

const AGREEMENT = 'What is said here stays here. We listen without fixing. We arrive on time or let the group know.';

async function practiceWithGroup(t: TestApp, capacity = 8) {
  const owner = await setUpPractice(t.app);
  const practiceId = await setupPracticeId(t);
  const maya = await addPerson(t, { email: 'maya@harbour.test', role: 'clinician', practiceId, name: 'Maya Okafor' });
  const group = await t.app.inject({
    method: 'POST',
    url: '/api/groups',
    headers: { cookie: maya.cookie },
    payload: {
      name: 'Tuesday Evening Process Group',
      description: 'A weekly space.',
      modality: 'process',
      format: 'closed',
      capacity,
      timeZone: 'America/New_York',
      meetingMode: 'online',
      facilitatorIds: [maya.userId],
      agreement: AGREEMENT,
    },
  });
  expect(group.statusCode).toBe(201);
  return { owner, maya, practiceId, groupId: group.json().id as string };
}

describeEachEngine('group membership', (engine) => {
  const t = useTestApp(engine);
  const post = (who: SignedIn, url: string, payload: object) =>
    t.current.app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload });
  const get = (who: SignedIn, url: string) =>
    t.current.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

  async function memberInGroup(
    setup: Awaited<ReturnType<typeof practiceWithGroup>>,
    email: string,
    displayName?: string,
  ) {
    const person = await addPerson(t.current, {
      email,
      role: 'member',
      practiceId: setup.practiceId,
      name: `Legal ${email.split('@')[0]}`,
    });
    const referral = await post(setup.maya, `/api/groups/${setup.groupId}/members`, {
      name: `Legal ${email.split('@')[0]}`,
      email,
    });
    expect(referral.statusCode, referral.body).toBe(201);
    const memberId = referral.json().id as string;
    if (displayName) {
      expect(
        (await post(setup.maya, `/api/groups/${setup.groupId}/members/${memberId}/status`, { status: 'admitted' }))
          .statusCode,
      ).toBe(200);
      const joined = await post(person, `/api/my/groups/${setup.groupId}/join`, { agreementVersion: 1, displayName });
      expect(joined.statusCode, joined.body).toBe(200);
    }
    return { person, memberId };
  }

  it('walks a member from referral to active, and peers see only display names', async () => {
    const setup = await practiceWithGroup(t.current);
    const { person: sam, memberId } = await memberInGroup(setup, 'sam@harbour.test');

    let mine = (await get(sam, '/api/my/groups')).json().groups;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'referred', needsToAccept: false, peers: [] });

    expect(
      (await post(sam, `/api/my/groups/${setup.groupId}/join`, { agreementVersion: 1, displayName: 'Sam' })).statusCode,
    ).toBe(409);
    expect(
      (await post(setup.maya, `/api/groups/${setup.groupId}/members/${memberId}/status`, { status: 'admitted' }))
        .statusCode,
    ).toBe(200);
    mine = (await get(sam, '/api/my/groups')).json().groups;
    expect(mine[0]).toMatchObject({
      status: 'admitted',
      needsToAccept: true,
      agreement: { version: 1, text: AGREEMENT },
    });

    const joined = await post(sam, `/api/my/groups/${setup.groupId}/join`, { agreementVersion: 1, displayName: 'Sam' });
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ status: 'active', displayName: 'Sam', needsToAccept: false, peers: [] });

    const { person: ana } = await memberInGroup(setup, 'ana@harbour.test', 'River');
    const anaView = (await get(ana, '/api/my/groups')).json();
    expect(anaView.groups[0].peers).toEqual(['Sam']);
    expect(anaView.groups[0].group.facilitators).toEqual(['Maya Okafor']);
    const text = JSON.stringify(anaView);
    for (const secret of ['sam@harbour.test', 'Legal sam', sam.userId, 'maya@harbour.test', setup.maya.userId])
      expect(text).not.toContain(secret);

    const roster = (await get(setup.maya, `/api/groups/${setup.groupId}/members`)).json();
    expect(roster.placesTaken).toBe(2);
    expect(
      roster.members.map((m: { email: string; status: string; displayName: string }) => [
        m.email,
        m.status,
        m.displayName,
      ]),
    ).toEqual([
      ['sam@harbour.test', 'active', 'Sam'],
      ['ana@harbour.test', 'active', 'River'],
    ]);
    const acceptance = await t.current.database.db
      .selectFrom('groupMembers')
      .select(['agreementVersion', 'agreementAcceptedAt'])
      .where('email', '=', 'sam@harbour.test')
      .executeTakeFirstOrThrow();
    expect(acceptance.agreementVersion).toBe(1);
    expect(acceptance.agreementAcceptedAt).toBeTruthy();
  });

  it('invites someone new to the practice, and the referral is theirs once they accept', async () => {
    const setup = await practiceWithGroup(t.current);
    const referral = await post(setup.maya, `/api/groups/${setup.groupId}/members`, {
      name: 'Jo Lee',
      email: 'jo@harbour.test',
    });
    expect(referral.json()).toMatchObject({ status: 'referred', hasAccount: false });
    await t.current.app.jobs.runDue();
    const folder = path.join(t.current.dataDir, 'outbox');
    const mail = fs
      .readdirSync(folder)
      .map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')))
      .find((m) => m.to === 'jo@harbour.test');
    expect(mail.text).toContain('Tuesday Evening Process Group');
    const token = /\/invitation#(\S+)/.exec(mail.text)![1]!;
    const accepted = await t.current.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, name: 'Jo Lee', password: TEST_PASSWORD },
    });
    expect(accepted.statusCode).toBe(200);
    const cookie = String(accepted.headers['set-cookie']).match(/hearth\.session_token=[^;]+/)![0];
    const mine = await t.current.app.inject({ method: 'GET', url: '/api/my/groups', headers: { cookie } });
    expect(mine.json().groups.map((g: { group: { name: string } }) => g.group.name)).toEqual([
      'Tuesday Evening Process Group',
    ]);
  });

  it("asks for a deliberate yes before referring one of the practice's staff as a member", async () => {
    const setup = await practiceWithGroup(t.current);
    await addPerson(t.current, {
      email: 'ola@harbour.test',
      role: 'clinician',
      practiceId: setup.practiceId,
      name: 'Ola Berg',
    });
    const url = `/api/groups/${setup.groupId}/members`;
    const warned = await post(setup.maya, url, { name: 'Ola Berg', email: 'ola@harbour.test' });
    expect(warned.statusCode, warned.body).toBe(409);
    expect(warned.json().errors).toEqual([
      {
        field: 'body.staffConfirmed',
        message: expect.stringContaining('ola@harbour.test belongs to a clinician of this practice.'),
      },
    ]);
    expect((await get(setup.maya, url)).json().members).toEqual([]);
    // The owner's own address too.
    expect((await post(setup.maya, url, { name: 'Alex Morgan', email: 'alex@harbour.test' })).statusCode).toBe(409);

    const confirmed = await post(setup.maya, url, {
      name: 'Ola Berg',
      email: 'ola@harbour.test',
      staffConfirmed: true,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json()).toMatchObject({ status: 'referred', hasAccount: true });
    // A member of the practice is referred as before, with no question asked.
    await addPerson(t.current, { email: 'kai@people.test', role: 'member', practiceId: setup.practiceId });
    expect((await post(setup.maya, url, { name: 'Kai Moss', email: 'kai@people.test' })).statusCode).toBe(201);
  });

  it('keeps to capacity: a full group refuses another admission and offers the waitlist', async () => {
    const setup = await practiceWithGroup(t.current, 2);
    await memberInGroup(setup, 'a@harbour.test', 'A');
    await memberInGroup(setup, 'b@harbour.test', 'B');
    const { memberId } = await memberInGroup(setup, 'c@harbour.test');
    const full = await post(setup.maya, `/api/groups/${setup.groupId}/members/${memberId}/status`, {
      status: 'admitted',
    });
    expect(full.statusCode).toBe(409);
    expect(full.json().detail).toMatch(/is full \(2 places\)/);
    expect(
      (await post(setup.maya, `/api/groups/${setup.groupId}/members/${memberId}/status`, { status: 'waitlisted' }))
        .statusCode,
    ).toBe(200);
  });

  it('lets only one of two racing admissions take the last place', async () => {
    const setup = await practiceWithGroup(t.current, 2);
    await memberInGroup(setup, 'a@harbour.test', 'A');
    const { memberId: b } = await memberInGroup(setup, 'b@harbour.test');
    const { memberId: c } = await memberInGroup(setup, 'c@harbour.test');
    const [first, second] = await Promise.all([
      post(setup.maya, `/api/groups/${setup.groupId}/members/${b}/status`, { status: 'admitted' }),
      post(setup.maya, `/api/groups/${setup.groupId}/members/${c}/status`, { status: 'admitted' }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const roster = (await get(setup.maya, `/api/groups/${setup.groupId}/members`)).json();
    expect(roster.placesTaken).toBe(2);
  });

  it.each([
    ['an empty name', '   ', 400],
    ['a name of 200 characters', 'x'.repeat(200), 400],
    ['an e-mail address', 'sam@example.org', 400],
    ["another member's name, in other letters", ' river ', 409],
    ["another member's name in Cyrillic look-alikes", 'Rіvеr', 409],
    ["another member's name with a zero-width space", 'Riv\u200Ber', 400],
    ['a name with a direction override', '\u202Erevir', 400],
    ['a name with stacked combining marks', 'Ri\u0301\u0302\u0303\u0304ver', 400],
    ["another member's name in full-width letters", 'Ｒｉｖｅｒ', 409],
  ])('refuses %s as a display name', async (_label, displayName, status) => {
    const setup = await practiceWithGroup(t.current);
    await memberInGroup(setup, 'ana@harbour.test', 'River');
    const { person, memberId } = await memberInGroup(setup, 'sam@harbour.test');
    await post(setup.maya, `/api/groups/${setup.groupId}/members/${memberId}/status`, { status: 'admitted' });
    const response = await post(person, `/api/my/groups/${setup.groupId}/join`, { agreementVersion: 1, displayName });
    expect(response.statusCode).toBe(status);
    expect(response.json().errors[0].field).toBe('body.displayName');
  });

  it('asks members to accept a revised agreement, and refuses an acceptance of an old version', async () => {
    const setup = await practiceWithGroup(t.current);
    const { person } = await memberInGroup(setup, 'sam@harbour.test', 'Sam');
    await t.current.app.inject({
      method: 'PATCH',
      url: `/api/groups/${setup.groupId}`,
      headers: { cookie: setup.maya.cookie },
      payload: { agreement: `${AGREEMENT} Phones stay in bags.` },
    });
    const mine = (await get(person, '/api/my/groups')).json().groups[0];
    expect(mine).toMatchObject({ status: 'active', needsToAccept: true, agreement: { version: 2 } });
    const stale = await post(person, `/api/my/groups/${setup.groupId}/join`, {
      agreementVersion: 1,
      displayName: 'Sam',
    });
    expect(stale.statusCode).toBe(409);
    const fresh = await post(person, `/api/my/groups/${setup.groupId}/join`, {
      agreementVersion: 2,
      displayName: 'Sam',
    });
    expect(fresh.json()).toMatchObject({ needsToAccept: false, status: 'active' });
  });

  it('needs a reason to decline, tells the person kindly, and lets nothing follow an ending', async () => {
    const setup = await practiceWithGroup(t.current);
    const { memberId } = await memberInGroup(setup, 'sam@harbour.test');
    const url = `/api/groups/${setup.groupId}/members/${memberId}/status`;
    const noReason = await post(setup.maya, url, { status: 'declined' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('body.reason');
    expect(
      (
        await post(setup.maya, url, {
          status: 'declined',
          reason: 'A smaller skills group would suit you better first.',
        })
      ).statusCode,
    ).toBe(200);
    expect((await post(setup.maya, url, { status: 'admitted' })).statusCode).toBe(409);
    await t.current.app.jobs.runDue();
    const folder = path.join(t.current.dataDir, 'outbox');
    const mail = fs
      .readdirSync(folder)
      .map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')))
      .find((m) => m.subject.startsWith('About'));
    expect(mail.text).toContain('not a judgement of you');
    expect(mail.text).toContain('A smaller skills group');
    expect(mail.text).not.toMatch(/!/);
    const events = await t.current.database.db
      .selectFrom('groupMemberEvents')
      .select(['fromStatus', 'toStatus', 'reason'])
      .where('groupMemberId', '=', memberId)
      .orderBy('at')
      .execute();
    expect(events.map((e) => e.toStatus)).toEqual(['referred', 'declined']);
  });

  it('keeps the roster to the group’s staff, and answers 404 across groups and practices', async () => {
    const setup = await practiceWithGroup(t.current);
    const dan = await addPerson(t.current, {
      email: 'dan@harbour.test',
      role: 'clinician',
      practiceId: setup.practiceId,
    });
    const elsewhere = await addPerson(t.current, { email: 'x@elsewhere.test', role: 'owner' });
    const { person, memberId } = await memberInGroup(setup, 'sam@harbour.test', 'Sam');
    expect((await get(dan, `/api/groups/${setup.groupId}/members`)).statusCode).toBe(404);
    expect((await get(elsewhere, `/api/groups/${setup.groupId}/members`)).statusCode).toBe(404);
    expect(
      (await post(dan, `/api/groups/${setup.groupId}/members/${memberId}/status`, { status: 'on-leave' })).statusCode,
    ).toBe(404);
    expect((await get(person, `/api/groups/${setup.groupId}/members`)).statusCode).toBe(403);
    expect(
      (await post(elsewhere, `/api/my/groups/${setup.groupId}/join`, { agreementVersion: 1, displayName: 'X' }))
        .statusCode,
    ).toBe(404);
  });

  it('keeps markup in names as text', async () => {
    const setup = await practiceWithGroup(t.current);
    const response = await post(setup.maya, `/api/groups/${setup.groupId}/members`, {
      name: '<b>Bold</b>',
      email: 'b@harbour.test',
    });
    expect(response.json().name).toBe('<b>Bold</b>');
  });
});

describeEachEngine('the waitlist', (engine) => {
  const t = useTestApp(engine);

  it('offers a freed place to whoever has waited longest, with three days to accept; a lapsed offer holds no place', async () => {
    const setup = await practiceWithGroup(t.current, 2);
    const post = (who: SignedIn, url: string, payload: object) =>
      t.current.app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload });
    const add = async (email: string) => {
      const person = await addPerson(t.current, { email, role: 'member', practiceId: setup.practiceId });
      const referral = await post(setup.maya, `/api/groups/${setup.groupId}/members`, { name: email, email });
      return { person, memberId: referral.json().id as string };
    };
    const status = (memberId: string, body: object) =>
      post(setup.maya, `/api/groups/${setup.groupId}/members/${memberId}/status`, body);
    const a = await add('a@harbour.test');
    const b = await add('b@harbour.test');
    await status(a.memberId, { status: 'admitted' });
    await status(b.memberId, { status: 'admitted' });
    const first = await add('first@harbour.test');
    const second = await add('second@harbour.test');
    await status(first.memberId, { status: 'waitlisted' });
    await status(second.memberId, { status: 'waitlisted' });

    // A leaves: the place goes to "first", who waited longest.
    expect((await status(a.memberId, { status: 'left', reason: 'Moving away.' })).statusCode).toBe(200);
    const roster = (
      await t.current.app.inject({
        method: 'GET',
        url: `/api/groups/${setup.groupId}/members`,
        headers: { cookie: setup.maya.cookie },
      })
    ).json();
    const offered = roster.members.find((m: { email: string }) => m.email === 'first@harbour.test');
    expect(offered.status).toBe('admitted');
    const hours = (Date.parse(offered.offerExpiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71);
    expect(hours).toBeLessThanOrEqual(72);
    expect(roster.members.find((m: { email: string }) => m.email === 'second@harbour.test').status).toBe('waitlisted');
    await t.current.app.jobs.runDue();
    const folder = path.join(t.current.dataDir, 'outbox');
    const mail = fs
      .readdirSync(folder)
      .map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')))
      .find((m) => m.subject.startsWith('A place has opened'));
    expect(mail.to).toBe('first@harbour.test');

    const mine = (
      await t.current.app.inject({ method: 'GET', url: '/api/my/groups', headers: { cookie: first.person.cookie } })
    ).json().groups[0];
    expect(mine).toMatchObject({ status: 'admitted', needsToAccept: true, offerLapsed: false });

    // The offer lapses: it no longer holds a place, and joining is refused kindly.
    await t.current.database.db
      .updateTable('groupMembers')
      .set({ offerExpiresAt: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', first.memberId)
      .execute();
    const late = await post(first.person, `/api/my/groups/${setup.groupId}/join`, {
      agreementVersion: 1,
      displayName: 'First',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/time to accept this place has passed/);
    expect((await status(second.memberId, { status: 'admitted' })).statusCode).toBe(200);
  });

  it('passes a lapsed offer’s place to the next person waiting, once, without a facilitator', async () => {
    const setup = await practiceWithGroup(t.current, 2);
    const post = (who: SignedIn, url: string, payload: object) =>
      t.current.app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload });
    const add = async (email: string) => {
      await addPerson(t.current, { email, role: 'member', practiceId: setup.practiceId });
      return (await post(setup.maya, `/api/groups/${setup.groupId}/members`, { name: email, email })).json()
        .id as string;
    };
    const status = (memberId: string, body: object) =>
      post(setup.maya, `/api/groups/${setup.groupId}/members/${memberId}/status`, body);
    const holder = await add('holder@harbour.test');
    await status(holder, { status: 'admitted' });
    await status(await add('another@harbour.test'), { status: 'admitted' });
    const first = await add('first@harbour.test');
    const second = await add('second@harbour.test');
    await status(first, { status: 'waitlisted' });
    await status(second, { status: 'waitlisted' });
    await status(holder, { status: 'left', reason: 'Changed jobs.' });
    const offers = () =>
      t.current.database.db
        .selectFrom('groupMembers')
        .select(['email', 'status', 'offerExpiresAt'])
        .where('status', '=', 'admitted')
        .orderBy('email')
        .execute();
    expect((await offers()).map((o) => o.email)).toEqual(['another@harbour.test', 'first@harbour.test']);

    // Nothing happens while the offer is open; three days and a bit later, it passes on.
    await t.current.app.jobs.runDue(new Date(Date.now() + 71 * 3_600_000));
    expect((await offers()).map((o) => o.email)).toEqual(['another@harbour.test', 'first@harbour.test']);
    const later = new Date(Date.now() + 73 * 3_600_000);
    await t.current.app.jobs.runDue(later);
    const after = await offers();
    expect(after.map((o) => o.email)).toEqual(['another@harbour.test', 'first@harbour.test', 'second@harbour.test']);
    const secondOffer = after.find((o) => o.email === 'second@harbour.test')!;
    expect(new Date(secondOffer.offerExpiresAt!).getTime() - later.getTime()).toBe(72 * 3_600_000);
    const folder = path.join(t.current.dataDir, 'outbox');
    const offerMail = () =>
      fs
        .readdirSync(folder)
        .map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')))
        .filter((m) => m.subject.startsWith('A place has opened'))
        .map((m) => m.to)
        .sort();
    expect(offerMail()).toEqual(['first@harbour.test', 'second@harbour.test']);

    // Running again, even five minutes on, offers nothing more: nobody else waits, and each lapse is handled once.
    await t.current.app.jobs.runDue(new Date(later.getTime() + 5 * 60_000));
    expect(offerMail()).toHaveLength(2);
    const audited = await t.current.database.db
      .selectFrom('auditEvents')
      .select(['actorUserId', 'action'])
      .where('action', '=', 'groups.member_status_changed')
      .where('actorUserId', 'is', null)
      .execute();
    expect(audited).toHaveLength(1);
  });
});

describeEachEngine('the intake pipeline', (engine) => {
  const t = useTestApp(engine);

  it('shows a clinician the people on the way into their own groups only, by stage', async () => {
    const setup = await practiceWithGroup(t.current);
    const dan = await addPerson(t.current, {
      email: 'dan@harbour.test',
      role: 'clinician',
      practiceId: setup.practiceId,
    });
    const refer = (email: string) =>
      t.current.app.inject({
        method: 'POST',
        url: `/api/groups/${setup.groupId}/members`,
        headers: { cookie: setup.maya.cookie },
        payload: { name: email, email },
      });
    await refer('one@harbour.test');
    const second = (await refer('two@harbour.test')).json();
    await t.current.app.inject({
      method: 'POST',
      url: `/api/groups/${setup.groupId}/members/${second.id}/status`,
      headers: { cookie: setup.maya.cookie },
      payload: { status: 'waitlisted' },
    });
    const mine = (
      await t.current.app.inject({ method: 'GET', url: '/api/intake', headers: { cookie: setup.maya.cookie } })
    ).json();
    expect(
      mine.entries.map((e: { email: string; status: string; groupName: string }) => [e.email, e.status, e.groupName]),
    ).toEqual([
      ['one@harbour.test', 'referred', 'Tuesday Evening Process Group'],
      ['two@harbour.test', 'waitlisted', 'Tuesday Evening Process Group'],
    ]);
    const dans = (
      await t.current.app.inject({ method: 'GET', url: '/api/intake', headers: { cookie: dan.cookie } })
    ).json();
    expect(dans.entries).toEqual([]);
    const owners = (
      await t.current.app.inject({ method: 'GET', url: '/api/intake', headers: { cookie: setup.owner.cookie } })
    ).json();
    expect(owners.entries).toHaveLength(2);
  });
});

describeEachEngine('self-referral through a public link', (engine) => {
  const t = useTestApp(engine);

  async function openLink(setup: Awaited<ReturnType<typeof practiceWithGroup>>) {
    const response = await t.current.app.inject({
      method: 'PUT',
      url: `/api/groups/${setup.groupId}/self-referral-link`,
      headers: { cookie: setup.maya.cookie },
    });
    expect(response.statusCode).toBe(200);
    return response.json().selfReferralToken as string;
  }
  const ask = (token: string, body: object, ip = '203.0.113.7') =>
    t.current.app.inject({
      method: 'POST',
      url: `/api/self-referral/${token}`,
      payload: { openedAt: new Date(Date.now() - 60_000).toISOString(), ...body },
      remoteAddress: ip,
    });

  const mails = () => {
    const folder = path.join(t.current.dataDir, 'outbox');
    if (!fs.existsSync(folder)) return [];
    return fs
      .readdirSync(folder)
      .map(
        (f) =>
          JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')) as { to: string; subject: string; text: string },
      );
  };
  const confirm = (token: string) =>
    t.current.app.inject({ method: 'POST', url: '/api/self-referral-confirmations', payload: { token } });
  const linkIn = (text: string) => /\/join\/confirm#(\S+)/.exec(text)?.[1] ?? '';
  const rosterOf = async (setup: Awaited<ReturnType<typeof practiceWithGroup>>) =>
    (
      await t.current.app.inject({
        method: 'GET',
        url: `/api/groups/${setup.groupId}/members`,
        headers: { cookie: setup.maya.cookie },
      })
    )
      .json()
      .members.map((m: { email: string; name: string; status: string }) => [m.email, m.name, m.status]);

  it('mails an unconfirmed address only our own words; the request reaches the group once the person confirms', async () => {
    const setup = await practiceWithGroup(t.current);
    const token = await openLink(setup);
    const page = await t.current.app.inject({ method: 'GET', url: `/api/self-referral/${token}` });
    expect(page.json()).toEqual({
      groupName: 'Tuesday Evening Process Group',
      description: 'A weekly space.',
      practiceName: 'Harbour Light Group Practice',
      openedAt: expect.any(String),
    });

    // Whatever the sender typed as a name, the mail to the unconfirmed address does not carry it.
    const name = 'Your account is locked, call 555 0100 at evil.test';
    const first = await ask(token, { name, email: 'jo@harbour.test' });
    expect(first.statusCode).toBe(202);
    const again = await ask(token, { name: 'Jo Lee', email: 'jo@harbour.test' });
    expect(again.json()).toEqual(first.json());
    expect(await rosterOf(setup)).toEqual([]);
    await t.current.app.jobs.runDue();
    const sent = mails().filter((m) => m.to === 'jo@harbour.test');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe('Please confirm your e-mail address');
    expect(sent[0]!.text).not.toMatch(/locked|555|evil|Jo Lee/);

    const confirmed = await confirm(linkIn(sent[0]!.text));
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().groupName).toBe('Tuesday Evening Process Group');
    expect(await rosterOf(setup)).toEqual([['jo@harbour.test', name, 'referred']]);
    await t.current.app.jobs.runDue();
    expect(
      mails().find((m) => m.to === 'jo@harbour.test' && m.text.includes('Thank you for asking to join')),
    ).toBeTruthy();
    // A link works once.
    expect((await confirm(linkIn(sent[0]!.text))).statusCode).toBe(404);
  });

  it('refuses a tampered or expired confirmation link, and one for a link closed since', async () => {
    const setup = await practiceWithGroup(t.current);
    const token = await openLink(setup);
    await ask(token, { name: 'Jo Lee', email: 'jo@harbour.test' });
    await ask(token, { name: 'Kim Ray', email: 'kim@harbour.test' });
    const [jo, kim] = ['jo@harbour.test', 'kim@harbour.test'].map((to) =>
      linkIn(mails().find((m) => m.to === to)!.text),
    );
    expect((await confirm(`${jo!.split('.')[0]}.${'A'.repeat(43)}`)).statusCode).toBe(404);
    await t.current.database.db
      .updateTable('selfReferralRequests')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where('email', '=', 'jo@harbour.test')
      .execute();
    expect((await confirm(jo!)).statusCode).toBe(404);
    await t.current.app.inject({
      method: 'DELETE',
      url: `/api/groups/${setup.groupId}/self-referral-link`,
      headers: { cookie: setup.maya.cookie },
    });
    expect((await confirm(kim!)).statusCode).toBe(404);
    expect(await rosterOf(setup)).toEqual([]);
  });

  it('asks a person to send again, honestly, when the form comes back at once or with the hidden field filled', async () => {
    const setup = await practiceWithGroup(t.current);
    const token = await openLink(setup);
    for (const body of [
      { name: 'Jo Lee', email: 'jo@harbour.test', openedAt: new Date().toISOString() },
      { name: 'Jo Lee', email: 'jo@harbour.test', website: 'http://spam.test' },
    ]) {
      const response = await ask(token, body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        type: '/problems/check-and-send-again',
        detail: expect.stringMatching(/send the form again/),
      });
    }
    await t.current.app.jobs.runDue();
    expect(mails()).toEqual([]);
    expect(await t.current.database.db.selectFrom('selfReferralRequests').select('id').execute()).toHaveLength(0);
    expect((await ask(token, { name: 'Jo Lee', email: 'jo@harbour.test' })).statusCode).toBe(202);
  });

  it('speaks to the person themself, and refuses a name with a NUL or a line break', async () => {
    const setup = await practiceWithGroup(t.current);
    const token = await openLink(setup);
    const empty = await ask(token, { name: ' ', email: '' });
    expect(empty.json().errors).toEqual([
      { field: 'body.name', message: 'Enter your name.' },
      { field: 'body.email', message: 'Enter an e-mail address like name@example.org.' },
    ]);
    for (const name of ['Jo\u0000Lee', 'Jo\nLee']) {
      const response = await ask(token, { name, email: 'jo@harbour.test' });
      expect(response.statusCode, JSON.stringify(name)).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.name']);
    }
    const referral = await t.current.app.inject({
      method: 'POST',
      url: `/api/groups/${setup.groupId}/members`,
      headers: { cookie: setup.maya.cookie },
      payload: {},
    });
    expect(referral.json().errors).toEqual([
      { field: 'body.name', message: 'Enter their name.' },
      { field: 'body.email', message: 'Enter their e-mail address.' },
    ]);
  });

  it('limits a flood from one address', async () => {
    const setup = await practiceWithGroup(t.current);
    const token = await openLink(setup);
    const statuses = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await ask(token, { name: `Person ${i}`, email: `p${i}@flood.test` })).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('stops an old link when a new one is made, and every link when it is closed', async () => {
    const setup = await practiceWithGroup(t.current);
    const old = await openLink(setup);
    const fresh = await openLink(setup);
    expect((await t.current.app.inject({ method: 'GET', url: `/api/self-referral/${old}` })).statusCode).toBe(404);
    expect((await t.current.app.inject({ method: 'GET', url: `/api/self-referral/${fresh}` })).statusCode).toBe(200);
    await t.current.app.inject({
      method: 'DELETE',
      url: `/api/groups/${setup.groupId}/self-referral-link`,
      headers: { cookie: setup.maya.cookie },
    });
    expect((await ask(fresh, { name: 'Late', email: 'late@harbour.test' })).statusCode).toBe(404);
    expect((await t.current.app.inject({ method: 'GET', url: '/api/self-referral/not-a-token' })).statusCode).toBe(400);
  });
});

describeEachEngine('screening', (engine) => {
  const t = useTestApp(engine);

  it('asks a referred person the group’s questions, keeps the answers encrypted, and shows them only to staff, audited', async () => {
    const setup = await practiceWithGroup(t.current);
    const sam = await addPerson(t.current, { email: 'sam@harbour.test', role: 'member', practiceId: setup.practiceId });
    const referral = await t.current.app.inject({
      method: 'POST',
      url: `/api/groups/${setup.groupId}/members`,
      headers: { cookie: setup.maya.cookie },
      payload: { name: 'Sam R', email: 'sam@harbour.test' },
    });
    const memberId = referral.json().id as string;
    const mine = (
      await t.current.app.inject({ method: 'GET', url: '/api/my/groups', headers: { cookie: sam.cookie } })
    ).json().groups[0];
    expect(mine.screening.answered).toBe(false);
    expect(mine.screening.questions[0]).toBe('What would you like help with in a group?');

    const answers = ['Speaking up when I disagree.', '', 'Shift work on Tuesdays sometimes.', ''];
    const tooFew = await t.current.app.inject({
      method: 'POST',
      url: `/api/my/groups/${setup.groupId}/screening`,
      headers: { cookie: sam.cookie },
      payload: { answers: ['x'] },
    });
    expect(tooFew.statusCode).toBe(400);
    const firstEmpty = await t.current.app.inject({
      method: 'POST',
      url: `/api/my/groups/${setup.groupId}/screening`,
      headers: { cookie: sam.cookie },
      payload: { answers: ['', '', '', ''] },
    });
    expect(firstEmpty.statusCode).toBe(400);
    const sent = await t.current.app.inject({
      method: 'POST',
      url: `/api/my/groups/${setup.groupId}/screening`,
      headers: { cookie: sam.cookie },
      payload: { answers },
    });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().screening.answered).toBe(true);
    expect(JSON.stringify(sent.json())).not.toContain('Speaking up');

    const stored = await t.current.database.db
      .selectFrom('groupMembers')
      .select('screeningAnswers')
      .where('id', '=', memberId)
      .executeTakeFirstOrThrow();
    expect(stored.screeningAnswers).not.toContain('Speaking up');

    const read = await t.current.app.inject({
      method: 'GET',
      url: `/api/groups/${setup.groupId}/members/${memberId}/screening`,
      headers: { cookie: setup.maya.cookie },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().items[0]).toEqual({
      question: 'What would you like help with in a group?',
      answer: 'Speaking up when I disagree.',
    });
    const viewed = await t.current.database.db
      .selectFrom('auditEvents')
      .select(['actorUserId', 'subjectId'])
      .where('action', '=', 'clinical.screening_viewed')
      .execute();
    expect(viewed).toEqual([{ actorUserId: setup.maya.userId, subjectId: memberId }]);

    const dan = await addPerson(t.current, {
      email: 'dan@harbour.test',
      role: 'clinician',
      practiceId: setup.practiceId,
    });
    expect(
      (
        await t.current.app.inject({
          method: 'GET',
          url: `/api/groups/${setup.groupId}/members/${memberId}/screening`,
          headers: { cookie: dan.cookie },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await t.current.app.inject({
          method: 'GET',
          url: `/api/groups/${setup.groupId}/members/${memberId}/screening`,
          headers: { cookie: sam.cookie },
        })
      ).statusCode,
    ).toBe(403);

    await t.current.app.inject({
      method: 'POST',
      url: `/api/groups/${setup.groupId}/members/${memberId}/status`,
      headers: { cookie: setup.maya.cookie },
      payload: { status: 'admitted' },
    });
    const closed = await t.current.app.inject({
      method: 'POST',
      url: `/api/my/groups/${setup.groupId}/screening`,
      headers: { cookie: sam.cookie },
      payload: { answers },
    });
    expect(closed.statusCode).toBe(409);
  });

  it('lets a group ask its own questions', async () => {
    const setup = await practiceWithGroup(t.current);
    const changed = await t.current.app.inject({
      method: 'PATCH',
      url: `/api/groups/${setup.groupId}`,
      headers: { cookie: setup.maya.cookie },
      payload: { screeningQuestions: ['What brings you to a boundaries group?'] },
    });
    expect(changed.json().screeningQuestions).toEqual(['What brings you to a boundaries group?']);
    const none = await t.current.app.inject({
      method: 'PATCH',
      url: `/api/groups/${setup.groupId}`,
      headers: { cookie: setup.maya.cookie },
      payload: { screeningQuestions: [] },
    });
    expect(none.statusCode).toBe(400);
  });
});
