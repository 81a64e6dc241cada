import crypto from 'node:crypto';
import { hash } from '@node-rs/argon2';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, TWO_FACTOR_ROLES, type Role } from '../../../domain/roles.js';
import { AuditLog } from '../../platform/audit/audit-log.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { createMailer } from '../../platform/mail/mailer.js';
import { MemoryBroker } from '../../platform/realtime/memory-broker.js';
import { LiveSessions } from '../../platform/realtime/session-control.js';
import { addPerson, createTestApp, sessionCookie, type SignedIn, type TestApp } from '../../testing/test-app.js';
import { insertMembership, insertPerson, insertPractice } from './people.repository.js';
import { acceptInvitation, changeRole, invite, setDisabled, type PeopleContext } from './people.service.js';

/**
 * Model-based test of practice access: random sequences of invite, accept (admit), disable
 * (remove), enable and change-role, each run against the real services and database, with every
 * person's access checked through the HTTP API after every step.
 */

const PASSWORD = 'model based password 2026';
/** The model checks access, not limits on wrong passwords (people.test.ts checks those). */
const NO_LIMIT = { guard: async () => undefined, recordFailure: async () => undefined };
const POOL = 3;

type Status = 'outside' | 'invited' | 'active' | 'disabled';
interface PersonModel {
  status: Status;
  role: Role | null;
  invitedRole: Role | null;
}
interface Model {
  people: PersonModel[];
}

interface Real {
  t: TestApp;
  context: PeopleContext;
  owner: Viewer;
  ownerSession: SignedIn;
  userIds: string[];
  emails: string[];
  links: Array<string | null>;
  cookies: Array<string | null>;
}

let t: TestApp;
let ownerSession: SignedIn;
let ownerUserId: string;
let cheapHash: string;
let context: PeopleContext;
let runNumber = 0;

