import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './connect.js';
import * as accountsAndPractices from './migrations/0001-accounts-and-practices.js';
import * as identityAndAudit from './migrations/0002-identity-and-audit.js';
import * as groups from './migrations/0003-groups.js';
import * as groupMembers from './migrations/0004-group-members.js';
import * as waitlistOffers from './migrations/0005-waitlist-offers.js';
import * as selfReferral from './migrations/0006-self-referral.js';
import * as screening from './migrations/0007-screening.js';
import * as sessionsAndJobs from './migrations/0008-sessions-and-jobs.js';
import * as measures from './migrations/0009-measures.js';
import * as secondFactorCodes from './migrations/0010-second-factor-codes.js';
import * as hashedVerifications from './migrations/0011-hashed-verifications.js';
import * as selfReferralRequests from './migrations/0012-self-referral-requests.js';
import * as auditEventPeople from './migrations/0013-audit-event-people.js';
import * as alertMeasures from './migrations/0014-alert-measures.js';
import * as idempotencyAndGroupLifecycle from './migrations/0015-idempotency-and-group-lifecycle.js';
import * as revocationsAndJobLeases from './migrations/0017-revocations-and-job-leases.js';
import * as dataExports from './migrations/0018-data-exports.js';
import * as erasureAndRetention from './migrations/0019-erasure-and-retention.js';
import * as languagesAndZones from './migrations/0020-languages-and-zones.js';
import * as answerLanguage from './migrations/0021-answer-language.js';
import * as sessionRooms from './migrations/0022-session-rooms.js';
import * as notes from './migrations/0023-notes.js';
import * as billing from './migrations/0024-billing.js';
import * as groupSpace from './migrations/0025-group-space.js';
import * as crisisRules from './migrations/0026-crisis-rules.js';
import * as skills from './migrations/0027-skills.js';
import * as selfCare from './migrations/0028-self-care.js';
import * as billingAmountPaid from './migrations/0032-billing-amount-paid.js';
import * as practiceCountry from './migrations/0033-practice-country.js';

/**
 * Every migration, in order. Listed in code rather than read from a folder so that the same
 * list works from TypeScript sources (tests, tsx) and from the compiled build.
 */
const migrations: Record<string, Migration> = {
  '0001-accounts-and-practices': accountsAndPractices,
  '0002-identity-and-audit': identityAndAudit,
  '0003-groups': groups,
  '0004-group-members': groupMembers,
  '0005-waitlist-offers': waitlistOffers,
  '0006-self-referral': selfReferral,
  '0007-screening': screening,
  '0008-sessions-and-jobs': sessionsAndJobs,
  '0009-measures': measures,
  '0010-second-factor-codes': secondFactorCodes,
  '0011-hashed-verifications': hashedVerifications,
  '0012-self-referral-requests': selfReferralRequests,
  '0013-audit-event-people': auditEventPeople,
  '0014-alert-measures': alertMeasures,
  '0015-idempotency-and-group-lifecycle': idempotencyAndGroupLifecycle,
  '0017-revocations-and-job-leases': revocationsAndJobLeases,
  '0018-data-exports': dataExports,
  '0019-erasure-and-retention': erasureAndRetention,
  '0020-languages-and-zones': languagesAndZones,
  '0021-answer-language': answerLanguage,
  '0022-session-rooms': sessionRooms,
  '0023-notes': notes,
  '0024-billing': billing,
  '0025-group-space': groupSpace,
  '0026-crisis-rules': crisisRules,
  '0027-skills': skills,
  '0028-self-care': selfCare,
  '0032-billing-amount-paid': billingAmountPaid,
  '0033-practice-country': practiceCountry,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; throws with the failing migration's name if one fails. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const db = database.db as unknown as Kysely<unknown>;
  // Kysely looks for its bookkeeping tables in every schema unless told which one: name the
  // connection's own, so another schema's copy (another app, another test) is never mistaken for ours.
  const migrationTableSchema =
    database.engine === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({ db, provider, ...(migrationTableSchema && { migrationTableSchema }) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
