import { expect, it } from 'vitest';
import { describeEachEngine, OWNER, sessionCookie, useTestApp } from '../../testing/test-app.js';

describeEachEngine('first-run setup', (engine) => {
  const t = useTestApp(engine);

  it('says setup is needed on an empty database', async () => {
    const response = await t.current.app.inject({ method: 'GET', url: '/api/setup' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ needed: true });
  });

  it('creates the practice and its owner, signs the owner in, and is then no longer needed', async () => {
    const { app } = t.current;
    const response = await app.inject({ method: 'POST', url: '/api/setup', payload: OWNER });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.user).toMatchObject({ name: OWNER.ownerName, email: OWNER.email });
    expect(body.practice).toMatchObject({ name: OWNER.practiceName, role: 'owner' });
    expect(body.user).not.toHaveProperty('password');

    const cookie = sessionCookie(response.headers['set-cookie']);
    const me = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().practice.name).toBe(OWNER.practiceName);

    expect((await app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: false });
  });

  it('records the country the owner chose, where everyone’s crisis lines start, and refuses one Hearth has no lines for', async () => {
    const { app } = t.current;
    const unknown = await app.inject({ method: 'POST', url: '/api/setup', payload: { ...OWNER, country: 'XX' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.country']);
    expect((await app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: true });

    const response = await app.inject({ method: 'POST', url: '/api/setup', payload: { ...OWNER, country: 'GB' } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ practiceCountry: 'GB' });
    const cookie = sessionCookie(response.headers['set-cookie']);
    const me = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect(me.json()).toMatchObject({ practiceCountry: 'GB' });
  });

  it('refuses a practice or owner name with a line break', async () => {
    for (const body of [
      { ...OWNER, practiceName: 'Harbour\nLight' },
      { ...OWNER, ownerName: 'Alex\u0000Morgan' },
    ]) {
      const response = await t.current.app.inject({ method: 'POST', url: '/api/setup', payload: body });
      expect(response.statusCode).toBe(400);
    }
    expect((await t.current.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: true });
  });

  it('refuses a second setup and keeps the first practice unchanged', async () => {
    const { app, database } = t.current;
    expect((await app.inject({ method: 'POST', url: '/api/setup', payload: OWNER })).statusCode).toBe(201);
    const second = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { ...OWNER, practiceName: 'Another Practice', email: 'other@harbour.test' },
    });
    expect(second.statusCode).toBe(409);
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(second.json().detail).toMatch(/already set up/);
    const practices = await database.db.selectFrom('practices').select('name').execute();
    expect(practices).toEqual([{ name: OWNER.practiceName }]);
    const users = await database.db.selectFrom('users').select('email').execute();
    expect(users).toEqual([{ email: OWNER.email }]);
  });

  it('lets only one of two racing setups through', async () => {
    const { app, database } = t.current;
    const [a, b] = await Promise.all([
      app.inject({ method: 'POST', url: '/api/setup', payload: OWNER }),
      app.inject({ method: 'POST', url: '/api/setup', payload: { ...OWNER, email: 'second@harbour.test' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect(await database.db.selectFrom('practices').select('id').execute()).toHaveLength(1);
    expect(await database.db.selectFrom('users').select('id').execute()).toHaveLength(1);
  });

  it.each([
    ['an empty practice name', { practiceName: '   ' }, 'body.practiceName'],
    ['an overlong practice name', { practiceName: 'x'.repeat(121) }, 'body.practiceName'],
    ['an e-mail that is not one', { email: 'alex-at-harbour' }, 'body.email'],
    ['a short password', { password: 'short' }, 'body.password'],
    ['a common password', { password: 'password1234' }, 'body.password'],
    ['a missing owner name', { ownerName: undefined }, 'body.ownerName'],
  ])('rejects %s with a 400 naming the field, and stores nothing', async (_label, change, field) => {
    const { app, database } = t.current;
    const response = await app.inject({ method: 'POST', url: '/api/setup', payload: { ...OWNER, ...change } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(problem.detail).toContain(field);
    expect(await database.db.selectFrom('practices').select('id').execute()).toHaveLength(0);
    expect(await database.db.selectFrom('users').select('id').execute()).toHaveLength(0);
  });

  it('stores the password as an argon2id hash, never as given', async () => {
    const { app, database } = t.current;
    await app.inject({ method: 'POST', url: '/api/setup', payload: OWNER });
    const account = await database.db
      .selectFrom('accounts')
      .select(['password', 'providerId'])
      .executeTakeFirstOrThrow();
    expect(account.providerId).toBe('credential');
    expect(account.password).toMatch(/^\$argon2id\$/);
    expect(account.password).not.toContain(OWNER.password);
  });
});
