import { z } from 'zod';
import { dateField, instantField, wholeNumber } from '../../../domain/fields.js';
import { AUDIT_ACTIONS } from '../../platform/audit/audit-log.js';

/** An ISO date or date-time, as a filter bound. */
const InstantParam = instantField().or(dateField());

export const AuditQuerySchema = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: z.string().min(1).max(64).optional(),
  subject: z.string().min(1).max(64).optional(),
  from: InstantParam.optional(),
  to: InstantParam.optional(),
  before: z.coerce
    .number()
    .pipe(wholeNumber({ min: 1 }))
    .optional(),
  limit: z.coerce
    .number()
    .pipe(wholeNumber({ min: 1, max: 200 }))
    .default(50),
});

export const AuditEventSchema = z.object({
  id: z.string(),
  seq: z.number(),
  occurredAt: z.string(),
  action: z.string(),
  actor: z.object({ userId: z.string(), name: z.string().nullable(), role: z.string().nullable() }).nullable(),
  /** What the event was about; `name` is the person's name when it was a person. */
  subject: z.object({ type: z.string(), id: z.string(), name: z.string().nullable() }).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const AuditPageSchema = z.object({
  events: z.array(AuditEventSchema),
  /** Pass as `before` for the next (older) page; null at the start of the log. */
  nextBefore: z.number().nullable(),
});

export const AuditVerdictSchema = z.object({
  intact: z.boolean(),
  records: z.number(),
  /** Where the chain breaks, when it does. */
  brokenAt: z.object({ seq: z.number(), id: z.string().nullable(), reason: z.string() }).nullable(),
});

export const AccessHistorySchema = z.object({
  events: z.array(
    z.object({
      occurredAt: z.string(),
      action: z.string(),
      actor: z.object({ name: z.string().nullable(), role: z.string().nullable() }).nullable(),
    }),
  ),
});
