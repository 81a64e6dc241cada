import { z } from 'zod';
import { ErasureDeclineReasonLimit, ErasureReasonLimit } from '../../../domain/limits.js';
import { ERASURE_STATUSES } from '../../../domain/retention.js';

const Id = z.string().min(1).max(80);
export const RequestIdParamsSchema = z.object({ requestId: Id });

export const RequestErasureBodySchema = z.object({
  reason: z
    .string({ error: 'problem.erasure.reasonText' })
    .trim()
    .max(ErasureReasonLimit.max, `Use at most ${ErasureReasonLimit.max} characters.`)
    .optional(),
});

export const DeclineBodySchema = z.object({
  reason: z
    .string({ error: 'problem.erasure.declineReason' })
    .trim()
    .min(ErasureDeclineReasonLimit.min, 'problem.erasure.declineReason')
    .max(ErasureDeclineReasonLimit.max, `Use at most ${ErasureDeclineReasonLimit.max} characters.`),
});

/** A request as its member sees it. */
export const MyErasureRequestSchema = z.object({
  id: z.string(),
  status: z.enum(ERASURE_STATUSES),
  requestedAt: z.string(),
  dueAt: z.string(),
  decidedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  retainUntil: z.string().nullable(),
});

export const MyErasureSchema = z.object({ request: MyErasureRequestSchema.nullable() });

/** A request as the practice's admins see it. */
export const ErasureRequestSchema = MyErasureRequestSchema.extend({
  person: z.string().describe('Their name; "a former member" once erased'),
  reason: z.string().nullable().describe('The member’s own words, until the request is decided'),
  overdue: z.boolean(),
});

export const ErasureRequestsSchema = z.object({ requests: z.array(ErasureRequestSchema) });
