import type { Engine } from './connect.js';

/** A boolean as the engine stores it: SQLite (better-sqlite3) binds 0 and 1, never true and false. */
export function boolValue(engine: Engine, value: boolean): boolean | number {
  return engine === 'sqlite' ? Number(value) : value;
}
