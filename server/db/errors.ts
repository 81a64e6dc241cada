/** True when a write failed on a unique or primary-key constraint, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // PostgreSQL: unique_violation. SQLite (better-sqlite3): extended result codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * A statement failed because the database could not be reached or answered too late, not because
 * of the statement: the connection was cut or timed out, or the server is restarting. The caller
 * may try again later; the request answers 503.
 */
export class DatabaseUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the database cannot be reached: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailable';
  }
}

/** What kind of fault of the database's surroundings an error is; null for anything else. */
export type DatabaseFault = 'unavailable' | 'storage-full';

/** Codes for "no room left to write": SQLite's SQLITE_FULL, PostgreSQL's disk_full. */
const STORAGE_FULL = new Set(['SQLITE_FULL', '53100']);
/** SQLite kept its write lock longer than busy_timeout: another writer holds the file. */
const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT']);

/**
 * Names a database fault anywhere in an error's cause chain (better-auth and Kysely wrap the
 * errors they pass on), so one error handler answers it the same way whichever layer it came from.
 */
export function databaseFault(error: unknown): DatabaseFault | null {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth += 1) {
    if (e instanceof DatabaseUnavailable) return 'unavailable';
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (STORAGE_FULL.has(code)) return 'storage-full';
    if (BUSY.has(code)) return 'unavailable';
  }
  return null;
}
