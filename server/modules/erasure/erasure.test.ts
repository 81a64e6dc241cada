import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { addYears, ERASED_NAME, FORMER_MEMBER } from '../../../domain/retention.js';
import { backdateMembership, groupWithMembers, insertPastSession } from '../../testing/group-fixtures.js';
import { addPerson, callerOf, describeEachEngine, TEST_PASSWORD, useTestApp } from '../../testing/test-app.js';

describeEachEngine('erasure requests', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  /** Sam and Rui in Maya's group; Sam was marked at a session last week, with a note. */
  async function setting() {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Rui'] });
    const [sam, rui] = f.members as [(typeof f.members)[0], (typeof f.members)[0]];
    const lastWeek = new Date(Date.now() - 7 * 86_400_000);
    await backdateMembership(t.current, sam.memberId, new Date(lastWeek.getTime() - 86_400_000));
    const sessionId = await insertPastSession(t.current, f, lastWeek);
    const note = 'Sam spoke about the move and seemed steadier';
    const marked = await call(f.maya, 'PUT', `/api/groups/${f.groupId}/sessions/${sessionId}/attendance`, {
      marks: [{ memberId: sam.memberId, status: 'present', note }],
    });
    expect(marked.statusCode, marked.body).toBe(204);
    return { ...f, sam, rui, sessionId, note, lastWeek };
  }

  async function ask(who: { cookie: string; userId: string }, reason?: string) {
    const asked = await call(who, 'POST', '/api/my/erasure-request', reason ? { reason } : {});
    expect(asked.statusCode, asked.body).toBe(201);
    return asked.json().request.id as string;
  }

  it('approving erases sign-in and contact details, shows peers "a former member", and keeps clinical records for the clinician', async () => {
    const s = await setting();
    const requestId = await ask(s.sam.person, 'I am moving away and want a clean break');

    // The owners and admins are told, without the member's name or reason.
    await t.current.app.jobs.runDue();
    const list = await call(s.owner, 'GET', '/api/erasure-requests');
    expect(list.statusCode).toBe(200);
    const [waiting] = list.json().requests;
    expect(waiting).toMatchObject({ id: requestId, status: 'pending', overdue: false, person: 'Sam Legal' });
    expect(waiting.reason).toBe('I am moving away and want a clean break');
    expect(Date.parse(waiting.dueAt) - Date.parse(waiting.requestedAt)).toBe(30 * 86_400_000);
    const stored = await t.current.database.db.selectFrom('erasureRequests').select('reason').executeTakeFirstOrThrow();
    expect(stored.reason).not.toContain('moving');

    // Rui sees Sam's display name before.
    const before = await call(s.rui.person, 'GET', '/api/my/groups');
    expect(before.json().groups[0].peers).toEqual(['Sam']);

    const approved = await call(s.owner, 'POST', `/api/erasure-requests/${requestId}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    const retainUntil = addYears(s.lastWeek.toISOString(), 7);
    expect(approved.json()).toMatchObject({ status: 'approved', person: FORMER_MEMBER, reason: null, retainUntil });

    // Peers see "a former member" where Sam's name was.
    const after = await call(s.rui.person, 'GET', '/api/my/groups');
    expect(after.json().groups[0].peers).toEqual([FORMER_MEMBER]);

    // Sam's session has ended and Sam can no longer sign in, with the old address or any other.
    expect((await call(s.sam.person, 'GET', '/api/session')).statusCode).toBe(401);
    const signIn = await t.current.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: s.sam.email, password: TEST_PASSWORD },
    });
    expect(signIn.statusCode).toBe(401);
    const db = t.current.database.db;
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', s.sam.person.userId)
      .executeTakeFirstOrThrow();
    expect(user.email).toMatch(/^erased-.+@erased\.invalid$/);
    expect(user.name).toBe(FORMER_MEMBER);
    for (const table of ['accounts', 'sessions', 'twoFactors', 'calendarFeeds'] as const)
      expect(await db.selectFrom(table).select('userId').where('userId', '=', s.sam.person.userId).execute()).toEqual(
        [],
      );
    const membership = await db
      .selectFrom('groupMembers')
      .selectAll()
      .where('id', '=', s.sam.memberId)
      .executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ status: 'left', name: ERASED_NAME, displayName: FORMER_MEMBER });
    expect(membership.email).toBe(user.email);
    expect(membership.erasedAt).not.toBeNull();
    expect(new Date(membership.retainUntil!).toISOString()).toBe(retainUntil);

    // Maya still reads the note she wrote about Sam's session, marked as an erased person's.
    const sheet = await call(s.maya, 'GET', `/api/groups/${s.groupId}/sessions/${s.sessionId}/attendance`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.json().entries).toContainEqual(
      expect.objectContaining({
        memberId: s.sam.memberId,
        name: ERASED_NAME,
        displayName: FORMER_MEMBER,
        note: s.note,
      }),
    );

    // Sam was told before the address went: what was erased, what is kept and until when.
    const outbox = path.join(t.current.dataDir, 'outbox');
    const mails = fs.readdirSync(outbox).map((n) => JSON.parse(fs.readFileSync(path.join(outbox, n), 'utf8')));
    const told = mails.find((m) => m.to === s.sam.email && m.subject.includes('erased your information'));
    expect(told).toBeDefined();
    expect(told.text).toContain('What is kept');
    expect(told.text).toContain('audit log keeps the fact');
    expect(told.practiceId).toBeNull();
    const adminMail = mails.find((m) => m.subject.includes('asked to be erased'));
    expect(adminMail.text).not.toContain('Sam');
    expect(adminMail.text).not.toContain('moving');

    // The audit log has the fact, without the reason.
    const audit = await db
      .selectFrom('auditEvents')
      .select(['action', 'detail'])
      .where('action', 'like', 'erasure.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['erasure.approved', 'erasure.requested']);
    expect(JSON.stringify(audit)).not.toContain('moving');
  });

  it('approving twice erases once', async () => {
    const s = await setting();
    const requestId = await ask(s.sam.person);
    const first = await call(s.owner, 'POST', `/api/erasure-requests/${requestId}/approve`);
    const second = await call(s.owner, 'POST', `/api/erasure-requests/${requestId}/approve`);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(second.json()).toEqual(first.json());
    const db = t.current.database.db;
    expect(
      await db.selectFrom('auditEvents').select('id').where('action', '=', 'erasure.approved').execute(),
    ).toHaveLength(1);
    expect(
      await db
        .selectFrom('groupMemberEvents')
        .select('id')
        .where('groupMemberId', '=', s.sam.memberId)
        .where('toStatus', '=', 'left')
        .execute(),
    ).toHaveLength(1);
    const outbox = path.join(t.current.dataDir, 'outbox');
    const toSam = fs
      .readdirSync(outbox)
      .map((n) => JSON.parse(fs.readFileSync(path.join(outbox, n), 'utf8')))
      .filter((m) => m.to === s.sam.email && m.subject.includes('erased your information'));
    expect(toSam).toHaveLength(1);
  });

  it('declining tells the member why; they may ask again', async () => {
    const s = await setting();
    const requestId = await ask(s.sam.person);
    const missing = await call(s.owner, 'POST', `/api/erasure-requests/${requestId}/decline`, { reason: ' ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('body.reason');
    const why = 'We are required to keep your records while the complaint you raised is open.';
    const declined = await call(s.owner, 'POST', `/api/erasure-requests/${requestId}/decline`, { reason: why });
    expect(declined.statusCode, declined.body).toBe(200);
    const mine = await call(s.sam.person, 'GET', '/api/my/erasure-request');
    expect(mine.json().request).toMatchObject({ status: 'declined', declineReason: why });
    // Nothing was erased.
    expect((await call(s.sam.person, 'GET', '/api/session')).statusCode).toBe(200);
    expect((await call(s.owner, 'POST', `/api/erasure-requests/${requestId}/approve`)).statusCode).toBe(409);
    await ask(s.sam.person);
  });

  it('a member withdraws while it waits, and asks once at a time', async () => {
    const s = await setting();
    const requestId = await ask(s.sam.person, 'Second thoughts maybe');
    expect((await call(s.sam.person, 'POST', '/api/my/erasure-request', {})).statusCode).toBe(409);
    const withdrawn = await call(s.sam.person, 'POST', '/api/my/erasure-request/withdraw');
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().request).toMatchObject({ id: requestId, status: 'withdrawn' });
    const row = await t.current.database.db
      .selectFrom('erasureRequests')
      .select('reason')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(row.reason).toBeNull();
    expect((await call(s.owner, 'POST', `/api/erasure-requests/${requestId}/approve`)).statusCode).toBe(409);
    expect((await call(s.sam.person, 'POST', '/api/my/erasure-request/withdraw')).statusCode).toBe(409);
  });

  it('only the practice’s owners and admins decide, and only on their own practice’s requests', async () => {
    const s = await setting();
    const requestId = await ask(s.sam.person);
    expect((await call(s.maya, 'POST', `/api/erasure-requests/${requestId}/approve`)).statusCode).toBe(403);
    expect((await call(s.rui.person, 'POST', `/api/erasure-requests/${requestId}/approve`)).statusCode).toBe(403);
    const elsewhere = await addPerson(t.current, { email: 'owner@elsewhere.test', role: 'owner' });
    expect((await call(elsewhere, 'POST', `/api/erasure-requests/${requestId}/approve`)).statusCode).toBe(404);
    expect((await call(elsewhere, 'GET', '/api/erasure-requests')).json().requests).toEqual([]);
    const admin = await addPerson(t.current, { email: 'admin@harbour.test', role: 'admin', practiceId: s.practiceId });
    expect((await call(admin, 'POST', `/api/erasure-requests/${requestId}/approve`)).statusCode).toBe(200);
    // Staff do not ask to be erased this way.
    expect((await call(s.maya, 'POST', '/api/my/erasure-request', {})).statusCode).toBe(403);
  });
});
