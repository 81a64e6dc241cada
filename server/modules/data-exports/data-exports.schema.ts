import { z } from 'zod';
import { DATA_EXPORT_STATUSES } from '../../../domain/data-export.js';

export const ExportParamsSchema = z.object({ exportId: z.string().min(1).max(64) });

export const DataExportSchema = z.object({
  id: z.string(),
  status: z.enum(DATA_EXPORT_STATUSES),
  step: z.number().int(),
  steps: z.number().int(),
  stepName: z.string().nullable(),
  requestedAt: z.string(),
  readyAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
});

export const DataExportListSchema = z.object({ exports: z.array(DataExportSchema) });
