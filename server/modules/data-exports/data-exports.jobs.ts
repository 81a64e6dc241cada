import { expireExports, PREPARE_JOB, prepareExport, type DataExportContext } from './data-exports.service.js';

/** Prepares each requested archive, and empties archives past their week (checked every hour). */
export function registerDataExportJobs(context: DataExportContext): void {
  context.jobs.handle(PREPARE_JOB, async (payload, now) => prepareExport(context, String(payload.exportId), now));
  context.jobs.every('data-exports.expire', 60 * 60_000, async (_payload, now) => {
    await expireExports(context, now);
  });
}
