import { expect, it } from 'vitest';
import {
  addPerson,
  buildTestApp,
  describeEachEngine,
  setUpPractice,
  setupPracticeId,
  useTestApp,
  type SignedIn,
} from '../../testing/test-app.js';
import type { HearthApp } from '../http.js';

const GROUP = {
  name: 'Thursday Support Group',
  description: 'A steady place to talk about the week.',
  modality: 'support',
  format: 'open',
  capacity: 8,
  timeZone: 'Europe/London',
  meetingMode: 'online',
  meetingLink: 'https://meet.example.org/thursday',
  agreement: 'What is said here stays here.',
};

function createGroup(app: HearthApp, who: SignedIn, key: string | undefined, body: Record<string, unknown> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/groups',
    headers: { cookie: who.cookie, ...(key && { 'idempotency-key': key }) },
    payload: { ...GROUP, facilitatorIds: [who.userId], ...body },
  });
}

describeEachEngine('idempotency keys', (engine) => {
  const t = useTestApp(engine);

  async function groupCount(owner: SignedIn) {
    const list = await t.current.app.inject({ method: 'GET', url: '/api/groups', headers: { cookie: owner.cookie } });
    return (list.json().groups as unknown[]).length;
  }

  it('answers the same key twice with the first response and makes one group', async () => {
    const owner = await setUpPractice(t.current.app);
    const first = await createGroup(t.current.app, owner, 'create-group-0001');
    const again = await createGroup(t.current.app, owner, 'create-group-0001');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/application\/json/);
    expect(await groupCount(owner)).toBe(1);
    // A new key is a new group.
    expect((await createGroup(t.current.app, owner, 'create-group-0002')).statusCode).toBe(201);
    expect(await groupCount(owner)).toBe(2);
  });

  it('makes one group from two requests with the same key at the same moment, on two instances', async () => {
    const owner = await setUpPractice(t.current.app);
    const other = await buildTestApp({ ...t.current, database: t.current.connectAgain() });
    try {
      const [a, b] = await Promise.all([
        createGroup(t.current.app, owner, 'double-click-1234'),
        createGroup(other.app, owner, 'double-click-1234'),
      ]);
      expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
      expect(a.json().id).toBe(b.json().id);
      expect(await groupCount(owner)).toBe(1);
    } finally {
      await other.app.close();
      await other.database.close();
    }
  });

  it('lets a retry go ahead within seconds when the instance working on its key was killed', async () => {
    const owner = await setUpPractice(t.current.app);
    const scope = `${owner.userId}:${await setupPracticeId(t.current)}`;
    const claimedAt = new Date(Date.now() - 20_000).toISOString();
    // What a killed instance leaves: a claim with no response, its lease (15 s) not renewed.
    await t.current.database.db
      .insertInto('idempotencyKeys')
      .values({
        scope,
        key: 'killed-mid-request',
        route: 'POST /api/groups',
        requestHash: 'whatever the first attempt sent',
        createdAt: claimedAt,
        expiresAt: new Date(Date.now() - 5_000).toISOString(),
      })
      .execute();
    const retry = await createGroup(t.current.app, owner, 'killed-mid-request');
    expect(retry.statusCode, retry.body).toBe(201);
    expect(await groupCount(owner)).toBe(1);
    // A live claim is not taken: its lease runs ahead while the request is worked on.
    const kept = await t.current.database.db
      .selectFrom('idempotencyKeys')
      .select('expiresAt')
      .where('key', '=', 'killed-mid-request')
      .executeTakeFirstOrThrow();
    expect(new Date(kept.expiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  });

  it('refuses the same key with a different request, naming the header', async () => {
    const owner = await setUpPractice(t.current.app);
    await createGroup(t.current.app, owner, 'reused-key-5678');
    const other = await createGroup(t.current.app, owner, 'reused-key-5678', { name: 'Another group' });
    expect(other.statusCode).toBe(422);
    expect(other.json().errors[0].field).toBe('headers.idempotency-key');
    expect(await groupCount(owner)).toBe(1);
  });

  it('keeps keys apart per person: the same key from a colleague makes their own group', async () => {
    const owner = await setUpPractice(t.current.app);
    const practiceId = await setupPracticeId(t.current);
    const maya = await addPerson(t.current, { email: 'maya@harbour.test', role: 'clinician', practiceId });
    await createGroup(t.current.app, owner, 'shared-key-0000');
    const theirs = await createGroup(t.current.app, maya, 'shared-key-0000');
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(await groupCount(owner)).toBe(2);
  });

  it('refuses a key that is too short or has spaces in it', async () => {
    const owner = await setUpPractice(t.current.app);
    expect((await createGroup(t.current.app, owner, 'short')).statusCode).toBe(400);
    expect((await createGroup(t.current.app, owner, 'has a space in it')).statusCode).toBe(400);
    expect(await groupCount(owner)).toBe(0);
  });

  it('sends one invitation and one e-mail for the same key twice, and the first link stays valid', async () => {
    const owner = await setUpPractice(t.current.app);
    const invite = () =>
      t.current.app.inject({
        method: 'POST',
        url: '/api/people/invitations',
        headers: { cookie: owner.cookie, 'idempotency-key': 'invite-jo-00001' },
        payload: { email: 'jo@harbour.test', name: 'Jo Lee', role: 'clinician' },
      });
    const [a, b] = await Promise.all([invite(), invite()]);
    const c = await invite();
    for (const r of [a, b, c]) expect(r.statusCode).toBe(201);
    expect(new Set([a, b, c].map((r) => r.json().id)).size).toBe(1);
    expect(c.json().replaced).toBe(false);
    const outbox = await t.current.app.inject({ method: 'GET', url: '/api/outbox', headers: { cookie: owner.cookie } });
    const invitations = (outbox.json().messages as Array<{ to: string }>).filter((m) => m.to === 'jo@harbour.test');
    expect(invitations).toHaveLength(1);
    const people = await t.current.app.inject({ method: 'GET', url: '/api/people', headers: { cookie: owner.cookie } });
    expect(JSON.stringify(people.json())).not.toContain('withdrawn');
  });
});
