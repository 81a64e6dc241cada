import { expect, it } from 'vitest';
import type { HearthApp } from '../../platform/http.js';
import { groupWithMembers } from '../../testing/group-fixtures.js';
import {
  addPerson,
  describeEachEngine,
  setUpPractice,
  setupPracticeId,
  useTestApp,
  type SignedIn,
} from '../../testing/test-app.js';

const AGREEMENT = 'What is said here stays here. We listen without fixing. We arrive on time or let the group know.';

function newGroup(facilitatorIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    name: 'Tuesday Evening Process Group',
    description: 'A weekly space to notice how we relate to others, with others.',
    modality: 'process',
    format: 'closed',
    capacity: 8,
    timeZone: 'America/New_York',
    meetingMode: 'in-person',
    place: 'Room 2, 14 Harbour Street',
    facilitatorIds,
    agreement: AGREEMENT,
    ...overrides,
  };
}

async function create(app: HearthApp, who: SignedIn, body: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/api/groups', headers: { cookie: who.cookie }, payload: body });
}

describeEachEngine('groups', (engine) => {
  const t = useTestApp(engine);

  async function people() {
    const owner = await setUpPractice(t.current.app);
    const practiceId = await setupPracticeId(t.current);
    const maya = await addPerson(t.current, {
      email: 'maya@harbour.test',
      role: 'clinician',
      practiceId,
      name: 'Maya Okafor',
    });
    const dan = await addPerson(t.current, {
      email: 'dan@harbour.test',
      role: 'clinician',
      practiceId,
      name: 'Dan Reyes',
    });
    const ruth = await addPerson(t.current, {
      email: 'ruth@harbour.test',
      role: 'supervisor',
      practiceId,
      name: 'Ruth L',
    });
    const member = await addPerson(t.current, { email: 'sam@harbour.test', role: 'member', practiceId });
    return { owner, maya, dan, ruth, member, practiceId };
  }

  it('lets a clinician create a group they then facilitate, with its first agreement', async () => {
    const { maya } = await people();
    const response = await create(t.current.app, maya, newGroup([maya.userId]));
    expect(response.statusCode).toBe(201);
    const group = response.json();
    expect(group).toMatchObject({
      name: 'Tuesday Evening Process Group',
      capacity: 8,
      status: 'active',
      agreement: { version: 1, text: AGREEMENT },
    });
    expect(group.facilitators).toEqual([{ userId: maya.userId, name: 'Maya Okafor' }]);
    const list = await t.current.app.inject({ method: 'GET', url: '/api/groups', headers: { cookie: maya.cookie } });
    expect(list.json().groups.map((g: { id: string }) => g.id)).toEqual([group.id]);
  });

  it('adds the creating clinician as a facilitator even when they only named a colleague', async () => {
    const { maya, dan } = await people();
    const group = (await create(t.current.app, maya, newGroup([dan.userId]))).json();
    expect(group.facilitators.map((f: { userId: string }) => f.userId).sort()).toEqual(
      [maya.userId, dan.userId].sort(),
    );
  });

  it('shows a clinician only the groups they facilitate, and answers 404 for the others', async () => {
    const { owner, maya, dan, ruth } = await people();
    const mayas = (await create(t.current.app, maya, newGroup([maya.userId]))).json();
    const dans = (await create(t.current.app, dan, newGroup([dan.userId], { name: 'Skills for Boundaries' }))).json();
    const seen = async (who: SignedIn) =>
      (await t.current.app.inject({ method: 'GET', url: '/api/groups', headers: { cookie: who.cookie } }))
        .json()
        .groups.map((g: { name: string }) => g.name)
        .sort();
    expect(await seen(maya)).toEqual(['Tuesday Evening Process Group']);
    expect(await seen(owner)).toEqual(['Skills for Boundaries', 'Tuesday Evening Process Group']);
    expect(await seen(ruth)).toEqual(['Skills for Boundaries', 'Tuesday Evening Process Group']);
    expect(
      (await t.current.app.inject({ method: 'GET', url: `/api/groups/${dans.id}`, headers: { cookie: maya.cookie } }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await t.current.app.inject({
          method: 'PATCH',
          url: `/api/groups/${dans.id}`,
          headers: { cookie: maya.cookie },
          payload: { capacity: 9 },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await t.current.app.inject({ method: 'GET', url: `/api/groups/${mayas.id}`, headers: { cookie: maya.cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it('lets a supervisor read but not change a group, and keeps members out', async () => {
    const { maya, ruth, member } = await people();
    const group = (await create(t.current.app, maya, newGroup([maya.userId]))).json();
    expect(
      (await t.current.app.inject({ method: 'GET', url: `/api/groups/${group.id}`, headers: { cookie: ruth.cookie } }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await t.current.app.inject({
          method: 'PATCH',
          url: `/api/groups/${group.id}`,
          headers: { cookie: ruth.cookie },
          payload: { capacity: 9 },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.current.app.inject({ method: 'GET', url: '/api/groups', headers: { cookie: member.cookie } }))
        .statusCode,
    ).toBe(403);
  });

  it('makes a changed agreement a new version and keeps the old ones', async () => {
    const { maya } = await people();
    const group = (await create(t.current.app, maya, newGroup([maya.userId]))).json();
    const revised = `${AGREEMENT} Phones stay in bags.`;
    const changed = await t.current.app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      headers: { cookie: maya.cookie },
      payload: { agreement: revised, capacity: 9 },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ capacity: 9, agreement: { version: 2, text: revised } });
    const same = await t.current.app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      headers: { cookie: maya.cookie },
      payload: { agreement: revised },
    });
    expect(same.json().agreement.version).toBe(2);
    const history = await t.current.app.inject({
      method: 'GET',
      url: `/api/groups/${group.id}/agreements`,
      headers: { cookie: maya.cookie },
    });
    expect(history.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history.json().versions[1].text).toBe(AGREEMENT);
    const revisions = await t.current.database.db
      .selectFrom('auditEvents')
      .select('action')
      .where('action', '=', 'groups.agreement_revised')
      .execute();
    expect(revisions).toHaveLength(1);
  });

  it.each([
    ['an empty name', { name: ' ' }, 'body.name'],
    ['a name of 200 characters', { name: 'x'.repeat(200) }, 'body.name'],
    ['an unknown modality', { modality: 'astrology' }, 'body.modality'],
    ['one place', { capacity: 1 }, 'body.capacity'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'body.timeZone'],
    ['in person without a place', { place: null }, 'body.place'],
    ['a meeting link that is not https', { meetingLink: 'http://meet.example/room' }, 'body.meetingLink'],
    ['no facilitators', { facilitatorIds: [] }, 'body.facilitatorIds'],
    ['a short agreement', { agreement: 'Be nice.' }, 'body.agreement'],
  ])('refuses %s, naming the field, and stores nothing', async (_label, change, field) => {
    const { owner, maya } = await people();
    const response = await create(t.current.app, owner, newGroup([maya.userId], change));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await t.current.database.db.selectFrom('groups').select('id').execute()).toHaveLength(0);
  });

  it('refuses fewer places than people holding one, naming the field and what to do instead', async () => {
    const { maya, groupId } = await groupWithMembers(t.current, { members: ['Sam', 'Ria', 'Jo'] });
    const change = (capacity: number) =>
      t.current.app.inject({
        method: 'PATCH',
        url: `/api/groups/${groupId}`,
        headers: { cookie: maya.cookie },
        payload: { capacity },
      });
    const tooFew = await change(2);
    expect(tooFew.statusCode).toBe(400);
    expect(tooFew.json().errors).toEqual([
      {
        field: 'body.capacity',
        message: expect.stringMatching(
          /^3 people hold a place in this group now, so it needs at least 3 places\. To make it smaller, end/,
        ),
      },
    ]);
    expect((await change(3)).statusCode).toBe(200);
  });

  it('refuses facilitators who are members, supervisors or from another practice', async () => {
    const { owner, ruth, member } = await people();
    const elsewhere = await addPerson(t.current, { email: 'x@elsewhere.test', role: 'clinician' });
    for (const id of [ruth.userId, member.userId, elsewhere.userId, 'no-such-person']) {
      const response = await create(t.current.app, owner, newGroup([id]));
      expect(response.statusCode, id).toBe(400);
      expect(response.json().errors[0].field).toBe('body.facilitatorIds');
    }
    expect(await t.current.database.db.selectFrom('groups').select('id').execute()).toHaveLength(0);
  });

  it('does not let a clinician hand away their own group by removing themselves', async () => {
    const { maya, dan } = await people();
    const group = (await create(t.current.app, maya, newGroup([maya.userId]))).json();
    const response = await t.current.app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      headers: { cookie: maya.cookie },
      payload: { facilitatorIds: [dan.userId] },
    });
    expect(response.statusCode).toBe(400);
  });

  it('refuses a group name on more than one line, at creation and on change', async () => {
    const { owner, maya } = await people();
    const refused = await create(t.current.app, owner, newGroup([maya.userId], { name: 'Skills\r\nCall us now' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.name']);
    const group = (await create(t.current.app, owner, newGroup([maya.userId]))).json();
    const changed = await t.current.app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      headers: { cookie: owner.cookie },
      payload: { name: 'Skills\u0085Group' },
    });
    expect(changed.statusCode).toBe(400);
  });

  it('keeps markup in text fields as text', async () => {
    const { owner, maya } = await people();
    const name = '<img src=x onerror=alert(1)>';
    const response = await create(t.current.app, owner, newGroup([maya.userId], { name }));
    expect(response.json().name).toBe(name);
  });

  it('lists who may facilitate: active owners, admins and clinicians', async () => {
    const { owner, maya, dan } = await people();
    const response = await t.current.app.inject({
      method: 'GET',
      url: '/api/groups/facilitator-choices',
      headers: { cookie: owner.cookie },
    });
    expect(
      response
        .json()
        .people.map((p: { userId: string }) => p.userId)
        .sort(),
    ).toEqual([owner.userId, maya.userId, dan.userId].sort());
  });
});
