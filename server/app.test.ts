import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { createTestApp, describeEachEngine, setUpPractice, useTestApp } from './testing/test-app.js';

describeEachEngine('the HTTP pipeline', (engine) => {
  const t = useTestApp(engine);

  it('answers an unknown route with a 404 problem', async () => {
    const response = await t.current.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await t.current.app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { 'content-type': 'application/json' },
      payload: '{"practiceName": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(/not valid JSON/);
  });

  it('refuses a control character in any part of any request, naming the field, before the route runs', async () => {
    const owner = await setUpPractice(t.current.app);
    const inId = await t.current.app.inject({
      method: 'GET',
      url: '/api/groups/a%00b',
      headers: { cookie: owner.cookie },
    });
    expect(inId.statusCode).toBe(400);
    expect(inId.json().errors).toEqual([
      { field: 'params.groupId', message: expect.stringMatching(/control character/) },
    ]);
    const inBody = await t.current.app.inject({
      method: 'POST',
      url: '/api/password-reset',
      payload: { email: 'a\u0000@harbour.test' },
    });
    expect(inBody.statusCode).toBe(400);
    expect(inBody.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.email']);
    // In the reader's language, like every refusal (signed out: the browser's).
    const inSpanish = await t.current.app.inject({
      method: 'POST',
      url: '/api/password-reset',
      payload: { email: 'a\u0000@harbour.test' },
      headers: { 'accept-language': 'es' },
    });
    expect(inSpanish.json().errors).toEqual([
      { field: 'body.email', message: 'Quita el carácter de control oculto de este campo.' },
    ]);
  });

  it('refuses text made only of invisible characters, which would show as nothing, naming the field', async () => {
    const owner = await setUpPractice(t.current.app);
    for (const name of ['\u200b', ' \u200b\u200d ', '\u00ad', '\u2060\ufeff', '\u202e']) {
      const refused = await t.current.app.inject({
        method: 'POST',
        url: '/api/password-reset',
        payload: { email: name },
        headers: { cookie: owner.cookie },
      });
      expect(refused.statusCode, JSON.stringify(name)).toBe(400);
      expect(refused.json().errors, JSON.stringify(name)).toEqual([
        { field: 'body.email', message: 'This holds only invisible characters. Write something people can see.' },
      ]);
    }
    // Invisible characters among visible ones are the text's own business (an emoji's joiner).
    const family = await t.current.app.inject({
      method: 'POST',
      url: '/api/password-reset',
      payload: { email: 'family\u200d@harbour.test' },
    });
    expect(family.json().errors?.[0]?.message).not.toBe(
      'This holds only invisible characters. Write something people can see.',
    );
  });

  it('answers an address the router cannot read with a problem', async () => {
    for (const url of ['/api/groups/%ED%A0%80', `/api/groups/${'x'.repeat(500)}`]) {
      const response = await t.current.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('answers a 10 MB body with a 413 problem and stores nothing', async () => {
    const { app, database } = t.current;
    const response = await app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ practiceName: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(await database.db.selectFrom('practices').select('id').execute()).toHaveLength(0);
  });

  it('answers a body of the wrong type with a 415 problem', async () => {
    const response = await t.current.app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { 'content-type': 'application/xml' },
      payload: '<practice/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });

  it.each([
    '/api/../package.json',
    '/assets/../../server/config.ts',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%5c..%5cpackage.json',
  ])('refuses the path %s with a 400 problem', async (rawPath) => {
    // Sent over a real socket: inject() would tidy the `..` away before the app saw it.
    const { app } = t.current;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const response = await new Promise<{ status: number; type: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: rawPath }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']) });
        })
        .on('error', reject);
    });
    expect(response.status).toBe(400);
    expect(response.type).toMatch(/problem\+json/);
  });

  it('sends strict security headers', async () => {
    const response = await t.current.app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    // Without video, the page may connect only to Hearth itself.
    expect(csp).toContain("connect-src 'self';");
    // An answer refused before routing carries them too.
    const refused = await t.current.app.inject({ method: 'GET', url: '/api/%zz' });
    expect(refused.statusCode).toBe(400);
    expect(String(refused.headers['content-security-policy'])).toBe(csp);
  });

  it('lets the page reach Janus, and nothing else, when video is on', async () => {
    const video = await createTestApp(engine, {
      env: {
        JANUS_URL: 'ws://127.0.0.1:1/',
        JANUS_PUBLIC_URL: 'wss://video.example.org/janus',
        JANUS_API_SECRET: 'api-secret-0123456789',
        JANUS_ADMIN_URL: 'ws://127.0.0.1:2/',
        JANUS_ADMIN_SECRET: 'admin-secret-0123456789',
        JANUS_ROOM_ADMIN_KEY: 'room-admin-key-0123456789',
      },
    });
    try {
      const response = await video.app.inject({ method: 'GET', url: '/healthz' });
      expect(String(response.headers['content-security-policy'])).toContain(
        "connect-src 'self' wss://video.example.org;",
      );
    } finally {
      await video.cleanup();
    }
  });

  it('gives every response a request id, keeping a safe one the caller sent', async () => {
    const fresh = await t.current.app.inject({ method: 'GET', url: '/healthz' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await t.current.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'lb-1234' } });
    expect(kept.headers['x-request-id']).toBe('lb-1234');
    const replaced = await t.current.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\nwith newline' },
    });
    expect(replaced.headers['x-request-id']).not.toContain('bad');
  });

  it('answers /healthz and /readyz', async () => {
    expect((await t.current.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.current.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
      status: 'ready',
      database: engine,
      video: 'off',
    });
  });

  it('answers /readyz with 503 and the reason when the database is gone', async () => {
    await t.current.database.close();
    const response = await t.current.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json().detail).toMatch(/database cannot be reached/);
  });

  it('requires a session for signed-in routes, before looking at the body', async () => {
    const response = await t.current.app.inject({ method: 'GET', url: '/api/practice' });
    expect(response.statusCode).toBe(401);
  });

  it('tells every cache to keep no API answer: signed in or not, found or not, on every GET route', async () => {
    const { app } = t.current;
    const { cookie } = await setUpPractice(app);
    const gets = app.hearthRoutes.filter(
      (r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    expect(gets.length).toBeGreaterThan(20);
    for (const route of gets) {
      const url = route.url.replace(/:[A-Za-z]+/g, crypto.randomUUID());
      for (const headers of [{ cookie }, {}]) {
        const response = await app.inject({ method: 'GET', url, headers });
        expect(`${route.url} ${response.statusCode} ${response.headers['cache-control']}`).toBe(
          `${route.url} ${response.statusCode} no-store`,
        );
      }
    }
    const refused = await app.inject({ method: 'POST', url: '/api/people/invitations', headers: { cookie } });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['cache-control']).toBe('no-store');
    // The health checks carry nothing personal and stay cacheable by whoever wants to.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).headers['cache-control']).toBeUndefined();
  });

  it("shows the signed-in person's practice", async () => {
    const { cookie } = await setUpPractice(t.current.app);
    const response = await t.current.app.inject({ method: 'GET', url: '/api/practice', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Harbour Light Group Practice',
      slug: 'harbour-light-group-practice',
      role: 'owner',
    });
  });
});

describeEachEngine('the OpenAPI document', (engine) => {
  const t = useTestApp(engine);

  it('describes every /api route from the Zod schemas, with its security', async () => {
    const response = await t.current.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    const setup = doc.paths['/api/setup'].post;
    expect(setup.security).toEqual([]);
    expect(setup.requestBody.content['application/json'].schema.properties).toHaveProperty('practiceName');
    expect(doc.paths['/api/practice'].get.security).toEqual([{ session: [] }]);
    // Public routes outside /api say so too, rather than leaving it unsaid.
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(doc.paths['/readyz'].get.security).toEqual([]);
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie' });
  });

  it('serves the browsable docs at /api/docs', async () => {
    const response = await t.current.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger');
  });
});
