/**
 * A person's "My data" archive (PRODUCT.md §3.9, docs/decisions/0029): asked for, prepared by a job
 * step by step, kept for a week, then emptied.
 */
export const DATA_EXPORT_STATUSES = ['queued', 'preparing', 'ready', 'failed', 'expired'] as const;
export type DataExportStatus = (typeof DATA_EXPORT_STATUSES)[number];

/** Statuses of a request still being worked on: a person has at most one of these at a time. */
export const OPEN_EXPORT_STATUSES: readonly DataExportStatus[] = ['queued', 'preparing'];

/** How long a prepared archive can be downloaded before its content is deleted. */
export const EXPORT_KEEP_DAYS = 7;

/** What the job does, in order; progress is "step n of DATA_EXPORT_STEPS.length". */
export const DATA_EXPORT_STEPS = [
  'Your account and practices',
  'Your groups, agreements and attendance',
  'Your answers and scores',
  'Who has looked at your records',
  'Putting your archive together',
] as const;

/** The files in every archive. */
export const ARCHIVE_FILES = {
  fhir: 'fhir-bundle.json',
  data: 'hearth-data.json',
  summary: 'summary.html',
} as const;
