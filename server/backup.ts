import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Config } from './config.js';
import { connectDatabase, redactUrl, SQLITE_FILE } from './db/connect.js';

/** Where the CLI writes its lines; the same shape as cli.ts's CliOutput. */
interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** A step that failed, with the sentence the operator reads; the CLI exits 1 with it. */
export class BackupError extends Error {}

const POSTGRES_TOOLS_MISSING = (tool: string) =>
  `${tool} was not found. Install PostgreSQL's client tools (on Debian or Ubuntu: apt-get install postgresql-client, ` +
  'the same major version as the server or newer) and run this again.';

/**
 * Writes a verified backup of Hearth's database to `file` (new, 0600): SQLite's online backup
 * checked with `PRAGMA integrity_check`, or `pg_dump --format=custom` checked by `pg_restore --list`.
 */
export async function backupDatabase(config: Config, file: string, io: Output): Promise<void> {
  if (fs.existsSync(file))
    throw new BackupError(`${file} already exists; choose a new file name so no backup is overwritten.`);
  if (config.databaseUrl) {
    requireTool('pg_dump');
    requireTool('pg_restore');
  } else if (!fs.existsSync(sqliteFile(config))) {
    throw new BackupError(`There is no database at ${sqliteFile(config)}. Check HEARTH_DATA_DIR.`);
  }
  // Made empty and private first, so the copy is never readable by others, not even for a moment.
  fs.writeFileSync(file, '', { flag: 'wx', mode: 0o600 });
  try {
    if (config.databaseUrl) {
      const url = config.databaseUrl;
      io.out(`Dumping ${redactUrl(url)} with pg_dump…`);
      await runPostgresTool('pg_dump', ['--format=custom', '--verbose', `--file=${file}`], url, io);
      io.out('Checking that pg_restore can read the backup…');
      const entries = await runPostgresTool('pg_restore', ['--list', file], undefined, io);
      io.out(`The backup is readable: ${entries.split('\n').filter((l) => /^\d+;/.test(l)).length} entries.`);
    } else {
      io.out(`Copying ${sqliteFile(config)}…`);
      await copySqlite(sqliteFile(config), file, io);
      io.out('Checking the copy with PRAGMA integrity_check…');
      checkSqliteIntegrity(file);
      io.out('The backup passed the integrity check.');
    }
  } catch (error) {
    // A half-written backup must not be mistaken for a good one later.
    fs.rmSync(file, { force: true });
    throw error;
  }
}

/**
 * Puts a backup made by `backupDatabase` into an empty database: the data folder's SQLite file, or
 * the PostgreSQL database DATABASE_URL names. Never into one that already has tables. Migrations
 * and the audit check are the caller's next steps.
 */
export async function restoreDatabase(config: Config, file: string, io: Output): Promise<void> {
  if (!fs.existsSync(file)) throw new BackupError(`There is no backup at ${file}.`);
  if (config.databaseUrl) {
    requireTool('pg_restore');
    const url = config.databaseUrl;
    io.out(`Checking that pg_restore can read ${file}…`);
    await runPostgresTool('pg_restore', ['--list', file], undefined, io);
    await refuseUnlessEmpty(config);
    io.out(`Restoring into ${redactUrl(url)} with pg_restore…`);
    // One transaction: a restore that fails half-way leaves the database empty, ready for another try.
    await runPostgresTool(
      'pg_restore',
      ['--exit-on-error', '--single-transaction', '--no-owner', '--verbose', file],
      url,
      io,
    );
    return;
  }
  io.out(`Checking ${file} with PRAGMA integrity_check…`);
  checkSqliteIntegrity(file);
  await refuseUnlessEmpty(config);
  const target = sqliteFile(config);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // An empty file left by an earlier start goes, with its journal; then the copy is renamed into place
  // whole, so a restore cut short never leaves a half-copied database where Hearth would open it.
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  const temporary = `${target}.restoring`;
  fs.rmSync(temporary, { force: true });
  io.out(`Copying the backup to ${target}…`);
  await copySqlite(file, temporary, io);
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, target);
}

