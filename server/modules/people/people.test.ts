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

/** Reads the newest invitation link from the outbox, as an admin would in the app. */
async function latestLinkToken(app: HearthApp, adminCookie: string): Promise<string> {
  const outbox = await app.inject({ method: 'GET', url: '/api/outbox', headers: { cookie: adminCookie } });
  expect(outbox.statusCode).toBe(200);
  const text: string = outbox.json().messages[0].text;
  const token = /\/invitation#([^\s]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no link in ${text}`);
  return token;
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
      accountExists: false,
    });

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

    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/realtime`;
    const socket = new WebSocket(url, { headers: { cookie: member.cookie } });
    await new Promise((resolve, reject) => {
      socket.once('message', resolve);
      socket.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const started = Date.now();
    const disable = await app.inject({
      method: 'POST',
      url: `/api/people/${member.userId}/disable`,
      headers: { cookie: owner.cookie },
    });
    expect(disable.statusCode).toBe(204);
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
