import { expect, it } from 'vitest';
import { groupWithMembers, type GroupFixture } from '../../testing/group-fixtures.js';
import { addPerson, describeEachEngine, useTestApp, type SignedIn } from '../../testing/test-app.js';

describeEachEngine('a group’s lifecycle: discharge, closing and archiving', (engine) => {
  const t = useTestApp(engine);
  const call = (who: SignedIn, method: string, url: string, payload?: object) =>
    t.current.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie: who.cookie },
      ...(payload && { payload }),
    });
  const discharge = (f: GroupFixture, memberId: string, body: object) =>
    call(f.maya, 'POST', `/api/groups/${f.groupId}/members/${memberId}/discharge`, body);
  const auditActions = async (f: GroupFixture) =>
    (await call(f.owner, 'GET', '/api/audit?limit=200')).json().events.map((e: { action: string }) => e.action);

  it('ends a cycle with a discharge for each member, sends end measures, and keeps a readable, read-only record', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const [sam, ria] = f.members;
    const plan = await call(f.maya, 'PUT', `/api/groups/${f.groupId}/measures`, {
      measures: [{ instrumentId: 'phq-9', cadence: 'completion', main: true }],
    });
    expect(plan.statusCode, plan.body).toBeLessThan(300);

    // Not while people are still on the list.
    const early = await call(f.maya, 'POST', `/api/groups/${f.groupId}/closure`);
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/2 people are still on the group’s list\. Discharge each member/);

    // A reason from the list and a short summary are needed.
    const bare = await discharge(f, sam!.memberId, { outcome: 'completed', reason: 'because' });
    expect(bare.statusCode).toBe(400);
    expect(
      bare
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.reason', 'body.summary']);

    const done = await discharge(f, sam!.memberId, {
      outcome: 'completed',
      reason: 'finished',
      summary: 'Came to 11 of 12 sessions; PHQ-9 went from 17 to 8.',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'completed',
      endReason: 'Finished the group as planned',
      discharge: { reason: 'finished', summary: 'Came to 11 of 12 sessions; PHQ-9 went from 17 to 8.' },
    });
    // End measures follow the plan's "at completion" rule, made at once.
    const samForms = (await call(sam!.person, 'GET', '/api/my/measures')).json().waiting;
    expect(samForms).toEqual([expect.objectContaining({ instrumentId: 'phq-9' })]);
    // The summary is clinical text: encrypted at rest.
    const stored = await t.current.database.db
      .selectFrom('groupMembers')
      .select('dischargeSummary')
      .where('id', '=', sam!.memberId)
      .executeTakeFirstOrThrow();
    expect(stored.dischargeSummary).not.toContain('PHQ-9');

    expect(
      (await discharge(f, sam!.memberId, { outcome: 'left', reason: 'other', summary: 'Again.' })).statusCode,
    ).toBe(409);
    const left = await discharge(f, ria!.memberId, {
      outcome: 'left',
      reason: 'chose-to-leave',
      summary: 'Moved to evening work; happy to be contacted next term.',
    });
    expect(left.json()).toMatchObject({ status: 'left', statusChangedAt: expect.any(String) });
    expect((await call(ria!.person, 'GET', '/api/my/measures')).json().waiting).toHaveLength(1);

    const closed = await call(f.maya, 'POST', `/api/groups/${f.groupId}/closure`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closedAt: expect.any(String), selfReferralToken: null });

    // Nothing can be changed…
    const refused = [
      await call(f.maya, 'PATCH', `/api/groups/${f.groupId}`, { name: 'Renamed' }),
      await call(f.maya, 'POST', `/api/groups/${f.groupId}/members`, { name: 'New Person', email: 'new@people.test' }),
      await call(f.maya, 'PUT', `/api/groups/${f.groupId}/measures`, { measures: [] }),
      await call(f.maya, 'PUT', `/api/groups/${f.groupId}/self-referral-link`),
      await call(f.owner, 'POST', `/api/groups/${f.groupId}/closure`),
    ];
    for (const r of refused) {
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().detail).toMatch(/has ended its cycle: its record can be read, but nothing in it can be changed/);
    }
    // …and the record stays readable: roster with discharges, sessions, attendance, measures.
    const roster = await call(f.maya, 'GET', `/api/groups/${f.groupId}/members`);
    expect(roster.json().members.map((m: { status: string }) => m.status)).toEqual(['completed', 'left']);
    for (const path of ['sessions', 'attendance', 'outcomes', 'measures']) {
      expect((await call(f.maya, 'GET', `/api/groups/${f.groupId}/${path}`)).statusCode, path).toBe(200);
    }
    // Still listed (it is not archived), and every step is in the audit log.
    const list = (await call(f.maya, 'GET', '/api/groups')).json().groups;
    expect(list.map((g: { status: string }) => g.status)).toEqual(['closed']);
    const actions = await auditActions(f);
    expect(actions.filter((a: string) => a === 'groups.member_discharged')).toHaveLength(2);
    expect(actions).toContain('groups.closed');
  });

  it('archives a group away from the lists, read-only, and restores it as it was', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam'] });
    // Not while someone holds a place.
    const busy = await call(f.maya, 'PUT', `/api/groups/${f.groupId}/archive`);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().detail).toMatch(/1 person is still on the group’s list/);
    await discharge(f, f.members[0]!.memberId, { outcome: 'completed', reason: 'goals-met', summary: 'Done.' });

    // Only the group's facilitators and the practice's admins: a colleague sees nothing.
    const dan = await addPerson(t.current, { email: 'dan@harbour.test', role: 'clinician', practiceId: f.practiceId });
    expect((await call(dan, 'PUT', `/api/groups/${f.groupId}/archive`)).statusCode).toBe(404);

    const archived = await call(f.maya, 'PUT', `/api/groups/${f.groupId}/archive`);
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json()).toMatchObject({ status: 'archived', archivedAt: expect.any(String), closedAt: null });
    expect((await call(f.maya, 'GET', '/api/groups')).json().groups).toEqual([]);
    const put = (await call(f.maya, 'GET', '/api/groups?archived=true')).json().groups;
    expect(put.map((g: { id: string }) => g.id)).toEqual([f.groupId]);
    const change = await call(f.maya, 'PATCH', `/api/groups/${f.groupId}`, { name: 'Renamed' });
    expect(change.statusCode).toBe(409);
    expect(change.json().detail).toMatch(/is archived: its record can be read, but nothing in it can be changed/);
    expect((await call(f.maya, 'GET', `/api/groups/${f.groupId}/members`)).statusCode).toBe(200);
    // Archiving twice changes nothing.
    expect((await call(f.maya, 'PUT', `/api/groups/${f.groupId}/archive`)).json().archivedAt).toBe(
      archived.json().archivedAt,
    );

    const restored = await call(f.owner, 'DELETE', `/api/groups/${f.groupId}/archive`);
    expect(restored.json()).toMatchObject({ status: 'active', archivedAt: null });
    expect((await call(f.maya, 'PATCH', `/api/groups/${f.groupId}`, { name: 'Renamed' })).statusCode).toBe(200);

    // A closed group archived and restored is closed again.
    await call(f.maya, 'POST', `/api/groups/${f.groupId}/closure`);
    await call(f.maya, 'PUT', `/api/groups/${f.groupId}/archive`);
    expect((await call(f.maya, 'DELETE', `/api/groups/${f.groupId}/archive`)).json().status).toBe('closed');
    const actions = await auditActions(f);
    expect(actions.filter((a: string) => a === 'groups.archived')).toHaveLength(2);
    expect(actions.filter((a: string) => a === 'groups.restored')).toHaveLength(2);
  });
});
