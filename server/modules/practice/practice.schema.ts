import { z } from 'zod';

export const PracticeSchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), role: z.string() });
export type Practice = z.infer<typeof PracticeSchema>;
