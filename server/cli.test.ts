import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { loadConfig } from './config.js';
import { connectDatabase } from './db/connect.js';
import { auditLogFor } from './main.js';
import { loadSecretKeys } from './platform/secret-key.js';

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (t: string) => lines.out.push(t), err: (t: string) => lines.err.push(t) } };
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-cli-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('hearth CLI', () => {
  it('prints help for --help and lists every command', async () => {
    const { lines, io } = capture();
    expect(await runCli(['--help'], {}, io)).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'backup', 'restore'])
      expect(lines.out.join('\n')).toContain(command);
  });

  it('answers an unknown command with help and exit code 1', async () => {
    const { lines, io } = capture();
    expect(await runCli(['frobnicate'], {}, io)).toBe(1);
    expect(lines.err.join('\n')).toContain('Unknown command "frobnicate"');
  });

  it('stops with exit code 2 and names a wrong variable', async () => {
    const { lines, io } = capture();
    expect(await runCli(['migrate'], { DATABASE_URL: 'mysql://db/hearth' }, io)).toBe(2);
    expect(lines.err.join('\n')).toMatch(/DATABASE_URL=.*postgres/);
  });

  it('migrates a new data folder, then finds nothing left to do', async () => {
    const dataDir = tempDir();
    const first = capture();
    expect(await runCli(['migrate'], { HEARTH_DATA_DIR: dataDir }, first.io)).toBe(0);
    expect(first.lines.out[0]).toMatch(/^Applied \d+ migration\(s\): 0001-accounts-and-practices/);
    const second = capture();
    expect(await runCli(['migrate'], { HEARTH_DATA_DIR: dataDir }, second.io)).toBe(0);
    expect(second.lines.out[0]).toBe('The database is up to date.');
  });

  it('backs up the embedded database to a file that opens with the same tables', async () => {
    const dataDir = tempDir();
    await runCli(['migrate'], { HEARTH_DATA_DIR: dataDir }, capture().io);
    const target = path.join(tempDir(), 'hearth-backup.sqlite');
    const { lines, io } = capture();
    expect(await runCli(['backup', target], { HEARTH_DATA_DIR: dataDir }, io)).toBe(0);
    expect(lines.out.join('\n')).toContain(`to ${target}.`);
    const copy = new SQLite(target, { readonly: true });
    const tables = copy
      .prepare("select name from sqlite_master where type = 'table'")
      .all()
      .map((r) => (r as { name: string }).name);
    copy.close();
    expect(tables).toEqual(expect.arrayContaining(['users', 'practices', 'sessions', 'installation']));
  });

  it('never overwrites an existing file when backing up', async () => {
    const dataDir = tempDir();
    await runCli(['migrate'], { HEARTH_DATA_DIR: dataDir }, capture().io);
    const target = path.join(tempDir(), 'taken.sqlite');
    fs.writeFileSync(target, 'keep me');
    const { lines, io } = capture();
    expect(await runCli(['backup', target], { HEARTH_DATA_DIR: dataDir }, io)).toBe(1);
    expect(lines.err[0]).toContain('already exists');
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('verifies the audit log and names the first broken record, with exit code 3', async () => {
    const dataDir = tempDir();
    const env = { HEARTH_DATA_DIR: dataDir };
    await runCli(['migrate'], env, capture().io);
    const database = connectDatabase({ databaseUrl: undefined, dataDir });
    const log = auditLogFor(loadConfig(env), database);
    for (const n of [1, 2]) {
      await database.db
        .transaction()
        .execute((trx) => log.record(trx, { action: 'auth.signed_in', practiceId: 'p', actor: null, detail: { n } }));
    }
    const intact = capture();
    expect(await runCli(['audit', 'verify'], env, intact.io)).toBe(0);
    expect(intact.lines.out[0]).toMatch(/intact: 2 record/);

    await database.db.updateTable('auditEvents').set({ action: 'auth.signed_out' }).where('seq', '=', 1).execute();
    await database.close();
    const broken = capture();
    expect(await runCli(['audit', 'verify'], env, broken.io)).toBe(3);
    expect(broken.lines.err[0]).toMatch(/broken at record 1 of chain p/);
  });
});

