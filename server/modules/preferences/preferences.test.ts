import { expect, it } from 'vitest';
import { groupWithMembers } from '../../testing/group-fixtures.js';
import { callerOf, describeEachEngine, setUpPractice, useTestApp } from '../../testing/test-app.js';

/** The server in the reader's language (issue 12, docs/decisions/0035). */
describeEachEngine('the server’s words in the reader’s language', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  it('saves a person’s language and zone, shows them in the viewer, and validates both', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const sam = fixture.members[0]!.person;
    const before = (await call(sam, 'GET', '/api/session')).json();
    expect(before).toMatchObject({ locale: null, practiceDefaultLocale: 'en', timeZone: null });

    const saved = await call(sam, 'PUT', '/api/me/preferences', { locale: 'es', timeZone: 'America/Mexico_City' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ locale: 'es', timeZone: 'America/Mexico_City' });
    expect((await call(sam, 'GET', '/api/session')).json()).toMatchObject({
      locale: 'es',
      practiceDefaultLocale: 'en',
      timeZone: 'America/Mexico_City',
    });

    // Only the zone: the language stays; null gives the language back to the practice's default.
    expect((await call(sam, 'PUT', '/api/me/preferences', { timeZone: 'Europe/Madrid' })).json()).toEqual({
      locale: 'es',
      timeZone: 'Europe/Madrid',
    });
    expect((await call(sam, 'PUT', '/api/me/preferences', { locale: null })).json()).toEqual({
      locale: null,
      timeZone: 'Europe/Madrid',
    });

    for (const bad of [{ locale: 'xx' }, { timeZone: 'Mars/Olympus_Mons' }, { timeZone: 'EST5EDT\u0000' }, {}]) {
      const refused = await call(sam, 'PUT', '/api/me/preferences', bad);
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await call(sam, 'GET', '/api/session')).json()).toMatchObject({ locale: null, timeZone: 'Europe/Madrid' });
  });

  it('answers a member who chose Spanish in Spanish: title, detail and the field named as they know it; the type stays', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const sam = fixture.members[0]!.person;
    await call(sam, 'PUT', '/api/me/preferences', { locale: 'es' });

    // A schema's message by key, in Spanish.
    const join = await call(sam, 'POST', `/api/my/groups/${fixture.groupId}/join`, {
      agreementVersion: 1,
      displayName: 5,
    });
    expect(join.statusCode).toBe(400);
    expect(join.headers['content-language']).toBe('es');
    const body = join.json();
    expect(body).toMatchObject({ type: 'about:blank', title: 'Revisa lo que escribiste', status: 400 });
    expect(body.errors).toEqual([
      { field: 'body.displayName', message: 'Elige el nombre con que el grupo te llamará.' },
    ]);
    expect(body.detail).toBe('body.displayName: Elige el nombre con que el grupo te llamará.');

    // A check with no words of its own: the kind of issue, naming the field as a person knows it.
    const screening = await call(sam, 'POST', `/api/my/groups/${fixture.groupId}/screening`, {
      answers: Array.from({ length: 11 }, () => 'Sí'),
    });
    expect(screening.statusCode).toBe(400);
    expect(screening.json().errors).toEqual([
      { field: 'body.answers', message: '«respuestas» admite como máximo 10.' },
    ]);

    // A catalog message of the schema, with the numbers.
    const zone = await call(sam, 'PUT', '/api/me/preferences', { timeZone: 'Mars/Olympus_Mons' });
    expect(zone.json().errors).toEqual([
      { field: 'body.timeZone', message: 'Indica una zona horaria como America/New_York.' },
    ]);

    // A refusal of the service, with its problem type unchanged for the web app.
    const again = await call(sam, 'POST', `/api/my/groups/${fixture.groupId}/join`, {
      agreementVersion: 99,
      displayName: 'Sam',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      type: 'about:blank',
      title: 'Esto no se puede hacer ahora',
      detail: expect.stringMatching(/^(El acuerdo del grupo acaba de cambiar|Alguien del grupo)/),
    });

    // The same request in English for someone who chose nothing: the words, not the codes, change.
    const english = await call(fixture.maya, 'PUT', '/api/me/preferences', { timeZone: 'Mars/Olympus_Mons' });
    expect(english.json()).toMatchObject({ type: 'about:blank', title: 'Please check what you entered' });
    expect(english.json().errors).toEqual([
      { field: 'body.timeZone', message: 'Give a time zone like America/New_York.' },
    ]);
  });

  it('keeps a problem’s type when its words are Spanish', async () => {
    const owner = await setUpPractice(t.current.app);
    await t.current.database.db.updateTable('sessions').set({ lastActiveAt: '2000-01-01T00:00:00.000Z' }).execute();
    // The session has ended, so nobody is known: the browser's language decides.
    const idle = await t.current.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: owner.cookie, 'accept-language': 'es' },
    });
    expect(idle.statusCode).toBe(401);
    expect(idle.json()).toMatchObject({
      type: '/problems/session-ended-after-inactivity',
      title: 'Inicia sesión',
      detail: expect.stringMatching(/^Cerramos tu sesión después de un rato sin actividad/),
    });
  });

  it('reads Accept-Language when nobody is signed in', async () => {
    const { app } = t.current;
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' },
      payload: { email: 'not-an-address', password: '' },
    });
    expect(signIn.statusCode).toBe(400);
    expect(signIn.json()).toMatchObject({
      title: 'Revisa lo que escribiste',
      errors: [
        { field: 'body.email', message: 'Escribe un correo como nombre@ejemplo.org.' },
        { field: 'body.password', message: 'Escribe tu contraseña.' },
      ],
    });
    const unknown = await app.inject({ method: 'GET', url: '/api/nothing-here', headers: { 'accept-language': 'es' } });
    expect(unknown.json()).toMatchObject({ status: 404, detail: 'No hay nada en GET /api/nothing-here.' });
    const english = await app.inject({ method: 'GET', url: '/api/nothing-here', headers: { 'accept-language': 'fr' } });
    expect(english.json()).toMatchObject({ detail: 'There is nothing at GET /api/nothing-here.' });
  });

  it('falls back to the practice’s default for a language Hearth does not speak, which owners and admins set', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const sam = fixture.members[0]!.person;
    // A language saved once and no longer spoken (or written by hand) is skipped, never an error.
    await t.current.database.db.updateTable('users').set({ locale: 'tlh' }).where('id', '=', sam.userId).execute();
    expect((await call(sam, 'GET', '/api/session')).json()).toMatchObject({ locale: null });

    const refused = await call(sam, 'PUT', '/api/practice/default-locale', { defaultLocale: 'es' });
    expect(refused.statusCode).toBe(403);
    const bad = await call(fixture.owner, 'PUT', '/api/practice/default-locale', { defaultLocale: 'tlh' });
    expect(bad.statusCode).toBe(400);
    const set = await call(fixture.owner, 'PUT', '/api/practice/default-locale', { defaultLocale: 'es' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ defaultLocale: 'es' });
    const audit = await t.current.database.db
      .selectFrom('auditEvents')
      .select(['action', 'detail'])
      .where('action', '=', 'practice.language_changed')
      .execute();
    expect(audit.map((a) => [a.action, JSON.parse(a.detail)])).toEqual([
      ['practice.language_changed', { from: 'en', to: 'es' }],
    ]);

    expect((await call(sam, 'GET', '/api/session')).json()).toMatchObject({
      locale: null,
      practiceDefaultLocale: 'es',
    });
    const wrong = await call(sam, 'PUT', '/api/me/preferences', { timeZone: 'Mars/Olympus_Mons' });
    expect(wrong.json()).toMatchObject({
      title: 'Revisa lo que escribiste',
      errors: [{ field: 'body.timeZone', message: 'Indica una zona horaria como America/New_York.' }],
    });
    // The person's own choice still comes first.
    await call(sam, 'PUT', '/api/me/preferences', { locale: 'en' });
    const chosen = await call(sam, 'PUT', '/api/me/preferences', { timeZone: 'Mars/Olympus_Mons' });
    expect(chosen.json().title).toBe('Please check what you entered');
  });

  it('starts everyone’s crisis lines from the practice’s country, which owners and admins set', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const sam = fixture.members[0]!.person;
    // A practice starts in the United States, Hearth's first country.
    expect((await call(sam, 'GET', '/api/session')).json()).toMatchObject({ practiceCountry: 'US' });

    expect((await call(sam, 'PUT', '/api/practice/country', { country: 'ES' })).statusCode).toBe(403);
    for (const bad of [{ country: 'XX' }, { country: 'es' }, { country: '' }, {}]) {
      const refused = await call(fixture.owner, 'PUT', '/api/practice/country', bad);
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
      expect(refused.json().errors).toEqual([
        { field: 'body.country', message: 'Choose one of the countries in the list (or “Another country”).' },
      ]);
    }
    expect((await call(sam, 'GET', '/api/session')).json()).toMatchObject({ practiceCountry: 'US' });

    const set = await call(fixture.owner, 'PUT', '/api/practice/country', { country: 'ES' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ country: 'ES' });
    expect((await call(sam, 'GET', '/api/session')).json()).toMatchObject({ practiceCountry: 'ES' });
    const audit = await t.current.database.db
      .selectFrom('auditEvents')
      .select(['action', 'detail'])
      .where('action', '=', 'practice.country_changed')
      .execute();
    expect(audit.map((a) => [a.action, JSON.parse(a.detail)])).toEqual([
      ['practice.country_changed', { from: 'US', to: 'ES' }],
    ]);

    // A practice anywhere else gets the international lines, never another country's numbers.
    await call(fixture.owner, 'PUT', '/api/practice/country', { country: 'INTL' });
    expect((await call(sam, 'GET', '/api/session')).json()).toMatchObject({ practiceCountry: 'INTL' });
  });
});
