import { z } from 'zod';
import { decimalNumber, wholeNumber } from '../../../domain/fields.js';
import { LOCALES } from '../../../domain/locale.js';

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
          cadence: z.enum(CADENCES, { error: 'problem.plan.field.cadence' }),
          everyWeeks: wholeNumber(
            { min: 1, max: 52 },
            {
              int: 'problem.plan.field.wholeWeeks',
              min: 'problem.plan.field.weeksMin',
              max: 'problem.plan.field.weeksMax',
            },
          ).optional(),
          main: z.boolean().optional(),
        })
        .refine((m) => m.cadence !== 'every-weeks' || m.everyWeeks !== undefined, {
          path: ['everyWeeks'],
          message: 'problem.plan.field.weeksApart',
        }),
    )
    .max(12, 'problem.plan.field.tooMany'),
});
export type PlanBody = z.infer<typeof PlanBodySchema>;

export const AnswersSchema = z.record(z.string().max(40), wholeNumber({}, { missing: 'problem.field.chooseAnswer' }), {
  error: 'problem.field.answersShape',
});
/** A language Hearth speaks: the one a form was read in, or the one a practice's own questionnaire is written in. */
const Language = z.enum(LOCALES, { error: 'problem.form.language' });

export const AnswersBodySchema = z.object({
  answers: AnswersSchema,
  /** The language the member read the questions in (decision 0036); the original's when not said. */
  language: Language.optional(),
});

const Text = (max: number) =>
  z.string().trim().min(1, 'problem.field.fillIn').max(max, 'problem.field.atMostCharacters');

/** A band's bounds: scores of any instrument Hearth holds (at most 60 answers of at most 100) fit well inside. */
const BandLimit = { min: -100_000, max: 100_000 };

const BAND_FORMAT = 'problem.instrument.field.bandFormat';

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
        value: wholeNumber({ min: -100, max: 100 }, { missing: 'problem.instrument.field.optionFormat' }),
        label: Text(80),
      }),
    )
    .min(2, 'problem.instrument.field.optionsMin')
    .max(11, 'problem.instrument.field.optionsMax'),
  items: z.array(Text(300)).max(60, 'problem.instrument.field.itemsMax'),
  bands: z
    .array(
      z.object({
        min: decimalNumber(BandLimit, BAND_FORMAT),
        max: decimalNumber(BandLimit, BAND_FORMAT),
        label: Text(60),
      }),
    )
    .max(10, 'problem.instrument.field.bandsMax'),
  subscales: z
    .array(z.object({ name: Text(80), items: z.array(wholeNumber({ min: 1, max: 60 })).min(1) }))
    .max(6)
    .default([]),
  /** The language it is written in: it is shown in that language to everyone (decision 0036). */
  language: Language.optional(),
  /** Points of change your practice treats as reliable, with your own source. */
  reliableChange: decimalNumber({ min: 0, max: 1000 }).positive().optional(),
});
export type CustomInstrumentBody = z.infer<typeof CustomInstrumentBodySchema>;

export const SafetyBodySchema = z.object({
  backupClinicianId: z.string().min(1).max(64).nullable(),
  escalationMinutes: wholeNumber(
    { min: 5, max: 240 },
    {
      missing: 'problem.safety.field.minutes',
      int: 'problem.field.wholeMinutes',
      min: 'problem.safety.field.minutesMin',
      max: 'problem.safety.field.minutesMax',
    },
  ),
});
