import { z } from 'zod';
import { LOCALES } from '../../../domain/locale.js';

export const PracticeSchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), role: z.string() });
export type Practice = z.infer<typeof PracticeSchema>;

/** A practice's default language: one Hearth speaks. */
export const DefaultLocaleSchema = z.object({
  defaultLocale: z.enum(LOCALES, { error: 'problem.preferences.locale' }),
});