/** A file's permission bits. */
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('data at rest', () => {
  it('keeps the data folder 0700 and the database, its -wal and -shm 0600, tightening ones made before', async () => {
    const dataDir = path.join(tempDir(), 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'hearth.sqlite'), '', { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, 'hearth.sqlite'), 0o644);
    const database = connectDatabase({ databaseUrl: undefined, dataDir });
    await database.db.schema.createTable('t').addColumn('x', 'text').execute();
    for (const name of ['hearth.sqlite', 'hearth.sqlite-wal', 'hearth.sqlite-shm'])
      expect(modeOf(path.join(dataDir, name)), name).toBe(0o600);
    expect(modeOf(dataDir)).toBe(0o700);
    await database.close();
    const fresh = path.join(tempDir(), 'new-data');
    await runCli(['migrate'], { HEARTH_DATA_DIR: fresh }, capture().io);
    expect(modeOf(fresh)).toBe(0o700);
    expect(modeOf(path.join(fresh, 'hearth.sqlite'))).toBe(0o600);
  });

  it('writes backups 0600 without the key, and with it only when asked', async () => {
    const dataDir = tempDir();
    const env = { HEARTH_DATA_DIR: dataDir };
    // Migrates, and makes the key file as a first start does.
    await runCli(['audit', 'verify'], env, capture().io);
    const key = fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8');
    const folder = tempDir();
    const plain = capture();
    expect(await runCli(['backup', path.join(folder, 'a.sqlite')], env, plain.io)).toBe(0);
    expect(modeOf(path.join(folder, 'a.sqlite'))).toBe(0o600);
    expect(fs.readdirSync(folder)).toEqual(['a.sqlite']);
    expect(fs.readFileSync(path.join(folder, 'a.sqlite')).includes(key)).toBe(false);
    expect(plain.lines.out.join('\n')).toContain('The root key is not in the backup');

    const withKey = capture();
    expect(await runCli(['backup', path.join(folder, 'b.sqlite'), '--with-key'], env, withKey.io)).toBe(0);
    expect(fs.readFileSync(path.join(folder, 'b.sqlite.key'), 'utf8')).toBe(key);
    expect(modeOf(path.join(folder, 'b.sqlite.key'))).toBe(0o600);
  });

  it('reads the root key from HEARTH_SECRET_KEY_FILE, outside the data folder, and makes none beside the data', async () => {
    const dataDir = tempDir();
    const keyFile = path.join(tempDir(), 'hearth.key');
    const env = { HEARTH_DATA_DIR: dataDir, HEARTH_SECRET_KEY_FILE: keyFile };
    const missing = capture();
    await expect(runCli(['audit', 'verify'], env, missing.io)).rejects.toThrow(/no key file at .*hearth\.key/);
    fs.writeFileSync(keyFile, 'k'.repeat(48), { mode: 0o600 });
    expect(await runCli(['audit', 'verify'], env, capture().io)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
    expect(loadSecretKeys(loadConfig(env)).current).toBe('k'.repeat(48));
  });

  it('rotates a key file: a new key, the old one kept aside until done, resumed when interrupted', async () => {
    const dataDir = tempDir();
    const env = { HEARTH_DATA_DIR: dataDir };
    // Migrates, and makes the key file as a first start does.
    await runCli(['audit', 'verify'], env, capture().io);
    const keyFile = path.join(dataDir, 'secret.key');
    const before = fs.readFileSync(keyFile, 'utf8');

    // Interrupted after keeping the old key aside, before writing the new one.
    fs.writeFileSync(`${keyFile}.previous`, before, { mode: 0o600 });
    const first = capture();
    expect(await runCli(['rotate-key'], env, first.io)).toBe(0);
    const after = fs.readFileSync(keyFile, 'utf8');
    expect(after).not.toBe(before);
    expect(fs.readFileSync(`${keyFile}.previous`, 'utf8')).toBe(before);
    expect(modeOf(keyFile)).toBe(0o600);
    expect(first.lines.out.join('\n')).toMatch(/Made a new key[\s\S]*Done:[\s\S]*delete .*secret\.key\.previous/);

    // Run again (say the first run was cut off while re-encrypting): it keeps the new key and finishes.
    const again = capture();
    expect(await runCli(['rotate-key'], env, again.io)).toBe(0);
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(after);
    expect(again.lines.out[0]).toContain('Resuming');
    const database = connectDatabase({ databaseUrl: undefined, dataDir });
    const rotated = await database.db
      .selectFrom('auditEvents')
      .select('action')
      .where('action', '=', 'security.key_rotated')
      .execute();
    await database.close();
    expect(rotated).toHaveLength(2);
  });

  it('leaves HEARTH_SECRET_KEY to the operator: it asks for the previous key instead of guessing', async () => {
    const { lines, io } = capture();
    const env = { HEARTH_DATA_DIR: tempDir(), HEARTH_SECRET_KEY: 'n'.repeat(40) };
    expect(await runCli(['rotate-key'], env, io)).toBe(1);
    expect(lines.err[0]).toContain('HEARTH_PREVIOUS_SECRET_KEY');
    const ready = capture();
    expect(await runCli(['rotate-key'], { ...env, HEARTH_PREVIOUS_SECRET_KEY: 'o'.repeat(40) }, ready.io)).toBe(0);
    expect(ready.lines.out.join('\n')).toContain('unset HEARTH_PREVIOUS_SECRET_KEY');
  });
});