/** A session for one person, from its own address so per-address limits stay out of the way. */
async function signIn(real: Real, i: number): Promise<string> {
  const response = await real.t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email: real.emails[i], password: PASSWORD },
    remoteAddress: `10.${(runNumber >> 8) & 255}.${runNumber & 255}.${i + 1}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return sessionCookie(response.headers['set-cookie']);
}

/** Every person's access, as the API reports it, against the model. */
async function checkAccess(model: Model, real: Real): Promise<void> {
  const people = await real.t.app.inject({
    method: 'GET',
    url: '/api/people',
    headers: { cookie: real.ownerSession.cookie },
  });
  expect(people.statusCode).toBe(200);
  const listed = new Map(
    (people.json().people as Array<{ userId: string; role: Role; status: string }>).map((p) => [p.userId, p]),
  );
  for (let i = 0; i < POOL; i++) {
    const person = model.people[i]!;
    const inPractice = person.status === 'active' || person.status === 'disabled';
    expect(listed.has(real.userIds[i]!)).toBe(inPractice);
    if (inPractice) expect(listed.get(real.userIds[i]!)).toMatchObject({ role: person.role, status: person.status });

    const cookie = real.cookies[i];
    if (!cookie) continue;
    const me = await real.t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    if (person.status !== 'active') {
      expect(me.statusCode).toBe(401);
      continue;
    }
    expect(me.statusCode).toBe(200);
    expect(me.json().practice.role).toBe(person.role);
    const needsTwoFactor = TWO_FACTOR_ROLES.includes(person.role!);
    expect(me.json().mustEnrolTwoFactor, JSON.stringify(me.json())).toBe(needsTwoFactor);
    // A member reaches practice routes at once; staff only after setting up two-step sign-in.
    const practice = await real.t.app.inject({ method: 'GET', url: '/api/practice', headers: { cookie } });
    expect(practice.statusCode).toBe(needsTwoFactor ? 403 : 200);
  }
}

const origin = { ip: '127.0.0.1', userAgent: 'model test' };

class Invite implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly i: number,
    readonly role: Role,
  ) {}
  check = (m: Readonly<Model>) => m.people[this.i]!.status === 'outside' || m.people[this.i]!.status === 'invited';
  async run(m: Model, r: Real) {
    const { link } = await invite(
      r.context,
      r.owner,
      { email: r.emails[this.i]!, name: `Person ${this.i}`, role: this.role },
      origin,
    );
    r.links[this.i] = link;
    m.people[this.i] = { ...m.people[this.i]!, status: 'invited', invitedRole: this.role };
    await checkAccess(m, r);
  }
  toString = () => `invite(${this.i}, ${this.role})`;
}

class Accept implements fc.AsyncCommand<Model, Real> {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.people[this.i]!.status === 'invited';
  async run(m: Model, r: Real) {
    const token = r.links[this.i]!.split('#')[1]!;
    await acceptInvitation(r.context, { token, password: PASSWORD }, NO_LIMIT, origin);
    r.cookies[this.i] = await signIn(r, this.i);
    const p = m.people[this.i]!;
    m.people[this.i] = { status: 'active', role: p.invitedRole, invitedRole: null };
    await checkAccess(m, r);
  }
  toString = () => `accept(${this.i})`;
}

class Disable implements fc.AsyncCommand<Model, Real> {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.people[this.i]!.status === 'active';
  async run(m: Model, r: Real) {
    await setDisabled(r.context, r.owner, r.userIds[this.i]!, true, origin);
    m.people[this.i]!.status = 'disabled';
    await checkAccess(m, r);
  }
  toString = () => `disable(${this.i})`;
}

class Enable implements fc.AsyncCommand<Model, Real> {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.people[this.i]!.status === 'disabled';
  async run(m: Model, r: Real) {
    await setDisabled(r.context, r.owner, r.userIds[this.i]!, false, origin);
    m.people[this.i]!.status = 'active';
    // Their old sessions ended when they were disabled: the old cookie stays dead, a new sign-in works.
    const old = r.cookies[this.i];
    if (old)
      expect((await r.t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: old } })).statusCode).toBe(
        401,
      );
    r.cookies[this.i] = await signIn(r, this.i);
    await checkAccess(m, r);
  }
  toString = () => `enable(${this.i})`;
}

class ChangeRole implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly i: number,
    readonly role: Role,
  ) {}
  check = (m: Readonly<Model>) => m.people[this.i]!.status === 'active' || m.people[this.i]!.status === 'disabled';
  async run(m: Model, r: Real) {
    await changeRole(r.context, r.owner, r.userIds[this.i]!, this.role, origin);
    m.people[this.i]!.role = this.role;
    await checkAccess(m, r);
  }
  toString = () => `changeRole(${this.i}, ${this.role})`;
}

const person = fc.integer({ min: 0, max: POOL - 1 });
const role = fc.constantFrom(...ROLES);
const commands = fc.commands(
  [
    fc.tuple(person, role).map(([i, r]) => new Invite(i, r)),
    person.map((i) => new Accept(i)),
    person.map((i) => new Disable(i)),
    person.map((i) => new Enable(i)),
    fc.tuple(person, role).map(([i, r]) => new ChangeRole(i, r)),
  ],
  { maxCommands: 8 },
);

/** A fresh practice per run, owned by the same owner, with a pool of accounts not yet in it. */
async function freshRun(): Promise<{ model: Model; real: Real }> {
  runNumber++;
  const practiceId = crypto.randomUUID();
  const now = new Date().toISOString();
  const emails = Array.from({ length: POOL }, (_, i) => `run${runNumber}-p${i}@model.test`);
  const userIds = emails.map(() => crypto.randomUUID());
  await t.database.db.transaction().execute(async (trx) => {
    await insertPractice(trx, {
      id: practiceId,
      name: `Model practice ${runNumber}`,
      slug: `model-${practiceId}`,
      now,
    });
    await insertMembership(trx, { practiceId, userId: ownerUserId, role: 'owner', now });
    for (let i = 0; i < POOL; i++) {
      await insertPerson(trx, t.database.engine, {
        id: userIds[i]!,
        name: `Person ${i}`,
        email: emails[i]!,
        passwordHash: cheapHash,
        now,
      });
    }
  });
  const switched = await t.app.inject({
    method: 'PUT',
    url: '/api/session/practice',
    headers: { cookie: ownerSession.cookie },
    payload: { practiceId },
  });
  expect(switched.statusCode).toBe(200);
  const owner = {
    userId: ownerUserId,
    name: 'Owner',
    practiceId,
    practiceName: `Model practice ${runNumber}`,
    role: 'owner',
  } as Viewer;
  return {
    model: {
      people: Array.from({ length: POOL }, () => ({ status: 'outside' as const, role: null, invitedRole: null })),
    },
    real: {
      t,
      context,
      owner,
      ownerSession,
      userIds,
      emails,
      links: emails.map(() => null),
      cookies: emails.map(() => null),
    },
  };
}

describe('practice access, model-based', () => {
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    // Cheap argon2 parameters for the pool only: verification reads them from the hash, so
    // a thousand runs stay fast while the code path is the real one.
    cheapHash = await hash(PASSWORD, { memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const owner = await addPerson(t, { email: 'model-owner@model.test', role: 'owner' });
    ownerSession = owner;
    ownerUserId = owner.userId;
    context = {
      database: t.database,
      audit: new AuditLog(t.database.engine, Buffer.alloc(32, 1)),
      liveSessions: new LiveSessions(t.database, new MemoryBroker(), { warn: () => undefined, error: () => undefined }),
      mailer: createMailer({ smtpUrl: undefined, from: 'Hearth <model@localhost>', dataDir: t.dataDir }),
      publicUrl: 'http://localhost:3000',
    };
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('keeps every person’s access equal to the model after every step (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        await fc.asyncModelRun(freshRun, cmds);
      }),
      { numRuns: 1000 },
    );
  }, 600_000);
});
