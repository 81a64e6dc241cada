import crypto from 'node:crypto';
import type { Database } from '../db/connect.js';
import type { AuditLog } from '../platform/audit/audit-log.js';
import { hashPassword } from '../platform/auth/password-hasher.js';
import { insertMembership, insertPerson } from '../modules/people/people.repository.js';
import { isSetUp } from '../modules/setup/setup.repository.js';
import { performSetup } from '../modules/setup/setup.service.js';

/** The one password of every demo account; printed by `hearth demo`. Demo data only. */
export const DEMO_PASSWORD = 'hearth demo 2026';

/**
 * The demo practice's people: realistic, and clearly fictional (.test addresses). Staff set up
 * two-step sign-in at their first sign-in, as real staff would; members need not.
 */
const DEMO_PEOPLE = [
  { name: 'Maya Okafor', email: 'maya@demo.hearth.test', role: 'clinician' },
  { name: 'Daniel Reyes', email: 'daniel@demo.hearth.test', role: 'clinician' },
  { name: 'Ruth Lindqvist', email: 'ruth@demo.hearth.test', role: 'supervisor' },
  { name: 'Sam Rivera', email: 'sam@demo.hearth.test', role: 'member' },
  { name: 'Lee Okoro', email: 'lee@demo.hearth.test', role: 'member' },
  { name: 'Ana Duarte', email: 'ana@demo.hearth.test', role: 'member' },
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
    for (const person of DEMO_PEOPLE) {
      const id = crypto.randomUUID();
      await insertPerson(trx, database.engine, { id, name: person.name, email: person.email, passwordHash, now });
      await insertMembership(trx, { practiceId, userId: id, role: person.role, now });
    }
  });
  return true;
}
