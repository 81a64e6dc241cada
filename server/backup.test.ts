import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './cli.js';
import { connectDatabase, type Engine } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { buildTestApp, setUpPractice, TEST_ENGINES, TEST_SECRET_KEY, withAdminClient } from './testing/test-app.js';

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (t: string) => lines.out.push(t), err: (t: string) => lines.err.push(t) } };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllEnvs();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-backup-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What the CLI reads from the environment for one installation. */
// A type, not an interface: runCli takes a string record, and only type literals fit one.
type Installation = { HEARTH_DATA_DIR: string; HEARTH_SECRET_KEY: string; DATABASE_URL?: string };

/**
 * The environment the CLI gets for one empty installation: its own data folder and, on
 * PostgreSQL, a database of its own (the CLI dumps and restores whole databases, as operators do).
 */
async function emptyInstallation(engine: Engine): Promise<Installation> {
  const env: Installation = { HEARTH_DATA_DIR: tempDir(), HEARTH_SECRET_KEY: TEST_SECRET_KEY };
  if (engine === 'postgres') {
    const server = process.env.HEARTH_TEST_DATABASE_URL!;
    const name = `hearth_restore_${crypto.randomBytes(5).toString('hex')}`;
    await withAdminClient(server, (client) => client.query(`create database ${name}`));
    cleanups.push(async () => {
      await withAdminClient(server, (client) => client.query(`drop database ${name} with (force)`));
    });
    const url = new URL(server);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
  }
  return env;
}

/** A practice set up through the app (owner, two-step sign-in, audit records), then closed. */
async function seedPractice(env: Installation): Promise<void> {
  const database = connectDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HEARTH_DATA_DIR });
  await migrateToLatest(database);
  const { app } = await buildTestApp({
    database,
    dataDir: env.HEARTH_DATA_DIR,
    connectAgain: () => {
      throw new Error('not used');
    },
    cleanup: () => database.close(),
  });
  await setUpPractice(app);
  await app.close();
  await database.close();
}

async function countRows(env: Installation) {
  const database = connectDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HEARTH_DATA_DIR });
  try {
    const count = async (table: 'practices' | 'users' | 'auditEvents') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      practices: await count('practices'),
      users: await count('users'),
      auditEvents: await count('auditEvents'),
    };
  } finally {
    await database.close();
  }
}

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

