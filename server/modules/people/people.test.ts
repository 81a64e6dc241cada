import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HearthApp } from '../../platform/http.js';
import {
  addPerson,
  describeEachEngine,
  sessionCookie,
  setUpPractice,
  setupPracticeId,
  TEST_PASSWORD,
  useTestApp,
  type TestApp,
} from '../../testing/test-app.js';
import { insertMembership } from './people.repository.js';

/** Reads the newest invitation link from the outbox, as an admin would in the app. */
async function latestLinkToken(app: HearthApp, adminCookie: string): Promise<string> {
  const outbox = await app.inject({ method: 'GET', url: '/api/outbox', headers: { cookie: adminCookie } });
  expect(outbox.statusCode).toBe(200);
  const text: string = outbox.json().messages[0].text;
  const token = /\/invitation#([^\s]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no link in ${text}`);
  return token;
}

/** Opens the realtime socket with a session cookie (the app listening first); resolves once it is ready. */
async function openSocket(app: HearthApp, cookie: string): Promise<WebSocket> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const socket = new WebSocket(`ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/realtime`, {
    headers: { cookie },
  });
  await new Promise((resolve, reject) => {
    socket.once('message', resolve);
    socket.once('error', reject);
  });
  return socket;
}

function disable(app: HearthApp, cookie: string, userId: string) {
  return app.inject({ method: 'POST', url: `/api/people/${userId}/disable`, headers: { cookie } });
}

async function inviteSomeone(t: TestApp, cookie: string, body: Record<string, string>) {
  return t.app.inject({ method: 'POST', url: '/api/people/invitations', headers: { cookie }, payload: body });
}

