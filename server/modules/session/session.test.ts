import { describe, expect, it } from 'vitest';
import { totpCode } from '../../testing/totp.js';
import crypto from 'node:crypto';
import {
  buildTestApp,
  createTestDatabase,
  addPerson,
  setupPracticeId,
  describeEachEngine,
  OWNER,
  sessionCookie,
  setUpPractice,
  setUpPracticeWithoutTwoFactor,
  TEST_PASSWORD,
  useTestApp,
} from '../../testing/test-app.js';
import type { HearthApp } from '../../platform/http.js';
import { CODE_FAILED as CODE_FAILED_KEY, RECOVERY_CODE_FAILED as RECOVERY_KEY } from '../../platform/auth/sign-in.js';
import { translator } from '../../platform/i18n.js';

// The words an English reader gets for each failure (the code names them by catalog key).
const CODE_FAILED = translator('en').t(CODE_FAILED_KEY);
const RECOVERY_CODE_FAILED = translator('en').t(RECOVERY_KEY);

const signIn = (app: HearthApp, email: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });

/** A whole sign-in as the owner: password, then the second step with this code. */
async function signInWithCode(app: HearthApp, code: string, kind: 'app' | 'recovery' = 'app') {
  const first = await signIn(app, OWNER.email, OWNER.password);
  const pending = String(first.headers['set-cookie']).match(/hearth\.two_factor=[^;]+/)?.[0] ?? '';
  return app.inject({
    method: 'POST',
    url: '/api/session/second-factor',
    headers: { cookie: pending },
    payload: { code, kind },
  });
}