for (const engine of TEST_ENGINES) {
  describe(`hearth backup and restore [${engine}]`, () => {
    it('restore drill: backs up a practice, restores it into an empty database, and the audit log verifies', async () => {
      const source = await emptyInstallation(engine);
      await seedPractice(source);
      const before = await countRows(source);
      expect(before.practices).toBe(1);
      expect(before.auditEvents).toBeGreaterThan(0);

      const file = path.join(tempDir(), engine === 'sqlite' ? 'hearth.sqlite.bak' : 'hearth.dump');
      const backedUp = capture();
      expect(await runCli(['backup', file], source, backedUp.io), backedUp.lines.err.join('\n')).toBe(0);
      expect(modeOf(file)).toBe(0o600);
      expect(backedUp.lines.out.join('\n')).toMatch(
        engine === 'sqlite' ? /passed the integrity check/ : /The backup is readable: \d+ entries/,
      );
      expect(backedUp.lines.out.join('\n')).toMatch(engine === 'sqlite' ? /Copying/ : /dumping contents of table/);

      const target = await emptyInstallation(engine);
      const restored = capture();
      expect(await runCli(['restore', file], target, restored.io), restored.lines.err.join('\n')).toBe(0);
      const printed = restored.lines.out.join('\n');
      expect(printed).toMatch(/Restored .* Applying migrations/);
      expect(printed).toMatch(new RegExp(`The audit log is intact: ${before.auditEvents} record`));
      expect(await countRows(target)).toEqual(before);
      if (engine === 'sqlite') expect(modeOf(path.join(target.HEARTH_DATA_DIR, 'hearth.sqlite'))).toBe(0o600);
      if (engine === 'postgres') expect(printed + restored.lines.err.join('')).not.toContain(':postgres@');
    });

    it('refuses to overwrite a file, and to restore into a database that has tables', async () => {
      const source = await emptyInstallation(engine);
      await seedPractice(source);
      const file = path.join(tempDir(), 'taken');
      fs.writeFileSync(file, 'keep me');
      const overwrite = capture();
      expect(await runCli(['backup', file], source, overwrite.io)).toBe(1);
      expect(overwrite.lines.err[0]).toContain('already exists');
      expect(fs.readFileSync(file, 'utf8')).toBe('keep me');

      const good = path.join(tempDir(), 'good.backup');
      expect(await runCli(['backup', good], source, capture().io)).toBe(0);
      const before = await countRows(source);
      const intoLive = capture();
      expect(await runCli(['restore', good], source, intoLive.io)).toBe(1);
      expect(intoLive.lines.err[0]).toMatch(/already has \d+ table\(s\); Hearth restores only into an empty database/);
      expect(intoLive.lines.err[0]).toContain(engine === 'sqlite' ? 'new, empty data folder' : 'Create a new database');
      expect(await countRows(source)).toEqual(before);
    });

    it('restored with another root key, says the audit log does not verify and why, with exit code 3', async () => {
      const source = await emptyInstallation(engine);
      await seedPractice(source);
      const file = path.join(tempDir(), 'hearth.backup');
      expect(await runCli(['backup', file], source, capture().io)).toBe(0);
      const target = { ...(await emptyInstallation(engine)), HEARTH_SECRET_KEY: 'another-key-'.repeat(4) };
      const { lines, io } = capture();
      expect(await runCli(['restore', file], target, io)).toBe(3);
      expect(lines.err.join('\n')).toMatch(/broken at record 1[\s\S]*another root key/);
    });

    if (engine === 'postgres')
      it('exits 1 when pg_dump cannot reach the database, leaving no file and never printing the password', async () => {
        const file = path.join(tempDir(), 'hearth.dump');
        const env = {
          DATABASE_URL: 'postgres://hearth:s3cret@127.0.0.1:1/hearth',
          HEARTH_DATA_DIR: tempDir(),
          HEARTH_SECRET_KEY: TEST_SECRET_KEY,
        };
        const { lines, io } = capture();
        expect(await runCli(['backup', file], env, io)).toBe(1);
        expect(lines.err[0]).toMatch(/pg_dump failed \(exit code 1\)/);
        expect(fs.existsSync(file)).toBe(false);
        expect(lines.out.join('\n')).toContain('postgres://hearth:***@127.0.0.1:1/hearth');
        expect(lines.out.join('') + lines.err.join('')).not.toContain('s3cret');
      });

    it('exits non-zero on a file that is not a backup, leaving the target empty', async () => {
      const target = await emptyInstallation(engine);
      const file = path.join(tempDir(), 'not-a-backup');
      fs.writeFileSync(file, 'this is not a database');
      const { lines, io } = capture();
      expect(await runCli(['restore', file], target, io)).toBe(1);
      expect(lines.err[0]).toMatch(engine === 'sqlite' ? /not a readable SQLite database/ : /pg_restore failed/);
      if (engine === 'sqlite') expect(fs.existsSync(path.join(target.HEARTH_DATA_DIR, 'hearth.sqlite'))).toBe(false);
    });
  });
}

describe('hearth backup on PostgreSQL without the client tools', () => {
  it('names the package to install and writes no file', async () => {
    vi.stubEnv('PATH', tempDir());
    const file = path.join(tempDir(), 'hearth.dump');
    const env = { DATABASE_URL: 'postgres://hearth:s3cret@db.internal/hearth', HEARTH_SECRET_KEY: 'k'.repeat(40) };
    const { lines, io } = capture();
    expect(await runCli(['backup', file], env, io)).toBe(1);
    expect(lines.err[0]).toMatch(/pg_dump was not found.*apt-get install postgresql-client/);
    expect(fs.existsSync(file)).toBe(false);
    expect(lines.out.join('') + lines.err.join('')).not.toContain('s3cret');
  });
});
