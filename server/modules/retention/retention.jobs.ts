import { addDays, addYears, DEFAULT_RETENTION } from '../../../domain/retention.js';
import type { Database } from '../../db/connect.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { allRetention } from './retention.repository.js';

export interface RetentionJobsContext {
  database: Database;
  audit: AuditLog;
  jobs: JobQueue;
  mailer: Mailer;
}

/** What one practice's retention run removed: counts only, which is all its audit record holds. */
export interface PurgeCounts {
  clinicalRecords: number;
  auditRecords: number;
  signInRecords: number;
  outboxFiles: number;
}

/**
 * Outbox files follow their practice's period hourly; the daily `retention.apply` job applies every
 * practice's periods to the rest (docs/decisions/0031).
 */
export function registerRetentionJobs(context: RetentionJobsContext): void {
  const { jobs, mailer } = context;
  // Hourly: expired links leave the outbox's messages. Practices' files are deleted by the daily
  // run, which counts them in its audit record; mail of no practice goes after the default period.
  jobs.every('outbox.sweep', 3_600_000, async (_payload, now) => {
    await mailer.sweep(now, () => Number.POSITIVE_INFINITY);
  });
  jobs.every('retention.apply', 86_400_000, async (_payload, now) => {
    await applyRetention(context, now);
  });
}

/**
 * Applies every practice's retention periods at `now`: clinical records of erased people past
 * their retain-until date, audit records older than the audit period (the chain keeps an anchor,
 * so it still verifies), outbox files, and sign-in records that ended longer ago than the sign-in
 * period. Each practice's part runs in one transaction with an audit record of the counts.
 * Sign-in records that belong to no practice (password-reset links, a session that never chose
 * one) follow the default period. Returns the counts by practice.
 */
export async function applyRetention(context: RetentionJobsContext, now: Date): Promise<Map<string, PurgeCounts>> {
  const { database, audit, mailer } = context;
  const settings = await allRetention(database.db);
  const outbox = await mailer.sweep(
    now,
    (practiceId) => settings.get(practiceId)?.outboxDays ?? DEFAULT_RETENTION.outboxDays,
  );
  const at = now.toISOString();
  const results = new Map<string, PurgeCounts>();
  for (const [practiceId, periods] of settings) {
    const signInCutoff = addDays(at, -periods.signInDays);
    const counts = await database.db.transaction().execute(async (trx) => {
      // Clinical records of erased people whose retention has ended: the memberships and everything
      // recorded about them. Deleted explicitly, not by cascade, so both engines do the same.
      const expired = trx
        .selectFrom('groupMembers')
        .select('id')
        .where('practiceId', '=', practiceId)
        .where('erasedAt', 'is not', null)
        .where('retainUntil', '<', at);
      const memberships = (await expired.execute()).length;
      let clinicalRecords = 0;
      const count = (result: { numDeletedRows: bigint }) => (clinicalRecords += Number(result.numDeletedRows));
      if (memberships > 0) {
        for (const table of [
          'measureForms',
          'sessionAttendance',
          'alerts',
          'roomCheckIns',
          'roomVoice',
          'practiceLogs',
          'practiceFeedback',
          'progressNotes',
          'billingLines',
          'skillAssignments',
          'spacePosts',
        ] as const)
          count(await trx.deleteFrom(table).where('groupMemberId', 'in', expired).executeTakeFirst());
        // The live room names a member by their place in the group, in columns with no foreign key.
        count(await trx.deleteFrom('roomChat').where('personId', 'in', expired).executeTakeFirst());
        count(await trx.deleteFrom('roomEvents').where('byPerson', 'in', expired).executeTakeFirst());
        await trx.deleteFrom('roomCommands').where('actor', 'in', expired).execute();
        await trx.deleteFrom('groupMemberEvents').where('groupMemberId', 'in', expired).execute();
        clinicalRecords += Number(
          (
            await trx
              .deleteFrom('groupMembers')
              .where('practiceId', '=', practiceId)
              .where('erasedAt', 'is not', null)
              .where('retainUntil', '<', at)
              .executeTakeFirst()
          ).numDeletedRows,
        );
      }
      // What is kept by account rather than by place: the people whose approved erasure's
      // retain-until date has passed (one with no place in a group has only this date).
      const erased = trx
        .selectFrom('erasureRequests')
        .select('userId')
        .where('practiceId', '=', practiceId)
        .where('status', '=', 'approved')
        .where('retainUntil', '<', at);
      const groupsHere = trx.selectFrom('groups').select('id').where('practiceId', '=', practiceId);
      for (const table of ['clinicalRecords', 'safetyPlans', 'ifsItems', 'progressNotes', 'billingLines'] as const)
        count(
          await trx
            .deleteFrom(table)
            .where('practiceId', '=', practiceId)
            .where('userId', 'in', erased)
            .executeTakeFirst(),
        );
      count(
        await trx
          .deleteFrom('spacePosts')
          .where('practiceId', '=', practiceId)
          .where('authorUserId', 'in', erased)
          .executeTakeFirst(),
      );
      count(
        await trx
          .deleteFrom('spaceReports')
          .where('groupId', 'in', groupsHere)
          .where('reporterUserId', 'in', erased)
          .executeTakeFirst(),
      );
      await trx
        .deleteFrom('spaceReactions')
        .where('userId', 'in', erased)
        .where('postId', 'in', trx.selectFrom('spacePosts').select('id').where('practiceId', '=', practiceId))
        .execute();
      await trx.deleteFrom('spaceReaders').where('groupId', 'in', groupsHere).where('userId', 'in', erased).execute();
      let signInRecords = 0;
      signInRecords += Number(
        (
          await trx
            .deleteFrom('sessions')
            .where('activePracticeId', '=', practiceId)
            .where('expiresAt', '<', signInCutoff)
            .executeTakeFirst()
        ).numDeletedRows,
      );
      signInRecords += Number(
        (
          await trx
            .deleteFrom('practiceInvitations')
            .where('practiceId', '=', practiceId)
            .where('expiresAt', '<', signInCutoff)
            .executeTakeFirst()
        ).numDeletedRows,
      );
      signInRecords += Number(
        (
          await trx
            .deleteFrom('calendarFeeds')
            .where('practiceId', '=', practiceId)
            .where('revokedAt', '<', signInCutoff)
            .executeTakeFirst()
        ).numDeletedRows,
      );
      const auditRecords = await audit.purgeBefore(trx, practiceId, new Date(addYears(at, -periods.auditYears)));
      const result: PurgeCounts = {
        clinicalRecords,
        auditRecords,
        signInRecords,
        outboxFiles: outbox.get(practiceId) ?? 0,
      };
      await audit.record(trx, {
        action: 'retention.purged',
        practiceId,
        actor: null,
        subject: { type: 'practice', id: practiceId },
        detail: { ...result },
      });
      return result;
    });
    results.set(practiceId, counts);
  }
  // Records of no practice follow the default period.
  const cutoff = addDays(at, -DEFAULT_RETENTION.signInDays);
  await database.db
    .deleteFrom('sessions')
    .where('activePracticeId', 'is', null)
    .where('expiresAt', '<', cutoff)
    .execute();
  await database.db.deleteFrom('verifications').where('expiresAt', '<', cutoff).execute();
  await database.db.deleteFrom('selfReferralRequests').where('expiresAt', '<', cutoff).execute();
  return results;
}
