import type { Database } from '../../db/connect.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { sendDigests } from './space.service.js';

/** The space's timed work: each hour, the digests that are due and outside their group's quiet hours. */
export function registerSpaceJobs(context: { database: Database; jobs: JobQueue; publicUrl: string }): void {
  context.jobs.every('space.digest', 3_600_000, async (_payload, now) => {
    await sendDigests(context, now);
  });
}
