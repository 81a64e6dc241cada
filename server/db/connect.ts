import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { privateFile, privateFolder } from '../platform/private-files.js';
import type { DB } from './schema.js';
import { withStatementCache } from './statement-cache.js';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Where the data lives, safe to print (no password). */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL; when absent Hearth uses the embedded SQLite file in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** PostgreSQL only: run in this schema (tests give each test its own). */
  postgresSchema?: string;
}

/** The file name of the embedded database inside the data directory. */
export const SQLITE_FILE = 'hearth.sqlite';

/**
 * The one place that chooses the database engine. Everything else talks to Kysely and stays
 * engine-agnostic, apart from the column types in migrations.
 */
export function connectDatabase(options: DatabaseOptions): Database {
  const plugins = [new CamelCasePlugin()];
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      ...(options.postgresSchema && { options: `-c search_path=${options.postgresSchema}` }),
    });
    // An idle client that loses its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, engine: 'postgres', location: redactUrl(options.databaseUrl), close: () => db.destroy() };
  }

  privateFolder(options.dataDir);
  const file = path.join(options.dataDir, SQLITE_FILE);
  // SQLite gives the -wal and -shm files the database file's mode, so making this one 0600 first
  // keeps all three private; ones left by an older version are tightened here too.
  privateFile(file);
  for (const companion of ['-wal', '-shm']) {
    if (fs.existsSync(file + companion)) fs.chmodSync(file + companion, 0o600);
  }
  const sqlite = new SQLite(file);
  // busy_timeout comes first so that setting WAL below waits instead of failing when another
  // process (the CLI's backup, say) holds the file.
  sqlite.pragma('busy_timeout = 5000');
  // WAL lets readers run while one writer commits.
  sqlite.pragma('journal_mode = WAL');
  // FULL syncs the WAL at every commit: a clinical record must survive a power cut, not only a crash.
  sqlite.pragma('synchronous = FULL');
  // SQLite leaves foreign keys off unless each connection asks for them.
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins });
  return { db, engine: 'sqlite', location: file, close: () => db.destroy() };
}

/** A database URL with its password replaced, for logs and messages. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
