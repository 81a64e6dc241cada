import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyServerOptions } from 'fastify';
import { afterEach, beforeEach, describe } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { connectDatabase, type Database, type DatabaseOptions, type Engine } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import type { HearthApp } from '../platform/http.js';
import type { Broker } from '../platform/realtime/broker.js';
import { MemoryBroker } from '../platform/realtime/memory-broker.js';
import { totpCode } from './totp.js';
import { TWO_FACTOR_ROLES, type Role } from '../../domain/roles.js';
import { hashPassword } from '../platform/auth/password-hasher.js';
import { insertMembership, insertPerson, insertPractice } from '../modules/people/people.repository.js';

/** SQLite always; PostgreSQL too when HEARTH_TEST_DATABASE_URL names a server. */
export const TEST_ENGINES: Engine[] = process.env.HEARTH_TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  database: Database;
  dataDir: string;
  /**
   * A second connection to the same database, as another instance of the app would have; fault
   * tests reach it through a proxy (another URL) or with other timeouts.
   */
  connectAgain(overrides?: Pick<DatabaseOptions, 'databaseUrl' | 'timeouts'>): Database;
  cleanup(): Promise<void>;
}

/**
 * A clean, migrated database: a fresh SQLite file, or a fresh PostgreSQL schema that is dropped
 * afterwards, so tests never see each other's rows.
 */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-test-'));
  if (engine === 'sqlite') {
    const database = connectDatabase({ databaseUrl: undefined, dataDir });
    await migrateToLatest(database);
    return {
      database,
      dataDir,
      connectAgain: () => connectDatabase({ databaseUrl: undefined, dataDir }),
      cleanup: async () => {
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.HEARTH_TEST_DATABASE_URL;
  if (!url) throw new Error('HEARTH_TEST_DATABASE_URL is not set');
  const schema = `test_${crypto.randomBytes(6).toString('hex')}`;
  await withAdminClient(url, (client) => client.query(`create schema ${schema}`));
  const database = connectDatabase({ databaseUrl: url, dataDir, postgresSchema: schema });
  await migrateToLatest(database);
  return {
    database,
    dataDir,
    connectAgain: (overrides) => connectDatabase({ databaseUrl: url, dataDir, postgresSchema: schema, ...overrides }),
    cleanup: async () => {
      await database.close();
      await withAdminClient(url, (client) => client.query(`drop schema ${schema} cascade`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs statements on a connection of its own (schemas, pg_terminate_backend), closed afterwards. */
export async function withAdminClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface TestApp extends TestDatabase {
  app: HearthApp;
  broker: Broker;
}

/** The root secret test apps run with, unless a test gives its own. */
export const TEST_SECRET_KEY = 'test-secret-key-that-is-long-enough-0123456789';

export interface TestAppOptions {
  broker?: Broker;
  /** Root secrets other than TEST_SECRET_KEY: a key rotation's new key and the one it replaces. */
  keys?: { current: string; previous?: string };
  env?: Record<string, string>;
  webRoot?: string | null;
  /** Fastify's logger options; off unless a test reads the log. */
  logger?: FastifyServerOptions['logger'];
}

/** A Hearth app on a clean database, without the web app and with logging off. */
export async function createTestApp(engine: Engine, options: TestAppOptions = {}): Promise<TestApp> {
  const testDb = await createTestDatabase(engine);
  const instance = await buildTestApp(testDb, options);
  return {
    ...instance,
    cleanup: async () => {
      await instance.app.close();
      await testDb.cleanup();
    },
  };
}

/**
 * A Hearth app on an existing test database. Several of these on one database behave like
 * instances of one deployment behind a load balancer. Closing the app is the caller's job.
 */
export async function buildTestApp(testDb: TestDatabase, options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({ HEARTH_DATA_DIR: testDb.dataDir, LOG_LEVEL: 'silent', ...options.env });
  const broker = options.broker ?? new MemoryBroker();
  const app = await buildApp({
    config,
    database: testDb.database,
    broker,
    secretKey: options.keys?.current ?? TEST_SECRET_KEY,
    previousSecretKey: options.keys?.previous,
    webRoot: options.webRoot ?? null,
    logger: options.logger ?? false,
  });
  await app.ready();
  return { ...testDb, app, broker };
}

/** Runs a describe block once per engine in TEST_ENGINES, the way Kysely's own suite does. */
export function describeEachEngine(name: string, body: (engine: Engine) => void): void {
  for (const engine of TEST_ENGINES) describe(`${name} [${engine}]`, () => body(engine));
}

/** A fresh app before each test, cleaned up after it; read `.current` inside a test. */
export function useTestApp(engine: Engine, options?: TestAppOptions): { current: TestApp } {
  const holder = {} as { current: TestApp };
  beforeEach(async () => {
    holder.current = await createTestApp(engine, options);
  });
  afterEach(async () => {
    await holder.current?.cleanup();
  });
  return holder;
}

/** A request to the current test app as a signed-in person, with an optional JSON body. */
export function callerOf(t: { current: TestApp }) {
  return (who: SignedIn, method: string, url: string, payload?: object) =>
    t.current.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie: who.cookie },
      ...(payload && { payload }),
    });
}

/** The owner of the test practice; the password passes every strength rule. */
export const OWNER = {
  practiceName: 'Harbour Light Group Practice',
  ownerName: 'Alex Morgan',
  email: 'alex@harbour.test',
  password: 'calm harbour lantern 42',
} as const;

/** A signed-in person in tests: their session cookie and, once enrolled, their two-step secret. */
export interface SignedIn {
  cookie: string;
  userId: string;
  twoFactorSecret?: string;
  recoveryCodes?: string[];
  /** The address their requests come from, so per-address limits count each person apart. */
  ip?: string;
}

/** Completes first-run setup; the owner is signed in but has not set up two-step sign-in yet. */
export async function setUpPracticeWithoutTwoFactor(app: HearthApp): Promise<SignedIn> {
  const response = await app.inject({ method: 'POST', url: '/api/setup', payload: OWNER });
  if (response.statusCode !== 201) throw new Error(`setup failed: ${response.statusCode} ${response.body}`);
  return { cookie: sessionCookie(response.headers['set-cookie']), userId: response.json().user.id };
}

/** Sets up two-step sign-in for a signed-in person; returns their new session and the secret. */
export async function enrolTwoFactor(app: HearthApp, person: SignedIn, password: string): Promise<SignedIn> {
  const start = await app.inject({
    method: 'POST',
    url: '/api/me/two-factor',
    headers: { cookie: person.cookie },
    payload: { password },
    remoteAddress: person.ip,
  });
  if (start.statusCode !== 200) throw new Error(`enrolment failed: ${start.statusCode} ${start.body}`);
  const { secret, recoveryCodes } = start.json() as { secret: string; recoveryCodes: string[] };
  const confirm = await app.inject({
    method: 'POST',
    url: '/api/me/two-factor/confirm',
    headers: { cookie: person.cookie },
    payload: { code: totpCode(secret) },
    remoteAddress: person.ip,
  });
  if (confirm.statusCode !== 200) throw new Error(`confirmation failed: ${confirm.statusCode} ${confirm.body}`);
  const setCookie = confirm.headers['set-cookie'];
  return {
    ...person,
    cookie: setCookie ? sessionCookie(setCookie) : person.cookie,
    twoFactorSecret: secret,
    recoveryCodes,
  };
}

/** Completes first-run setup and two-step enrolment; returns the owner's session. */
export async function setUpPractice(app: HearthApp): Promise<SignedIn> {
  return enrolTwoFactor(app, await setUpPracticeWithoutTwoFactor(app), OWNER.password);
}

/** The "name=value" of the session cookie in a Set-Cookie header. */
export function sessionCookie(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = all.find((c) => c.startsWith('hearth.session_token='));
  if (!found) throw new Error(`no session cookie in ${JSON.stringify(all)}`);
  return found.split(';')[0] ?? '';
}

/** A password every test person shares; it passes the strength rules. */
export const TEST_PASSWORD = 'steady river pebble 77';
/** Hashed once per test process: argon2 is slow on purpose. */
let testPasswordHash: Promise<string> | undefined;

/**
 * Puts a person straight into a practice (a new practice when none is given) and signs them in,
 * through two-step enrolment when their role needs it. For tests that need many principals.
 */
export async function addPerson(
  t: TestApp,
  person: { email: string; role: Role; practiceId?: string; name?: string },
): Promise<SignedIn & { practiceId: string }> {
  const { database } = t;
  const now = new Date().toISOString();
  const userId = crypto.randomUUID();
  const practiceId = person.practiceId ?? crypto.randomUUID();
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await testPasswordHash;
  await database.db.transaction().execute(async (trx) => {
    if (!person.practiceId)
      await insertPractice(trx, {
        id: practiceId,
        name: `Practice ${practiceId.slice(0, 8)}`,
        slug: `p-${practiceId}`,
        now,
      });
    await insertPerson(trx, database.engine, {
      id: userId,
      name: person.name ?? person.email.split('@')[0]!,
      email: person.email,
      passwordHash,
      now,
    });
    await insertMembership(trx, { practiceId, userId, role: person.role, now });
  });
  const ip = `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email: person.email, password: TEST_PASSWORD },
    remoteAddress: ip,
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const signedIn: SignedIn = { cookie: sessionCookie(response.headers['set-cookie']), userId, ip };
  const enrolled = TWO_FACTOR_ROLES.includes(person.role)
    ? await enrolTwoFactor(t.app, signedIn, TEST_PASSWORD)
    : signedIn;
  return { ...enrolled, practiceId };
}

/** The id of the practice made by first-run setup. */
export async function setupPracticeId(t: TestApp): Promise<string> {
  const row = await t.database.db.selectFrom('practices').select('id').orderBy('createdAt').executeTakeFirstOrThrow();
  return row.id;
}
