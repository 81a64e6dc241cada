import { afterEach, expect, it } from 'vitest';
import type { HearthApp } from '../http.js';
import {
  addPerson,
  buildTestApp,
  createTestDatabase,
  describeEachEngine,
  setUpPractice,
  setupPracticeId,
  type TestApp,
  type TestDatabase,
} from '../../testing/test-app.js';

/** The session as one instance reads it: the status of GET /api/session with this cookie. */
async function sessionStatus(app: HearthApp, cookie: string): Promise<number> {
  return (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode;
}

describeEachEngine('reading the session (docs/decisions/0045)', (engine) => {
  let testDb: TestDatabase | undefined;
  const apps: HearthApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await testDb?.cleanup();
    testDb = undefined;
  });

  async function instances(count: number, keys?: { current: string }): Promise<TestApp[]> {
    testDb ??= await createTestDatabase(engine);
    const made: TestApp[] = [];
    for (let i = 0; i < count; i++) {
      const instance = await buildTestApp(testDb, keys ? { keys } : {});
      apps.push(instance.app);
      made.push(instance);
    }
    return made;
  }

  it('refuses, on another instance at its very next request, a session ended by disabling or signing out', async () => {
    const [first, second] = await instances(2);
    const owner = await setUpPractice(first!.app);
    const member = await addPerson(first!, {
      email: 'member@harbour.test',
      role: 'member',
      practiceId: await setupPracticeId(first!),
    });
    expect(await sessionStatus(second!.app, member.cookie)).toBe(200);
    expect(await sessionStatus(second!.app, owner.cookie)).toBe(200);

    const disabled = await first!.app.inject({
      method: 'POST',
      url: `/api/people/${member.userId}/disable`,
      headers: { cookie: owner.cookie },
    });
    expect(disabled.statusCode).toBe(204);
    // No wait: the other instance reads the sessions table on every request.
    expect(await sessionStatus(second!.app, member.cookie)).toBe(401);

    expect(
      (await first!.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: owner.cookie } }))
        .statusCode,
    ).toBe(204);
    expect(await sessionStatus(second!.app, owner.cookie)).toBe(401);
  });

  it('refuses a session past its absolute lifetime and deletes it, though its cookie is well signed', async () => {
    const [instance] = await instances(1);
    const owner = await setUpPractice(instance!.app);
    const { db } = instance!.database;
    await db
      .updateTable('sessions')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where('userId', '=', owner.userId)
      .execute();
    expect(await sessionStatus(instance!.app, owner.cookie)).toBe(401);
    expect(await db.selectFrom('sessions').select('id').where('userId', '=', owner.userId).execute()).toEqual([]);
  });

  it('reads the cookie exactly as better-auth signs it, and nothing else', async () => {
    const [instance] = await instances(1);
    const owner = await setUpPractice(instance!.app);
    const member = await addPerson(instance!, {
      email: 'member@harbour.test',
      role: 'member',
      practiceId: await setupPracticeId(instance!),
    });
    const [name, encoded] = owner.cookie.split('=') as [string, string];
    const value = decodeURIComponent(encoded);
    const [token, signature] = value.split('.') as [string, string];
    const memberToken = decodeURIComponent(member.cookie.split('=')[1]!).split('.')[0]!;
    const status = (cookie: string) => sessionStatus(instance!.app, cookie);

    // As signed, percent-encoded or not, quoted or not, among other cookies.
    expect(await status(owner.cookie)).toBe(200);
    expect(await status(`${name}=${value}`)).toBe(200);
    expect(await status(`${name}="${encoded}"`)).toBe(200);
    expect(await status(`theme=dark; ${owner.cookie}; lang=es`)).toBe(200);
    // Another person's token under this signature, a changed signature, or none.
    expect(await status(`${name}=${encodeURIComponent(`${memberToken}.${signature}`)}`)).toBe(401);
    expect(
      await status(
        `${name}=${encodeURIComponent(`${token}.${signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`)}`,
      ),
    ).toBe(401);
    expect(await status(`${name}=${token}`)).toBe(401);
    // The first cookie of the name counts, as in better-call: a forged one first hides the real one.
    expect(await status(`${name}=forged.value; ${owner.cookie}`)).toBe(401);
    expect(await status(`${owner.cookie}; ${name}=forged.value`)).toBe(200);

    // An instance with another root key does not accept this one's cookies.
    const [other] = await instances(1, { current: 'another-root-key-that-is-long-enough-0123456789' });
    expect(await sessionStatus(other!.app, owner.cookie)).toBe(401);
  });
});
