import crypto from 'node:crypto';
import type { Database } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { hashPassword } from '../../platform/auth/password-hasher.js';
import { HttpProblem } from '../../platform/problem.js';
import { slugify } from '../../platform/slug.js';
import { insertMembership, insertPerson, insertPractice } from '../people/people.repository.js';
import { insertInstallationMarker, isSetUp } from './setup.repository.js';
import type { SetupBody } from './setup.schema.js';

/**
 * First-run setup: the practice and its owner, in one transaction. Refused (409) once done,
 * also when two attempts race: the installation marker admits one row. Returns the practice id.
 */
export async function performSetup(
  database: Database,
  audit: AuditLog,
  body: SetupBody,
  origin: Pick<AuditEntry, 'ip' | 'userAgent'> = {},
): Promise<{ practiceId: string; userId: string }> {
  if (await isSetUp(database)) throw new HttpProblem(409, 'problem.setup.done');
  const passwordHash = await hashPassword(body.password);
  const ids = { practiceId: crypto.randomUUID(), userId: crypto.randomUUID() };
  const now = new Date().toISOString();
  try {
    await database.db.transaction().execute(async (trx) => {
      await insertInstallationMarker(trx, now);
      await insertPerson(trx, database.engine, {
        id: ids.userId,
        name: body.ownerName,
        email: body.email,
        passwordHash,
        now,
      });
      await insertPractice(trx, {
        id: ids.practiceId,
        name: body.practiceName,
        slug: slugify(body.practiceName, 'practice'),
        now,
        country: body.country,
      });
      await insertMembership(trx, { practiceId: ids.practiceId, userId: ids.userId, role: 'owner', now });
      await audit.record(trx, {
        action: 'setup.completed',
        practiceId: ids.practiceId,
        actor: { userId: ids.userId, role: 'owner' },
        subject: { type: 'practice', id: ids.practiceId },
        ...origin,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new HttpProblem(409, 'problem.setup.done');
    throw error;
  }
  return ids;
}
