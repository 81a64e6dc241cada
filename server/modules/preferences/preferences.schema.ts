import { z } from 'zod';
import { isTimeZone } from '../../../domain/groups.js';
import { LOCALES } from '../../../domain/locale.js';

/** A language Hearth speaks. */
export const LocaleSchema = z.enum(LOCALES, { error: 'problem.preferences.locale' });

/** An IANA time zone the server's Intl knows (`America/New_York`). */
export const TimeZoneSchema = z
  .string({ error: 'problem.preferences.timeZone' })
  .max(64, 'problem.field.atMostCharacters')
  .refine(isTimeZone, 'problem.preferences.timeZone');

export const PreferencesBodySchema = z
  .object({
    /** A language, or null to follow the practice's default again. */
    locale: LocaleSchema.nullable().optional(),
    timeZone: TimeZoneSchema.optional(),
  })
  .refine((body) => body.locale !== undefined || body.timeZone !== undefined, {
    message: 'problem.preferences.nothing',
  });
export type PreferencesBody = z.infer<typeof PreferencesBodySchema>;

export const PreferencesSchema = z.object({
  locale: z.enum(LOCALES).nullable(),
  timeZone: z.string().nullable(),
});
