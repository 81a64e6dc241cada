import { DATA_EXPORT_STEPS, type DataExportStatus } from '../../../domain/data-export.js';
import { toInstant } from '../../db/instant.js';
import type { exportsOf } from './data-exports.repository.js';

type Row = Awaited<ReturnType<typeof exportsOf>>[number];

/**
 * A request as its owner sees it: status and progress, never the archive. One whose week is over
 * reads as expired at once, even before the purge job has emptied it.
 */
export function presentExport(row: Row, now: Date) {
  const expiresAt = row.expiresAt ? toInstant(row.expiresAt) : null;
  const status: DataExportStatus =
    row.status === 'ready' && expiresAt !== null && Date.parse(expiresAt) <= now.getTime()
      ? 'expired'
      : (row.status as DataExportStatus);
  return {
    id: row.id,
    status,
    step: row.step,
    steps: row.steps,
    /** What the job is doing now, while it prepares. */
    stepName: status === 'preparing' && row.step > 0 ? (DATA_EXPORT_STEPS[row.step - 1] ?? null) : null,
    requestedAt: toInstant(row.requestedAt),
    readyAt: row.readyAt ? toInstant(row.readyAt) : null,
    expiresAt,
    sizeBytes: status === 'ready' ? row.archiveBytes : null,
  };
}
