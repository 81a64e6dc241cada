import { expect, it } from 'vitest';
import { describeEachEngine, OWNER, sessionCookie, setUpPractice, useTestApp } from '../../testing/test-app.js';

describeEachEngine('sign-in and sign-out', (engine) => {
  const t = useTestApp(engine);

  it('signs in with the right password and issues a new session each time', async () => {
    const { app } = t.current;
    const setupCookie = await setUpPractice(app);
    const response = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: OWNER.email, password: OWNER.password },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.email).toBe(OWNER.email);
    const cookie = sessionCookie(response.headers['set-cookie']);
    expect(cookie).not.toBe(setupCookie);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
  });

  it('accepts the e-mail in any case and with spaces around it', async () => {
    const { app } = t.current;
    await setUpPractice(app);
    const response = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: `  ${OWNER.email.toUpperCase()} `, password: OWNER.password },
    });
    expect(response.statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown address with the same 401', async () => {
    const { app } = t.current;
    await setUpPractice(app);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: OWNER.email, password: 'not the password' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'nobody@harbour.test', password: 'not the password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('signs out: the cookie is cleared and the old session no longer works', async () => {
    const { app } = t.current;
    const cookie = await setUpPractice(app);
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

  it('limits sign-in to five attempts in five minutes, then answers 429 with Retry-After', async () => {
    const { app } = t.current;
    await setUpPractice(app);
    const attempt = () =>
      app.inject({ method: 'POST', url: '/api/session', payload: { email: OWNER.email, password: 'guessing again' } });
    for (let i = 0; i < 5; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    // Health checks and other routes are not counted.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('names a missing e-mail in the problem', async () => {
    const { app } = t.current;
    const response = await app.inject({ method: 'POST', url: '/api/session', payload: { password: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('body.email');
  });
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