function sqliteFile(config: Config): string {
  return path.join(config.dataDir, SQLITE_FILE);
}

/** SQLite's online backup, consistent while Hearth keeps writing, with progress for big files. */
async function copySqlite(source: string, destination: string, io: Output): Promise<void> {
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  let reported = 0;
  try {
    await db.backup(destination, {
      progress: ({ totalPages, remainingPages }) => {
        const percent = Math.floor(((totalPages - remainingPages) / Math.max(totalPages, 1)) * 100);
        if (remainingPages > 0 && percent >= reported + 10) {
          reported = percent;
          io.out(`  ${percent}% copied`);
        }
        return 1000; // pages per step
      },
    });
  } finally {
    db.close();
  }
  // The copy keeps the source's WAL mode, and opening it would then leave -wal and -shm files beside
  // it; a backup is one file.
  const copy = new SQLite(destination, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

function checkSqliteIntegrity(file: string): void {
  let verdict: string;
  try {
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      verdict = (db.pragma('integrity_check') as Array<{ integrity_check: string }>)
        .map((r) => r.integrity_check)
        .join('; ');
    } finally {
      db.close();
    }
  } catch (error) {
    throw new BackupError(`${file} is not a readable SQLite database (${(error as Error).message}).`);
  }
  if (verdict !== 'ok') throw new BackupError(`${file} failed SQLite's integrity check: ${verdict}.`);
}

/** Restoring over live data would mix two practices' records: only an empty target is accepted. */
async function refuseUnlessEmpty(config: Config): Promise<void> {
  if (!config.databaseUrl && !fs.existsSync(sqliteFile(config))) return;
  const database = connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let tables: number;
  try {
    const rows =
      database.engine === 'sqlite'
        ? await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table'`.execute(database.db)
        : await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
            where table_schema = current_schema()`.execute(database.db);
    tables = Number(rows.rows[0]?.n ?? 0);
  } catch (error) {
    throw new BackupError(`Could not look into ${database.location}: ${(error as Error).message}`);
  } finally {
    await database.close();
  }
  if (tables > 0) {
    throw new BackupError(
      `${database.location} already has ${tables} table(s); Hearth restores only into an empty database. ` +
        (config.databaseUrl
          ? 'Create a new database (createdb) and point DATABASE_URL at it.'
          : 'Point HEARTH_DATA_DIR at a new, empty data folder.'),
    );
  }
}

function requireTool(tool: string): void {
  const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new BackupError(POSTGRES_TOOLS_MISSING(tool));
}

/**
 * Runs pg_dump or pg_restore against `url`. The password goes in PGPASSWORD, never on the command
 * line (where `ps` shows it to every local user) nor in a message. Verbose lines naming a table are
 * progress; the rest are kept for the failure message. Resolves to what the tool printed on stdout.
 */
function runPostgresTool(tool: string, args: string[], url: string | undefined, io: Output): Promise<string> {
  const env = { ...process.env };
  const connection: string[] = [];
  if (url) {
    const parsed = new URL(url);
    if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
    connection.push(`--dbname=${parsed.toString()}`);
  }
  const hide = (text: string) => (url ? text.split(url).join(redactUrl(url)) : text);
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...connection, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const problems: string[] = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (/(dumping contents of|processing data for) table/.test(line)) io.out(`  ${hide(line)}`);
        else if (
          !/: (last built-in|reading|identifying|saving|finding|flagging|dumping|creating|processing|executing|connecting|implied|entering|launching)/.test(
            line,
          )
        )
          problems.push(hide(line));
      }
    });
    child.on('error', (error) => reject(new BackupError(`${tool} could not start: ${error.message}`)));
    child.on('close', (code) => {
      if (pending) problems.push(hide(pending));
      if (code === 0) resolve(stdout);
      else reject(new BackupError(`${tool} failed (exit code ${code}): ${problems.join('\n') || 'no message'}`));
    });
  });
}
