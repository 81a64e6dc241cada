import crypto from 'node:crypto';
import type { Database } from '../db/connect.js';
import type { AuditLog } from '../platform/audit/audit-log.js';
import { hashPassword } from '../platform/auth/password-hasher.js';
import { insertMembership, insertPerson } from '../modules/people/people.repository.js';
import { isSetUp } from '../modules/setup/setup.repository.js';
import { performSetup } from '../modules/setup/setup.service.js';

/** The one password of every demo account; printed by `hearth demo`. Demo data only. */
export const DEMO_PASSWORD = 'hearth demo 2026';

/** The demo practice's staff: realistic, and clearly fictional (.test addresses). */
const DEMO_STAFF = [
  { name: 'Maya Okafor', email: 'maya@demo.hearth.test', role: 'clinician' },
  { name: 'Daniel Reyes', email: 'daniel@demo.hearth.test', role: 'clinician' },
  { name: 'Ruth Lindqvist', email: 'ruth@demo.hearth.test', role: 'supervisor' },
] as const;

/**
 * Seeds the demo practice once (false when it was already there). Each capability adds its own
 * demo data here: groups, schedules, measures.
 */
export async function seedDemo(database: Database, audit: AuditLog): Promise<boolean> {
  if (await isSetUp(database)) return false;
  const { practiceId } = await performSetup(database, audit, {
    practiceName: 'Riverside Group Practice',
    ownerName: 'Jordan Avery',
    email: 'owner@demo.hearth.test',
    password: DEMO_PASSWORD,
  });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date().toISOString();
  await database.db.transaction().execute(async (trx) => {
    for (const person of DEMO_STAFF) {
      const id = crypto.randomUUID();
      await insertPerson(trx, database.engine, { id, name: person.name, email: person.email, passwordHash, now });
      await insertMembership(trx, { practiceId, userId: id, role: person.role, now });
    }
  });
  return true;
}
