import { z } from 'zod';
import {
  BILLING_OUTCOMES,
  BILLING_STATUSES,
  BillingLimits,
  CPT_CODES,
  isValidNpi,
  SESSION_CODES,
  TAX_ID_PATTERN,
  TAXONOMY_PATTERN,
  TELEHEALTH_PLACES,
} from '../../../domain/billing.js';
import { dateField, wholeNumber } from '../../../domain/fields.js';

/** An NPI with its check digit; `which` names the field in the message (the practice's or the clinician's). */
function npiField(which: 'practice' | 'clinician') {
  const wrong = which === 'practice' ? 'problem.billing.practiceNpi' : 'problem.billing.clinicianNpi';
  return z
    .string({ error: wrong })
    .trim()
    .transform((npi) => npi.replace(/[\s-]/g, ''))
    .refine(isValidNpi, wrong);
}

function text(limit: { min?: number; max: number }, missing: string) {
  return z
    .string({ error: missing })
    .trim()
    .min(limit.min ?? 1, missing)
    .max(limit.max, 'problem.field.atMostCharacters');
}

const Fee = z.object({
  cpt: z.enum(CPT_CODES, { error: 'problem.billing.cpt' }),
  feeCents: wholeNumber(BillingLimits.feeCents),
});

export const BillingSettingsBodySchema = z.object({
  billingName: text(BillingLimits.practiceName, 'problem.billing.billingName'),
  address: text(BillingLimits.address, 'problem.billing.address'),
  taxId: z.string({ error: 'problem.billing.taxId' }).trim().regex(TAX_ID_PATTERN, 'problem.billing.taxId'),
  npi: npiField('practice'),
  telehealthPlace: z.enum(TELEHEALTH_PLACES, { error: 'problem.billing.telehealthPlace' }),
  fees: z
    .array(Fee)
    .max(CPT_CODES.length)
    .refine((fees) => new Set(fees.map((f) => f.cpt)).size === fees.length, 'problem.billing.feeTwice'),
});
export type BillingSettingsBody = z.infer<typeof BillingSettingsBodySchema>;

export const ClinicianBillingBodySchema = z.object({
  npi: npiField('clinician'),
  licence: text(BillingLimits.licence, 'problem.billing.licence'),
  taxonomy: z
    .string({ error: 'problem.billing.taxonomy' })
    .trim()
    .toUpperCase()
    .regex(TAXONOMY_PATTERN, 'problem.billing.taxonomy'),
});
export type ClinicianBillingBody = z.infer<typeof ClinicianBillingBodySchema>;

export const ClinicianParamsSchema = z.object({ userId: z.string().min(1).max(64) });
export const LineParamsSchema = z.object({ lineId: z.string().min(1).max(64) });
export const NotePdfParamsSchema = z.object({ noteId: z.string().min(1).max(64) });
export const PersonParamsSchema = z.object({ userId: z.string().min(1).max(64) });

export const BillingSettingsSchema = z.object({
  practice: z
    .object({
      billingName: z.string(),
      address: z.string(),
      taxId: z.string(),
      npi: z.string(),
      telehealthPlace: z.enum(TELEHEALTH_PLACES),
    })
    .nullable(),
  fees: z.array(z.object({ cpt: z.enum(CPT_CODES), feeCents: z.number().nullable() })),
  clinicians: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      npi: z.string().nullable(),
      licence: z.string().nullable(),
      taxonomy: z.string().nullable(),
    }),
  ),
  /** Whether the viewer may change the practice's part (owners and admins); a clinician changes only their own. */
  canEdit: z.boolean(),
});

export const CreateLinesBodySchema = z.object({
  code: z.enum(SESSION_CODES, { error: 'problem.billing.sessionCode' }).optional(),
  lines: z
    .array(
      z.object({
        memberId: z.string().min(1).max(64),
        interactiveComplexity: z.boolean().optional(),
        // 90853 and 90849 are reported once per session, whatever its length: always one unit.
        units: z.literal(BillingLimits.units.max, { error: 'problem.billing.oneUnit' }).optional(),
        attendedAs: z.enum(['in-person', 'online'], { error: 'problem.billing.attendedAs' }).optional(),
        // Online only: where the member was, when not the practice's usual place (10 at home, 02 elsewhere).
        telehealthPlace: z.enum(TELEHEALTH_PLACES, { error: 'problem.billing.telehealthPlace' }).optional(),
      }),
    )
    .min(1, 'problem.billing.someone')
    .max(200)
    .refine((lines) => new Set(lines.map((l) => l.memberId)).size === lines.length, 'problem.billing.memberTwice'),
});
export type CreateLinesBody = z.infer<typeof CreateLinesBodySchema>;

export const OutcomeBodySchema = z.object({
  status: z.enum(BILLING_OUTCOMES, { error: 'problem.billing.outcome' }),
  note: z.string().trim().max(BillingLimits.statusNote.max, 'problem.field.atMostCharacters').optional(),
  /** With "paid": how much was paid, in cents; the line's whole charge when not said. */
  paidCents: wholeNumber(BillingLimits.feeCents).optional(),
});
export type OutcomeBody = z.infer<typeof OutcomeBodySchema>;

/** Refuses a range that ends before it starts, or that is longer than BillingLimits.rangeDays. */
function withinLimit(range: { from: string; to: string }, ctx: z.RefinementCtx) {
  const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000;
  if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'problem.field.endAfterStart' });
  else if (days > BillingLimits.rangeDays.max)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'problem.billing.rangeTooLong',
      params: { maximum: BillingLimits.rangeDays.max },
    });
}

/** A date range, both days included; at most BillingLimits.rangeDays long. */
export const RangeSchema = z.object({ from: dateField(), to: dateField() }).superRefine(withinLimit);
export type Range = z.infer<typeof RangeSchema>;

export const LinesQuerySchema = z
  .object({
    from: dateField(),
    to: dateField(),
    status: z.enum(BILLING_STATUSES, { error: 'problem.billing.status' }).optional(),
  })
  .superRefine(withinLimit);
export type LinesQuery = z.infer<typeof LinesQuerySchema>;

export const BillingLineSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  /** The group's zone: a line's date is the session's date there. */
  timeZone: z.string(),
  sessionId: z.string(),
  memberId: z.string(),
  userId: z.string().nullable(),
  memberName: z.string(),
  clinicianId: z.string().nullable(),
  clinicianName: z.string().nullable(),
  serviceAt: z.string(),
  cpt: z.string(),
  addOn: z.string().nullable(),
  placeOfService: z.string(),
  modifier: z.string().nullable(),
  units: z.number(),
  feeCents: z.number(),
  addOnFeeCents: z.number(),
  diagnosisCodes: z.array(z.string()),
  status: z.enum(BILLING_STATUSES),
  statusNote: z.string().nullable(),
  statusChangedAt: z.string(),
  /** What was recorded as paid, in cents; null until the line is paid. */
  paidCents: z.number().nullable(),
});
export type BillingLine = z.infer<typeof BillingLineSchema>;
export const BillingLinesSchema = z.object({ lines: z.array(BillingLineSchema) });