describeEachEngine('sign-in and sign-out', (engine) => {
  const t = useTestApp(engine);

  it('asks for the second step when two-step sign-in is on, and signs in with the app code', async () => {
    const { app } = t.current;
    const owner = await setUpPractice(app);
    const first = await signIn(app, OWNER.email, OWNER.password);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ status: 'second-factor-needed' });
    expect(String(first.headers['set-cookie'])).not.toContain('hearth.session_token=ey');
    const pending = String(first.headers['set-cookie']).match(/hearth\.two_factor=[^;]+/)?.[0] ?? '';
    expect(pending).not.toBe('');

    const second = await app.inject({
      method: 'POST',
      url: '/api/session/second-factor',
      headers: { cookie: pending },
      payload: { code: totpCode(owner.twoFactorSecret!) },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json().status).toBe('signed-in');
    const cookie = sessionCookie(second.headers['set-cookie']);
    expect(cookie).not.toBe(owner.cookie);
    const setCookie = String(second.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect((await app.inject({ method: 'GET', url: '/api/practice', headers: { cookie } })).statusCode).toBe(200);
  });

  it('refuses a wrong second-step code, then locks after repeated tries', async () => {
    const { app } = t.current;
    const owner = await setUpPractice(app);
    const first = await signIn(app, OWNER.email, OWNER.password);
    const pending = String(first.headers['set-cookie']).match(/hearth\.two_factor=[^;]+/)?.[0] ?? '';
    const wrong = String((Number(totpCode(owner.twoFactorSecret!)) + 1) % 1_000_000).padStart(6, '0');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/session/second-factor',
        headers: { cookie: pending },
        payload: { code: wrong },
      });
      statuses.push(response.statusCode);
      expect(response.headers['set-cookie'] ?? '').not.toContain('hearth.session_token=');
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const failures = await t.current.database.db
      .selectFrom('auditEvents')
      .select(['subjectId', 'chain'])
      .where('action', '=', 'auth.two_factor_failed')
      .execute();
    expect(failures.length).toBeGreaterThanOrEqual(5);
    expect(failures.every((f) => f.subjectId === owner.userId && f.chain !== 'instance')).toBe(true);
  });

  it('signs in with a recovery code, which then cannot be used again', async () => {
    const { app } = t.current;
    const owner = await setUpPractice(app);
    const code = owner.recoveryCodes![0]!;
    const attempt = (recovery: string) => signInWithCode(app, recovery, 'recovery');
    const used = await attempt(code);
    expect(used.statusCode).toBe(200);
    expect(used.json().status).toBe('signed-in');
    expect((await attempt(code)).statusCode).toBe(401);
    expect((await attempt('ABCDE-FGHIJ')).statusCode).toBe(401);
  });

  it('accepts each code from the app once: not again at sign-in after enrolment, not in a second sign-in', async () => {
    const { app } = t.current;
    const { cookie } = await setUpPracticeWithoutTwoFactor(app);
    const start = await app.inject({
      method: 'POST',
      url: '/api/me/two-factor',
      headers: { cookie },
      payload: { password: OWNER.password },
    });
    const secret = start.json().secret as string;
    const enrolmentCode = totpCode(secret);
    const confirm = await app.inject({
      method: 'POST',
      url: '/api/me/two-factor/confirm',
      headers: { cookie },
      payload: { code: enrolmentCode },
    });
    expect(confirm.statusCode).toBe(200);
    const again = await signInWithCode(app, enrolmentCode);
    expect(again.statusCode).toBe(401);
    expect(again.json().detail).toBe(CODE_FAILED);

    const code = totpCode(secret);
    expect((await signInWithCode(app, code)).statusCode).toBe(200);
    const replayed = await signInWithCode(app, code);
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().detail).toBe(CODE_FAILED);
    expect(replayed.headers['set-cookie'] ?? '').not.toContain('hearth.session_token=');
  });

  it('lets one recovery code sign in once when two sign-ins race with it', async () => {
    const { app } = t.current;
    const owner = await setUpPractice(app);
    const code = owner.recoveryCodes![1]!;
    const [a, b] = await Promise.all([signInWithCode(app, code, 'recovery'), signInWithCode(app, code, 'recovery')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 401]);
    expect([a, b].find((r) => r.statusCode === 401)!.json().detail).toBe(RECOVERY_CODE_FAILED);
  });

  it('accepts the e-mail in any case and with spaces around it', async () => {
    const { app } = t.current;
    await setUpPracticeWithoutTwoFactor(app);
    const response = await signIn(app, `  ${OWNER.email.toUpperCase()} `, OWNER.password);
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('signed-in');
  });

  it('answers a wrong password and an unknown address with the same 401, and audits both', async () => {
    const { app, database } = t.current;
    await setUpPractice(app);
    const wrong = await signIn(app, OWNER.email, 'not the password');
    const unknown = await signIn(app, 'nobody@harbour.test', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const failures = await database.db
      .selectFrom('auditEvents')
      .select(['chain', 'detail'])
      .where('action', '=', 'auth.sign_in_failed')
      .orderBy('occurredAt')
      .execute();
    expect(failures.map((f) => JSON.parse(f.detail).reason)).toEqual(['wrong-password-or-inactive', 'unknown-account']);
    expect(failures[1]?.chain).toBe('instance');
  });

  it('sends a person who must use two-step sign-in to enrolment first', async () => {
    const { app } = t.current;
    const { cookie } = await setUpPracticeWithoutTwoFactor(app);
    const me = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect(me.json().mustEnrolTwoFactor).toBe(true);
    const practice = await app.inject({ method: 'GET', url: '/api/practice', headers: { cookie } });
    expect(practice.statusCode).toBe(403);
    expect(practice.json().type).toBe('/problems/two-factor-enrolment-required');
  });

  it('signs out: the cookie is cleared and the old session no longer works', async () => {
    const { app } = t.current;
    const { cookie } = await setUpPractice(app);
    const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/hearth\.session_token=;|Max-Age=0/);
    const after = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('rejects a forged session cookie', async () => {
    const { app } = t.current;
    await setUpPractice(app);
    const response = await app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: 'hearth.session_token=forged.value' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });

  it('limits sign-in to five attempts in five minutes per address, then answers 429 with Retry-After', async () => {
    const { app } = t.current;
    await setUpPractice(app);
    for (let i = 0; i < 5; i++)
      expect((await signIn(app, `person${i}@harbour.test`, 'guessing again')).statusCode).toBe(401);
    const limited = await signIn(app, 'person9@harbour.test', 'guessing again');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    // Health checks and other routes are not counted.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('never counts successful sign-ins, so an office behind one address is not locked out', async () => {
    const { app } = t.current;
    await setUpPracticeWithoutTwoFactor(app);
    for (let i = 0; i < 8; i++) expect((await signIn(app, OWNER.email, OWNER.password)).statusCode).toBe(200);
  });

  it('limits sign-in to five attempts per account, whatever the address', async () => {
    const { app } = t.current;
    await setUpPractice(app);
    const attempt = (i: number) =>
      app.inject({
        method: 'POST',
        url: '/api/session',
        remoteAddress: `10.0.0.${i}`,
        payload: { email: OWNER.email, password: 'guessing again' },
      });
    for (let i = 0; i < 5; i++) expect((await attempt(i)).statusCode).toBe(401);
    expect((await attempt(99)).statusCode).toBe(429);
  });

  it('counts a wrong password at two-step setup with sign-in, so the account lockout holds for both', async () => {
    const { app } = t.current;
    const { cookie } = await setUpPracticeWithoutTwoFactor(app);
    const setUp = (password: string, i: number) =>
      app.inject({
        method: 'POST',
        url: '/api/me/two-factor',
        headers: { cookie },
        remoteAddress: `10.5.0.${i}`,
        payload: { password },
      });
    const attempt = (password: string, i: number) =>
      app.inject({
        method: 'POST',
        url: '/api/session',
        remoteAddress: `10.6.0.${i}`,
        payload: { email: OWNER.email, password },
      });
    for (let i = 0; i < 3; i++) expect((await setUp('a wrong password', i)).statusCode).toBe(400);
    for (let i = 0; i < 2; i++) expect((await attempt('a wrong password', i)).statusCode).toBe(401);
    expect((await attempt(OWNER.password, 9)).statusCode).toBe(429);
    expect((await setUp(OWNER.password, 9)).statusCode).toBe(429);
  });

  it('names a missing e-mail in the problem', async () => {
    const { app } = t.current;
    const response = await app.inject({ method: 'POST', url: '/api/session', payload: { password: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('body.email');
  });

  it('refuses a state-changing request from another website', async () => {
    const { app } = t.current;
    const { cookie } = await setUpPractice(app);
    const response = await app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(response.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
    const forged = await app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(forged.statusCode).toBe(403);
    const sameHost = await app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, origin: 'http://127.0.0.1:4321', host: '127.0.0.1:4321' },
    });
    expect(sameHost.statusCode).toBe(204);
  });

  it('compares the scheme and port of the origin too, not only the host', async () => {
    const { app } = t.current;
    const { cookie } = await setUpPractice(app);
    // The public address is http://localhost:3000 (the default).
    for (const origin of ['http://localhost:3001', 'https://localhost:3000', 'http://localhost', 'null']) {
      const response = await app.inject({
        method: 'DELETE',
        url: '/api/session',
        headers: { cookie, origin, host: 'localhost:3000' },
      });
      expect(`${origin} ${response.statusCode}`).toBe(`${origin} 403`);
    }
    // The address the request was sent to counts only with its own scheme.
    const otherScheme = await app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, origin: 'https://127.0.0.1:4321', host: '127.0.0.1:4321' },
    });
    expect(otherScheme.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
    const publicOrigin = await app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, origin: 'http://localhost:3000' },
    });
    expect(publicOrigin.statusCode).toBe(204);
  });
});

