import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  Kysely,
  PostgresDialect,
  PostgresDriver,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
  type SqliteDialectConfig,
} from 'kysely';
import { createPostgresPool, MAINTENANCE_TIMEOUTS, type PostgresTimeouts } from './postgres-pool.js';
import { privateFile, privateFolder } from '../platform/private-files.js';
import type { DB } from './schema.js';
import { withStatementCache } from './statement-cache.js';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Where the data lives, safe to print (no password). */
  location: string;
  /** What has gone wrong around the database lately, for the log and /readyz. */
  health: DatabaseHealth;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL; when absent Hearth uses the embedded SQLite file in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** PostgreSQL only: run in this schema (tests give each test its own). */
  postgresSchema?: string;
  /** PostgreSQL only: how long to wait for a connection and a statement (MAINTENANCE_TIMEOUTS unless given). */
  timeouts?: PostgresTimeouts;
}

/** A write that failed for lack of space keeps /readyz at 503 this long, unless a write succeeds first. */
const STORAGE_FULL_SHOWS_MS = 60_000;

/**
 * Faults seen on the database, reported where they happen and read by /readyz and the log: a
 * connection that failed (PostgreSQL), a write refused for lack of space (either engine).
 */
export class DatabaseHealth {
  readonly #connectionListeners: Array<(error: Error) => void> = [];
  #storageFullAt: number | null = null;

  /** Hears every connection that fails, idle or in use. */
  onConnectionError(listener: (error: Error) => void): void {
    this.#connectionListeners.push(listener);
  }

  connectionFailed(error: Error): void {
    for (const listener of this.#connectionListeners) listener(error);
  }

  storageFull(now = Date.now()): void {
    this.#storageFullAt = now;
  }

  wrote(): void {
    this.#storageFullAt = null;
  }

  /** True while the last write refused for lack of space is recent and none has succeeded since. */
  storageFullRecently(now = Date.now()): boolean {
    return this.#storageFullAt !== null && now - this.#storageFullAt < STORAGE_FULL_SHOWS_MS;
  }
}

/** The file name of the embedded database inside the data directory. */
export const SQLITE_FILE = 'hearth.sqlite';

/**
 * The one place that chooses the database engine. Everything else talks to Kysely and stays
 * engine-agnostic, apart from the column types in migrations.
 */
export function connectDatabase(options: DatabaseOptions): Database {
  const plugins = [new CamelCasePlugin()];
  const health = new DatabaseHealth();
  if (options.databaseUrl) {
    const pool = createPostgresPool({
      url: options.databaseUrl,
      schema: options.postgresSchema,
      timeouts: options.timeouts ?? MAINTENANCE_TIMEOUTS,
      onConnectionError: (error) => health.connectionFailed(error),
    });
    const db = new Kysely<DB>({ dialect: new HearthPostgresDialect({ pool }, health), plugins });
    return { db, engine: 'postgres', location: redactUrl(options.databaseUrl), health, close: () => db.destroy() };
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
  const dialect = new HearthSqliteDialect({ database: withStatementCache(sqlite) }, sqlite, health);
  const db = new Kysely<DB>({ dialect, plugins });
  return { db, engine: 'sqlite', location: file, health, close: () => db.destroy() };
}

class HearthSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly sqlite: SQLite.Database,
    private readonly health: DatabaseHealth,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new HearthSqliteDriver(this.config, this.sqlite, this.health);
  }
}

/** Kysely's SQLite driver, keeping the cause of a failed transaction and noting successful writes. */
class HearthSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: SQLite.Database,
    private readonly health: DatabaseHealth,
  ) {
    super(config);
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection);
    this.health.wrote();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite ends the transaction itself after some failures (SQLITE_FULL among them); rolling
    // back again would fail with "no transaction is active" and that error would hide the cause.
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

class HearthPostgresDialect extends PostgresDialect {
  constructor(
    private readonly config: PostgresDialectConfig,
    private readonly health: DatabaseHealth,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new HearthPostgresDriver(this.config, this.health);
  }
}

/** Kysely's PostgreSQL driver, noting successful writes: room again after a full disk shows on /readyz at once. */
class HearthPostgresDriver extends PostgresDriver {
  constructor(
    config: PostgresDialectConfig,
    private readonly health: DatabaseHealth,
  ) {
    super(config);
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection);
    this.health.wrote();
  }
}

/**
 * Fails at once with a message that names the database when it does not answer, so a start-up
 * against an unreachable server stops within the connect timeout instead of hanging.
 */
export async function checkReachable(database: Database): Promise<void> {
  try {
    await sql`select 1`.execute(database.db);
  } catch (error) {
    throw new Error(
      `The database at ${database.location} cannot be reached (${error instanceof Error ? error.message : String(error)}). ` +
        'Check DATABASE_URL, the network, and that the database server is running.',
      { cause: error },
    );
  }
}

/** A database URL with its password replaced, for logs and messages. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
