import type { Database as SQLiteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** How many distinct SQL texts keep a prepared statement. Hearth's queries number in the hundreds. */
const CAPACITY = 500;

/**
 * Kysely prepares every query anew; preparing is SQLite's parse-and-plan step and was the largest
 * single cost of an authenticated request (bench/RESULTS.md). This reuses one prepared statement per
 * SQL text, least recently used first out. Safe because better-sqlite3 runs each statement to
 * completion synchronously before the next one starts.
 */
export function withStatementCache(sqlite: SQLiteDatabase): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql) => {
      let statement = cache.get(sql);
      if (statement) {
        // Re-insert to mark it most recently used (a Map keeps insertion order).
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= CAPACITY) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