describeEachEngine('own sessions', (engine) => {
  const t = useTestApp(engine);

  it('lists the sessions of the signed-in person and ends one of them', async () => {
    const { app } = t.current;
    const owner = await setUpPractice(app);
    const first = await signIn(app, OWNER.email, OWNER.password);
    const pending = String(first.headers['set-cookie']).match(/hearth\.two_factor=[^;]+/)?.[0] ?? '';
    const second = await app.inject({
      method: 'POST',
      url: '/api/session/second-factor',
      headers: { cookie: pending, 'user-agent': 'Phone browser' },
      payload: { code: totpCode(owner.twoFactorSecret!) },
    });
    const phone = sessionCookie(second.headers['set-cookie']);

    const list = await app.inject({ method: 'GET', url: '/api/me/sessions', headers: { cookie: owner.cookie } });
    expect(list.statusCode).toBe(200);
    const sessions = list.json().sessions as Array<{ id: string; current: boolean; userAgent: string | null }>;
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const other = sessions.find((s) => !s.current)!;
    expect(other.userAgent).toBe('Phone browser');

    const end = await app.inject({
      method: 'DELETE',
      url: `/api/me/sessions/${other.id}`,
      headers: { cookie: owner.cookie },
    });
    expect(end.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: phone } })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: owner.cookie } })).statusCode,
    ).toBe(200);
  });

  it('answers 404 for a session that is not the viewer’s own', async () => {
    const { app } = t.current;
    const owner = await setUpPractice(app);
    const response = await app.inject({
      method: 'DELETE',
      url: '/api/me/sessions/00000000-0000-0000-0000-000000000000',
      headers: { cookie: owner.cookie },
    });
    expect(response.statusCode).toBe(404);
  });
});

