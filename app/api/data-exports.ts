import type { DataExportStatus } from '../../domain/data-export.js';

/** A copy of a person's data as the server describes it (server/modules/data-exports). */
export interface DataExport {
  id: string;
  status: DataExportStatus;
  step: number;
  steps: number;
  /** What is being gathered now, while preparing. */
  stepName: string | null;
  requestedAt: string;
  readyAt: string | null;
  expiresAt: string | null;
  sizeBytes: number | null;
}

/** Under `me`: the `account` change refreshes it. */
export const dataExportKeys = { mine: ['me', 'data-exports'] as const };

/** Where a ready copy downloads from (its owner only). */
export const archiveUrl = (id: string) => `/api/me/data-exports/${encodeURIComponent(id)}/archive`;
