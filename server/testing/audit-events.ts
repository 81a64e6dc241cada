import type { Database } from '../db/connect.js';

/** The audit records of one action, oldest first: what a test counts after doing something. */
export function auditEventsOf(database: Database, action: string) {
  return database.db
    .selectFrom('auditEvents')
    .select(['id', 'action', 'detail'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
}