describeEachEngine('several practices', (engine) => {
  const t = useTestApp(engine);

  it('lets a person who belongs to two practices switch between them, and not into a third', async () => {
    const { app, database } = t.current;
    await setUpPractice(app);
    const other = await addPerson(t.current, { email: 'other-owner@elsewhere.test', role: 'owner' });
    const practiceA = await setupPracticeId(t.current);
    const member = await addPerson(t.current, { email: 'both@people.test', role: 'member', practiceId: practiceA });
    await database.db
      .insertInto('practiceMembers')
      .values({
        id: crypto.randomUUID(),
        practiceId: other.practiceId,
        userId: member.userId,
        role: 'member',
        createdAt: new Date().toISOString(),
      })
      .execute();
    const headers = { cookie: member.cookie };
    const me = await app.inject({ method: 'GET', url: '/api/session', headers });
    expect(me.json().practices).toHaveLength(2);
    expect(me.json().practice.id).toBe(practiceA);

    const switched = await app.inject({
      method: 'PUT',
      url: '/api/session/practice',
      headers,
      payload: { practiceId: other.practiceId },
    });
    expect(switched.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/practice', headers })).json().id).toBe(other.practiceId);

    const third = await app.inject({
      method: 'PUT',
      url: '/api/session/practice',
      headers,
      payload: { practiceId: crypto.randomUUID() },
    });
    expect(third.statusCode).toBe(404);
  });
});

describeEachEngine('inactivity', (engine) => {
  const t = useTestApp(engine, { env: { HEARTH_IDLE_MINUTES_STAFF: '15' } });

  it('ends a staff session idle for more than 15 minutes, and says why', async () => {
    const { app, database } = t.current;
    const owner = await setUpPractice(app);
    const sixteenMinutesAgo = new Date(Date.now() - 16 * 60_000).toISOString();
    await database.db.updateTable('sessions').set({ lastActiveAt: sixteenMinutesAgo }).execute();
    const response = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: owner.cookie } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      type: '/problems/session-ended-after-inactivity',
      detail: expect.stringMatching(/without activity/),
    });
    expect(await database.db.selectFrom('sessions').select('id').execute()).toHaveLength(0);
  });

  it('keeps a session that was active 14 minutes ago', async () => {
    const { app, database } = t.current;
    const owner = await setUpPractice(app);
    await database.db
      .updateTable('sessions')
      .set({ lastActiveAt: new Date(Date.now() - 14 * 60_000).toISOString() })
      .execute();
    expect(
      (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: owner.cookie } })).statusCode,
    ).toBe(200);
  });

  it('never extends a session past its absolute lifetime', async () => {
    const { app, database } = t.current;
    const owner = await setUpPractice(app);
    await database.db
      .updateTable('sessions')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect(
      (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: owner.cookie } })).statusCode,
    ).toBe(401);
  });
});

