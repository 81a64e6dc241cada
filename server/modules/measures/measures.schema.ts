import { z } from 'zod';

const Id = z.string().min(1).max(80);
export const FormParamsSchema = z.object({ formId: Id });

/** When a questionnaire is asked; "positive-screen" sends a full one after a positive PHQ-4 part. */
export const CADENCES = ['every-session', 'every-weeks', 'admission', 'completion', 'positive-screen'] as const;

export const PlanBodySchema = z.object({
  measures: z
    .array(
      z
        .object({
          instrumentId: Id,
          cadence: z.enum(CADENCES, { error: `Choose when: ${CADENCES.join(', ')}.` }),
          everyWeeks: z
            .number()
            .int('Give whole weeks.')
            .min(1, 'At least every week.')
            .max(52, 'At most every 52 weeks.')
            .optional(),
          main: z.boolean().optional(),
        })
        .refine((m) => m.cadence !== 'every-weeks' || m.everyWeeks !== undefined, {
          path: ['everyWeeks'],
          message: 'Say how many weeks apart.',
        }),
    )
    .max(12, 'Ask at most 12 questionnaires.'),
});
export type PlanBody = z.infer<typeof PlanBodySchema>;

export const AnswersSchema = z.record(z.string().max(40), z.number({ error: 'Choose one of the answers.' }).int(), {
  error: 'Send the answers as question → value.',
});
export const AnswersBodySchema = z.object({ answers: AnswersSchema });

const Text = (max: number) => z.string().trim().min(1, 'Fill this in.').max(max, `Use at most ${max} characters.`);

const BAND_FORMAT = 'Write each band as “0-4 Low”: the lowest score, a dash, the highest, then a name.';

export const CustomInstrumentBodySchema = z.object({
  name: Text(120),
  shortName: Text(30),
  stem: Text(300),
  licence: z.string().trim().max(300).optional(),
  purpose: z.enum(['outcome', 'session']),
  scoring: z.enum(['sum', 'mean']),
  direction: z.enum(['higher-is-worse', 'higher-is-better']),
  options: z
    .array(
      z.object({
        value: z
          .number({ error: 'Write each answer as “0 = Never”: its value, then its words.' })
          .int()
          .min(-100)
          .max(100),
        label: Text(80),
      }),
    )
    .min(2, 'Offer at least two answers.')
    .max(11, 'Offer at most eleven answers.'),
  items: z.array(Text(300)).max(60, 'Ask at most 60 questions.'),
  bands: z
    .array(
      z.object({
        min: z.number({ error: BAND_FORMAT }),
        max: z.number({ error: BAND_FORMAT }),
        label: Text(60),
      }),
    )
    .max(10, 'Use at most ten bands.'),
  subscales: z
    .array(z.object({ name: Text(80), items: z.array(z.number().int().min(1)).min(1) }))
    .max(6)
    .default([]),
  /** Points of change your practice treats as reliable, with your own source. */
  reliableChange: z.number().positive().max(1000).optional(),
});
export type CustomInstrumentBody = z.infer<typeof CustomInstrumentBodySchema>;

export const SafetyBodySchema = z.object({
  backupClinicianId: z.string().min(1).max(64).nullable(),
  escalationMinutes: z
    .number({ error: 'Give a number of minutes.' })
    .int('Give whole minutes.')
    .min(5, 'At least 5 minutes.')
    .max(240, 'At most 240 minutes: an urgent alert should not wait longer.'),
});
