import { z } from 'zod';
import { EmailLimit, PasswordLimit } from '../../../domain/limits.js';

/** An e-mail address, trimmed and lowered so that one person has one spelling. */
export const EmailSchema = z
  .string({ error: 'Enter your e-mail address.' })
  .trim()
  .toLowerCase()
  .max(EmailLimit.max, `Use at most ${EmailLimit.max} characters.`)
  .pipe(z.email({ error: 'Enter an e-mail address like name@example.org.' }));

export const SignInBodySchema = z.object({
  email: EmailSchema,
  // Only the upper bound here: a wrong length must answer exactly like a wrong password.
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(PasswordLimit.max),
});
export type SignInBody = z.infer<typeof SignInBodySchema>;

export const ViewerSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  practice: z.object({ id: z.string(), name: z.string(), role: z.string() }).nullable(),
});
export type ViewerResponse = z.infer<typeof ViewerSchema>;