describeEachEngine('absolute lifetime', (engine) => {
  const t = useTestApp(engine, { env: { HEARTH_SESSION_HOURS: '1' } });

  it('gives every session the configured lifetime, not a fixed day, and ends it then however active', async () => {
    const { app, database } = t.current;
    // Setup signs the owner in with a password only; a member signs in the same way.
    const owner = await setUpPracticeWithoutTwoFactor(app);
    const member = await addPerson(t.current, {
      email: 'member@harbour.test',
      role: 'member',
      practiceId: await setupPracticeId(t.current),
    });
    // A clinician signs in with both steps, sending back every cookie as a browser does.
    const clinician = await addPerson(t.current, { email: 'clinician@harbour.test', role: 'clinician' });
    const first = await signIn(app, 'clinician@harbour.test', TEST_PASSWORD);
    const browserCookies = (first.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ');
    const second = await app.inject({
      method: 'POST',
      url: '/api/session/second-factor',
      headers: { cookie: browserCookies },
      payload: { code: totpCode(clinician.twoFactorSecret!) },
    });
    expect(second.statusCode).toBe(200);
    const twoStep = sessionCookie(second.headers['set-cookie']);

    const sessions = await database.db.selectFrom('sessions').select(['id', 'createdAt', 'expiresAt']).execute();
    expect(sessions.length).toBeGreaterThanOrEqual(4);
    for (const s of sessions) {
      const lifetime = new Date(s.expiresAt).getTime() - new Date(s.createdAt).getTime();
      expect(Math.abs(lifetime - 60 * 60 * 1000)).toBeLessThan(1000);
    }

    // Sixty-one minutes later, with a request a moment ago: every session has ended all the same.
    const shift = (value: string | Date) => new Date(new Date(value).getTime() - 61 * 60_000).toISOString();
    for (const s of sessions) {
      await database.db
        .updateTable('sessions')
        .set({ createdAt: shift(s.createdAt), expiresAt: shift(s.expiresAt), lastActiveAt: new Date().toISOString() })
        .where('id', '=', s.id)
        .execute();
    }
    for (const cookie of [owner.cookie, member.cookie, twoStep]) {
      expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
    }
  });
});

describeEachEngine('the client address', (engine) => {
  for (const trusted of [false, true]) {
    describe(trusted ? 'behind a trusted proxy' : 'with proxies not trusted', () => {
      const t = useTestApp(engine, { env: { HEARTH_TRUST_PROXY: trusted ? '1' : '0' } });

      it(`records ${trusted ? 'the forwarded' : 'the socket'} address in the session list and the audit log`, async () => {
        const { app, database } = t.current;
        await setUpPracticeWithoutTwoFactor(app);
        const response = await app.inject({
          method: 'POST',
          url: '/api/session',
          payload: { email: OWNER.email, password: OWNER.password },
          remoteAddress: '10.1.2.3',
          headers: { 'x-forwarded-for': '203.0.113.9' },
        });
        expect(response.statusCode).toBe(200);
        const expected = trusted ? '203.0.113.9' : '10.1.2.3';
        const cookie = sessionCookie(response.headers['set-cookie']);
        const list = await app.inject({ method: 'GET', url: '/api/me/sessions', headers: { cookie } });
        const current = (list.json().sessions as Array<{ current: boolean; ipAddress: string | null }>).find(
          (s) => s.current,
        );
        expect(current?.ipAddress).toBe(expected);
        const signedIn = await database.db
          .selectFrom('auditEvents')
          .select('ip')
          .where('action', '=', 'auth.signed_in')
          .orderBy('occurredAt', 'desc')
          .executeTakeFirstOrThrow();
        expect(signedIn.ip).toBe(expected);
      });
    });
  }
});

describeEachEngine('secure cookies', (engine) => {
  const t = useTestApp(engine, { env: { HEARTH_PUBLIC_URL: 'https://hearth.example.org' } });

  it('marks the session cookie Secure when the public URL is https', async () => {
    const { app } = t.current;
    const response = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: {
        practiceName: 'Secure Practice',
        ownerName: 'Sam',
        email: 'sam@secure.test',
        password: 'calm harbour lantern 42',
      },
    });
    expect(response.statusCode).toBe(201);
    expect(String(response.headers['set-cookie'])).toMatch(/Secure/);
    expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
  });
});

describeEachEngine('codes across instances', (engine) => {
  it('refuses a code on one instance that another instance accepted, even at the same moment', async () => {
    const testDb = await createTestDatabase(engine);
    const first = await buildTestApp(testDb);
    const second = await buildTestApp(testDb);
    try {
      const owner = await setUpPractice(first.app);
      const code = totpCode(owner.twoFactorSecret!);
      const [a, b] = await Promise.all([signInWithCode(first.app, code), signInWithCode(second.app, code)]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 401]);
      const recovery = owner.recoveryCodes![0]!;
      expect((await signInWithCode(second.app, recovery, 'recovery')).statusCode).toBe(200);
      expect((await signInWithCode(first.app, recovery, 'recovery')).statusCode).toBe(401);
    } finally {
      await first.app.close();
      await second.app.close();
      await testDb.cleanup();
    }
  });
});

describe.skipIf(!process.env.HEARTH_TEST_REDIS_URL)('limits across instances', () => {
  it('counts failed sign-ins in Redis, so two instances share the count', async () => {
    const testDb = await createTestDatabase('sqlite');
    const env = { REDIS_URL: process.env.HEARTH_TEST_REDIS_URL! };
    const first = await buildTestApp(testDb, { env });
    const second = await buildTestApp(testDb, { env });
    try {
      await setUpPracticeWithoutTwoFactor(first.app);
      // A unique account per run: the counters outlive the test in the shared Redis.
      const email = `nobody-${crypto.randomUUID()}@harbour.test`;
      const attempt = (app: HearthApp, i: number) =>
        app.inject({
          method: 'POST',
          url: '/api/session',
          payload: { email, password: 'guessing again' },
          remoteAddress: `10.9.${i}.1`,
        });
      for (let i = 0; i < 5; i++) expect((await attempt(i % 2 ? first.app : second.app, i)).statusCode).toBe(401);
      expect((await attempt(first.app, 99)).statusCode).toBe(429);
    } finally {
      await first.app.close();
      await second.app.close();
      await testDb.cleanup();
    }
  });
});
