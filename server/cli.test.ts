import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { loadConfig } from './config.js';
import { connectDatabase } from './db/connect.js';
import { auditLogFor } from './main.js';

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
    for (const command of ['serve', 'migrate', 'demo', 'backup']) expect(lines.out.join('\n')).toContain(command);
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
    expect(lines.out[0]).toContain(target);
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

  it('explains pg_dump when running on PostgreSQL', async () => {
    const { lines, io } = capture();
    const env = { DATABASE_URL: 'postgres://hearth@db.internal/hearth', HEARTH_SECRET_KEY: 'k'.repeat(40) };
    expect(await runCli(['backup', 'x.dump'], env, io)).toBe(0);
    expect(lines.out.join('\n')).toContain('pg_dump');
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