describeEachEngine('people and invitations', (engine) => {
  const t = useTestApp(engine);

  it('invites by e-mail; the person accepts with a new password and is signed in, needing two-step setup', async () => {
    const { app } = t.current;
    const owner = await setUpPractice(app);
    const invited = await inviteSomeone(t.current, owner.cookie, {
      email: 'Jo@Harbour.test',
      name: 'Jo Lee',
      role: 'clinician',
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().replaced).toBe(false);
    // Inviting again withdraws the first link, and says so.
    const reinvited = await inviteSomeone(t.current, owner.cookie, {
      email: 'jo@harbour.test',
      name: 'Jo Lee',
      role: 'clinician',
    });
    expect(reinvited.json().replaced).toBe(true);

    const token = await latestLinkToken(app, owner.cookie);
    const lookup = await app.inject({ method: 'POST', url: '/api/invitations/lookup', payload: { token } });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject({
      email: 'jo@harbour.test',
      name: 'Jo Lee',
      role: 'clinician',
    });
    expect(lookup.json()).not.toHaveProperty('accountExists');

    const weak = await app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, name: 'Jo Lee', password: 'password1234' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].field).toBe('body.password');

    const accepted = await app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, name: 'Jo Lee', password: TEST_PASSWORD },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().viewer).toMatchObject({ practice: { role: 'clinician' }, mustEnrolTwoFactor: true });

    const people = await app.inject({ method: 'GET', url: '/api/people', headers: { cookie: owner.cookie } });
    expect(people.json().people.map((p: { email: string }) => p.email)).toContain('jo@harbour.test');
    expect(people.json().invitations).toHaveLength(0);

    const again = await app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, name: 'Jo Lee', password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(410);
    expect(again.json().detail).toMatch(/already been used/);
  });

  it('refuses tampered and expired links, and a link once withdrawn', async () => {
    const { app, database } = t.current;
    const owner = await setUpPractice(app);
    await inviteSomeone(t.current, owner.cookie, { email: 'sam@harbour.test', name: 'Sam', role: 'member' });
    const token = await latestLinkToken(app, owner.cookie);
    const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(
      (await app.inject({ method: 'POST', url: '/api/invitations/lookup', payload: { token: tampered } })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'POST', url: '/api/invitations/lookup', payload: { token: 'not-a-token' } }))
        .statusCode,
    ).toBe(400);

    await database.db
      .updateTable('practiceInvitations')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const expired = await app.inject({ method: 'POST', url: '/api/invitations/lookup', payload: { token } });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().detail).toMatch(/expired/);

    await database.db
      .updateTable('practiceInvitations')
      .set({ expiresAt: new Date(Date.now() + 60_000).toISOString() })
      .execute();
    const id = token.split('.')[0];
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/people/invitations/${id}`, headers: { cookie: owner.cookie } }))
        .statusCode,
    ).toBe(204);
    const withdrawn = await app.inject({ method: 'POST', url: '/api/invitations/lookup', payload: { token } });
    expect(withdrawn.statusCode).toBe(410);
    expect(withdrawn.json().detail).toMatch(/withdrawn/);
  });

  it('tells whoever holds an invitation link nothing about whether the address has an account', async () => {
    const { app } = t.current;
    const owner = await setUpPractice(app);
    await addPerson(t.current, { email: 'known@elsewhere.test', role: 'owner' });
    const answers = [];
    for (const email of ['known@elsewhere.test', 'unknown@elsewhere.test']) {
      await inviteSomeone(t.current, owner.cookie, { email, name: 'Sam Lee', role: 'member' });
      const token = await latestLinkToken(app, owner.cookie);
      const lookup = await app.inject({ method: 'POST', url: '/api/invitations/lookup', payload: { token } });
      // A weak password is refused in the same words before any account is looked at.
      const weak = await app.inject({
        method: 'POST',
        url: '/api/invitations/accept',
        payload: { token, name: 'Sam Lee', password: 'password1234' },
      });
      answers.push({
        lookup: Object.keys(lookup.json()).sort(),
        weak: [weak.statusCode, weak.json().detail],
      });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.lookup).not.toContain('accountExists');
  });

  it('counts wrong passwords at an invitation with sign-in, so the account lockout holds for both', async () => {
    const { app } = t.current;
    const owner = await setUpPractice(app);
    await addPerson(t.current, { email: 'target@elsewhere.test', role: 'owner' });
    await inviteSomeone(t.current, owner.cookie, { email: 'target@elsewhere.test', name: 'T', role: 'member' });
    const token = await latestLinkToken(app, owner.cookie);
    const accept = (password: string, i: number) =>
      app.inject({
        method: 'POST',
        url: '/api/invitations/accept',
        remoteAddress: `10.7.0.${i}`,
        payload: { token, password },
      });
    const signIn = (password: string, i: number) =>
      app.inject({
        method: 'POST',
        url: '/api/session',
        remoteAddress: `10.8.0.${i}`,
        payload: { email: 'target@elsewhere.test', password },
      });

    // Wrong passwords here count against the account at sign-in too ...
    for (let i = 0; i < 3; i++) expect((await accept('a wrong but long guess', i)).statusCode).toBe(400);
    for (let i = 0; i < 2; i++) expect((await signIn('another wrong guess', i)).statusCode).toBe(401);
    expect((await signIn(TEST_PASSWORD, 9)).statusCode).toBe(429);
    // ... and once sign-in answers 429 for the account, so does the invitation, right password or not.
    const limited = await accept('a wrong but long guess', 9);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await accept(TEST_PASSWORD, 10)).statusCode).toBe(429);
  });

  it('does not let an admin make an owner, or anyone change their own access', async () => {
    const owner = await setUpPractice(t.current.app);
    const practiceId = await setupPracticeId(t.current);
    const admin = await addPerson(t.current, { email: 'admin@harbour.test', role: 'admin', practiceId });
    const makeOwner = await inviteSomeone(t.current, admin.cookie, {
      email: 'x@harbour.test',
      name: 'X',
      role: 'owner',
    });
    expect(makeOwner.statusCode).toBe(403);
    expect(makeOwner.json().errors[0].field).toBe('body.role');
    const promoteSelf = await t.current.app.inject({
      method: 'PUT',
      url: `/api/people/${admin.userId}/role`,
      headers: { cookie: admin.cookie },
      payload: { role: 'owner' },
    });
    expect(promoteSelf.statusCode).toBe(403);
    const demoteOwner = await t.current.app.inject({
      method: 'PUT',
      url: `/api/people/${owner.userId}/role`,
      headers: { cookie: admin.cookie },
      payload: { role: 'member' },
    });
    expect(demoteOwner.statusCode).toBe(403);
  });

  it('changes a role, audited with who, as what, from and to', async () => {
    const owner = await setUpPractice(t.current.app);
    const practiceId = await setupPracticeId(t.current);
    const member = await addPerson(t.current, { email: 'm@harbour.test', role: 'member', practiceId });
    const response = await t.current.app.inject({
      method: 'PUT',
      url: `/api/people/${member.userId}/role`,
      headers: { cookie: owner.cookie },
      payload: { role: 'supervisor' },
    });
    expect(response.statusCode).toBe(204);
    const event = await t.current.database.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('action', '=', 'people.role_changed')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actorUserId: owner.userId, actorRole: 'owner', subjectId: member.userId });
    expect(JSON.parse(event.detail)).toEqual({ from: 'member', to: 'supervisor' });
  });

  it('disabling someone ends their sessions and closes their live socket at once; enabling lets them back', async () => {
    const { app } = t.current;
    const owner = await setUpPractice(app);
    const practiceId = await setupPracticeId(t.current);
    const member = await addPerson(t.current, { email: 'm@harbour.test', role: 'member', practiceId });

    const socket = await openSocket(app, member.cookie);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const started = Date.now();
    expect((await disable(app, owner.cookie, member.userId)).statusCode).toBe(204);
    expect(await closed).toBe(1008);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(
      (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: member.cookie } })).statusCode,
    ).toBe(401);

    const refused = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'm@harbour.test', password: TEST_PASSWORD },
    });
    expect(refused.statusCode).toBe(401);

    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/people/${member.userId}/enable`,
          headers: { cookie: owner.cookie },
        })
      ).statusCode,
    ).toBe(204);
    const back = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'm@harbour.test', password: TEST_PASSWORD },
    });
    expect(back.statusCode).toBe(200);
    expect(sessionCookie(back.headers['set-cookie'])).toMatch(/^hearth\.session_token=/);
  });

  it('disabling someone in one practice ends only their sessions in that practice, sockets included', async () => {
    const { app, database } = t.current;
    await setUpPractice(app);
    const practiceA = await setupPracticeId(t.current);
    const ownerB = await addPerson(t.current, { email: 'owner-b@elsewhere.test', role: 'owner' });
    // In practice A first (their sessions act there unless they choose), then in B too.
    const inA = await addPerson(t.current, { email: 'both@people.test', role: 'member', practiceId: practiceA });
    await insertMembership(database.db, {
      practiceId: ownerB.practiceId,
      userId: inA.userId,
      role: 'member',
      now: new Date().toISOString(),
    });
    const again = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'both@people.test', password: TEST_PASSWORD },
    });
    const inB = { cookie: sessionCookie(again.headers['set-cookie']) };
    const switched = await app.inject({
      method: 'PUT',
      url: '/api/session/practice',
      headers: { cookie: inB.cookie },
      payload: { practiceId: ownerB.practiceId },
    });
    expect(switched.statusCode).toBe(200);

    const socketA = await openSocket(app, inA.cookie);
    const socketB = await openSocket(app, inB.cookie);
    const closedB = new Promise<number>((resolve) => socketB.once('close', (code) => resolve(code)));
    let closedA = false;
    socketA.once('close', () => (closedA = true));

    expect((await disable(app, ownerB.cookie, inA.userId)).statusCode).toBe(204);
    expect(await closedB).toBe(1008);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: inB.cookie } })).statusCode).toBe(
      401,
    );
    // Still active in A: that session and its socket go on, acting in A only.
    const stillA = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: inA.cookie } });
    expect(stillA.statusCode).toBe(200);
    expect(stillA.json().practices.map((p: { id: string }) => p.id)).toEqual([practiceA]);
    const heard = new Promise((resolve) => socketA.once('message', (data) => resolve(JSON.parse(String(data)))));
    await t.current.broker.publish(`user:${inA.userId}`, { type: 'still-here', data: null });
    expect(await heard).toEqual({ type: 'still-here', data: null });
    expect(closedA).toBe(false);
    socketA.close();
  });

  it('answers 404 for people and invitations of another practice, and never shows them', async () => {
    const owner = await setUpPractice(t.current.app);
    const elsewhere = await addPerson(t.current, { email: 'other-owner@elsewhere.test', role: 'owner' });
    const elsewhereMember = await addPerson(t.current, {
      email: 'member@elsewhere.test',
      role: 'member',
      practiceId: elsewhere.practiceId,
    });
    await inviteSomeone(t.current, elsewhere.cookie, {
      email: 'newbie@elsewhere.test',
      name: 'Newbie',
      role: 'member',
    });
    const theirInvitation = await t.current.database.db
      .selectFrom('practiceInvitations')
      .select('id')
      .executeTakeFirstOrThrow();

    const app = t.current.app;
    const headers = { cookie: owner.cookie };
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `/api/people/${elsewhereMember.userId}/role`,
          headers,
          payload: { role: 'clinician' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'POST', url: `/api/people/${elsewhereMember.userId}/disable`, headers })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/people/invitations/${theirInvitation.id}`, headers }))
        .statusCode,
    ).toBe(404);
    const people = await app.inject({ method: 'GET', url: '/api/people', headers });
    expect(JSON.stringify(people.json())).not.toContain('elsewhere.test');
    const outbox = await app.inject({ method: 'GET', url: '/api/outbox', headers });
    expect(outbox.json().messages).toEqual([]);
  });

  it('refuses a name with a line break or a hidden control, which would land in the invitation e-mail', async () => {
    const owner = await setUpPractice(t.current.app);
    for (const name of ['Sam\nClick https://evil.test to keep your account', 'Sam\u202Egnp.exe', 'Sam\tLee']) {
      const response = await inviteSomeone(t.current, owner.cookie, { email: 'x@harbour.test', name, role: 'member' });
      expect(response.statusCode, JSON.stringify(name)).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'body.name', message: expect.stringMatching(/line breaks/) }]);
    }
  });

  it('keeps markup in names as text', async () => {
    const owner = await setUpPractice(t.current.app);
    const name = '<script>alert(1)</script>';
    await inviteSomeone(t.current, owner.cookie, { email: 'x@harbour.test', name, role: 'member' });
    const people = await t.current.app.inject({ method: 'GET', url: '/api/people', headers: { cookie: owner.cookie } });
    expect(people.json().invitations[0].name).toBe(name);
    expect(people.headers['content-type']).toMatch(/application\/json/);
  });

  it('takes an invitation link out of the outbox once it has expired (the hourly outbox job)', async () => {
    const { app, dataDir } = t.current;
    const owner = await setUpPractice(app);
    await inviteSomeone(t.current, owner.cookie, { email: 'kim@harbour.test', name: 'Kim Ade', role: 'member' });
    const token = await latestLinkToken(app, owner.cookie);
    await app.jobs.runDue(new Date(Date.now() + 8 * 86_400_000));
    const folder = path.join(dataDir, 'outbox');
    const files = fs.readdirSync(folder).map((f) => fs.readFileSync(path.join(folder, f), 'utf8'));
    expect(files.join('\n')).toContain('Kim Ade');
    expect(files.join('\n')).not.toContain(token.split('.')[1]);
  });
});
