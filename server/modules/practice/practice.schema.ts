import { z } from 'zod';
import { CRISIS_COUNTRIES } from '../../../domain/crisis-resources.js';
import { LOCALES } from '../../../domain/locale.js';

export const PracticeSchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), role: z.string() });
export type Practice = z.infer<typeof PracticeSchema>;

/** A practice's default language: one Hearth speaks. */
export const DefaultLocaleSchema = z.object({
  defaultLocale: z.enum(LOCALES, { error: 'problem.preferences.locale' }),
});

/** The country a practice works in: one Hearth has crisis lines for, or INTL for anywhere else. */
export const CountrySchema = z.object({
  country: z.enum(CRISIS_COUNTRIES, { error: 'problem.practice.country' }),
});
