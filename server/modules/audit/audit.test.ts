import { expect, it } from 'vitest';
import { backdateMembership, groupWithMembers, insertPastSession } from '../../testing/group-fixtures.js';
import {
  addPerson,
  callerOf,
  describeEachEngine,
  setUpPractice,
  setupPracticeId,
  useTestApp,
} from '../../testing/test-app.js';

describeEachEngine('the audit log in the app', (engine) => {
  const t = useTestApp(engine);

  it('lets an admin browse and filter the practice log, newest first, and records that they looked', async () => {
    const { app } = t.current;
    const owner = await setUpPractice(app);
    const practiceId = await setupPracticeId(t.current);
    const member = await addPerson(t.current, { email: 'm@harbour.test', role: 'member', practiceId });
    await app.inject({
      method: 'PUT',
      url: `/api/people/${member.userId}/role`,
      headers: { cookie: owner.cookie },
      payload: { role: 'clinician' },
    });

    const all = await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: owner.cookie } });
    expect(all.statusCode).toBe(200);
    const actions = all.json().events.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('people.role_changed');
    expect(actions).toEqual(expect.arrayContaining(['setup.completed', 'auth.two_factor_enabled', 'auth.signed_in']));
    const change = all.json().events[0];
    expect(change.actor).toMatchObject({ userId: owner.userId, role: 'owner', name: 'Alex Morgan' });
    expect(change.subject).toEqual({ type: 'user', id: member.userId, name: 'm' });

    const filtered = await app.inject({
      method: 'GET',
      url: '/api/audit?action=setup.completed',
      headers: { cookie: owner.cookie },
    });
    expect(filtered.json().events.map((e: { action: string }) => e.action)).toEqual(['setup.completed']);

    const paged = await app.inject({ method: 'GET', url: '/api/audit?limit=2', headers: { cookie: owner.cookie } });
    expect(paged.json().events).toHaveLength(2);
    const next = await app.inject({
      method: 'GET',
      url: `/api/audit?limit=2&before=${paged.json().nextBefore}`,
      headers: { cookie: owner.cookie },
    });
    expect(next.json().events[0].seq).toBeLessThan(paged.json().events[1].seq);

    const viewed = await t.current.database.db
      .selectFrom('auditEvents')
      .select('id')
      .where('action', '=', 'audit.viewed')
      .execute();
    expect(viewed.length).toBeGreaterThan(0);
  });

  it('names what a record is about: a group by its name, and a session by its group’s', async () => {
    const call = callerOf(t);
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await backdateMembership(t.current, fixture.members[0]!.memberId, new Date(Date.now() - 30 * 86_400_000));
    const session = await insertPastSession(t.current, fixture, new Date(Date.now() - 2 * 86_400_000));
    const marked = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/sessions/${session}/attendance`, {
      marks: [{ memberId: fixture.members[0]!.memberId, status: 'present' }],
    });
    expect(marked.statusCode, marked.body).toBe(204);

    const { events } = (await call(fixture.owner, 'GET', '/api/audit')).json();
    const about = (action: string) =>
      (events as Array<{ action: string; subject: { type: string; name: string | null } | null }>).find(
        (e) => e.action === action,
      )?.subject;
    expect(about('groups.created')).toMatchObject({ type: 'group', name: 'Tuesday Skills Circle' });
    expect(about('attendance.recorded')).toMatchObject({ type: 'session', name: 'Tuesday Skills Circle' });
  });

  it('names a bad filter', async () => {
    const owner = await setUpPractice(t.current.app);
    const response = await t.current.app.inject({
      method: 'GET',
      url: '/api/audit?action=nonsense&limit=9999',
      headers: { cookie: owner.cookie },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['query.action', 'query.limit']));
  });

  it('refuses filters beyond what both engines store, naming the field, instead of failing', async () => {
    const owner = await setUpPractice(t.current.app);
    const cases: Array<[string, string]> = [
      ['before=2147483648', 'query.before'],
      ['from=0000-01-01', 'query.from'],
      ['from=0000-01-01T00:00:00Z', 'query.from'],
      ['to=9999-12-31T23:59:59Z', 'query.to'],
      ['actor=a%00b', 'query.actor'],
    ];
    for (const [query, field] of cases) {
      const response = await t.current.app.inject({
        method: 'GET',
        url: `/api/audit?${query}`,
        headers: { cookie: owner.cookie },
      });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('verifies the practice chain in the app, and notices an edit', async () => {
    const owner = await setUpPractice(t.current.app);
    const check = () =>
      t.current.app.inject({ method: 'GET', url: '/api/audit/verification', headers: { cookie: owner.cookie } });
    expect((await check()).json()).toMatchObject({ intact: true, brokenAt: null });
    await t.current.database.db.updateTable('auditEvents').set({ ip: '10.9.9.9' }).where('seq', '=', 1).execute();
    expect((await check()).json()).toMatchObject({ intact: false, brokenAt: { seq: 1 } });
  });

  it('exports CSV, safe to open in a spreadsheet, and records the export', async () => {
    const owner = await setUpPractice(t.current.app);
    const response = await t.current.app.inject({
      method: 'GET',
      url: '/api/audit/export',
      headers: { cookie: owner.cookie, 'user-agent': '=HYPERLINK("x")' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.body.split('\r\n')[0]).toBe(
      'seq,occurredAt,action,actorUserId,actorName,actorRole,subjectType,subjectId,ip,userAgent,detail',
    );
    const exported = await t.current.database.db
      .selectFrom('auditEvents')
      .select('userAgent')
      .where('action', '=', 'audit.exported')
      .executeTakeFirstOrThrow();
    expect(exported.userAgent).toBe('=HYPERLINK("x")');
    // The export itself is recorded after the rows are read, so a second export shows the first, neutralised.
    const second = await t.current.app.inject({
      method: 'GET',
      url: '/api/audit/export',
      headers: { cookie: owner.cookie },
    });
    expect(second.body).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('shows a member who changed their records, without addresses or devices', async () => {
    const owner = await setUpPractice(t.current.app);
    const practiceId = await setupPracticeId(t.current);
    const member = await addPerson(t.current, { email: 'm@harbour.test', role: 'member', practiceId });
    await t.current.app.inject({
      method: 'PUT',
      url: `/api/people/${member.userId}/role`,
      headers: { cookie: owner.cookie },
      payload: { role: 'member' },
    });
    await t.current.app.inject({
      method: 'POST',
      url: `/api/people/${member.userId}/disable`,
      headers: { cookie: owner.cookie },
    });
    await t.current.app.inject({
      method: 'POST',
      url: `/api/people/${member.userId}/enable`,
      headers: { cookie: owner.cookie },
    });
    const again = await t.current.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'm@harbour.test', password: 'steady river pebble 77' },
    });
    const cookie = String(again.headers['set-cookie']).split(';')[0]!;
    const history = await t.current.app.inject({ method: 'GET', url: '/api/me/access-history', headers: { cookie } });
    expect(history.statusCode).toBe(200);
    const events = history.json().events as Array<{ action: string; actor: { name: string; role: string } }>;
    expect(events.map((e) => e.action)).toEqual(['people.enabled', 'people.disabled']);
    expect(events[0]!.actor).toEqual({ name: 'Alex Morgan', role: 'owner' });
    expect(JSON.stringify(events)).not.toMatch(/ip|userAgent/);
  });

  it('is closed to anyone but admins', async () => {
    await setUpPractice(t.current.app);
    const practiceId = await setupPracticeId(t.current);
    const clinician = await addPerson(t.current, { email: 'c@harbour.test', role: 'clinician', practiceId });
    for (const url of ['/api/audit', '/api/audit/export', '/api/audit/verification']) {
      expect(
        (await t.current.app.inject({ method: 'GET', url, headers: { cookie: clinician.cookie } })).statusCode,
        url,
      ).toBe(403);
    }
  });
});
