import { z } from 'zod';
import { SafetyPlanContentSchema } from '../../../domain/safety-plan.js';
import { wholeNumber } from '../../../domain/fields.js';
import { LOCALES } from '../../../domain/locale.js';

export const SavePlanBodySchema = z.object({
  plan: SafetyPlanContentSchema,
  /**
   * The version the person started from (0 for a first plan). Someone else saving in between (the
   * facilitator, another tab) makes this save a 409 rather than losing their words.
   */
  baseVersion: wholeNumber({ min: 0 }),
});
export type SavePlanBody = z.infer<typeof SavePlanBodySchema>;

export const VersionQuerySchema = z.object({
  version: z.coerce
    .number({ error: 'problem.field.wholeNumber' })
    .int('problem.field.wholeNumber')
    .min(1, 'problem.field.atLeast')
    .max(1_000_000, 'problem.field.atMost')
    .optional(),
});

export const MemberParamsSchema = z.object({ userId: z.string().min(1).max(64) });

const Contact = z.object({ name: z.string(), reach: z.string() });
export const PlanContentView = z.object({
  warningSigns: z.array(z.string()),
  onMyOwn: z.array(z.string()),
  takeMyMindOff: z.array(z.string()),
  askForHelp: z.array(Contact),
  professionals: z.array(Contact),
  saferSpace: z.array(z.string()),
  reasonsForLiving: z.array(z.string()),
});

export const SafetyPlanViewSchema = z.object({
  /** `locale`: the member's language, for the crisis lines a new plan starts with. */
  member: z.object({ userId: z.string(), name: z.string(), locale: z.enum(LOCALES) }),
  plan: z
    .object({
      version: z.number(),
      latest: z.boolean(),
      savedAt: z.string(),
      /** Who saved it: null when the member did. */
      savedBy: z.string().nullable(),
      content: PlanContentView,
    })
    .nullable(),
  versions: z.array(z.object({ version: z.number(), savedAt: z.string(), savedBy: z.string().nullable() })),
  /** Who else reads the plan (the member's facilitators), so the member is never surprised. */
  readers: z.array(z.string()),
});
export type SafetyPlanView = z.infer<typeof SafetyPlanViewSchema>;
