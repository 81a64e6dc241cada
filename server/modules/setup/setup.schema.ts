import { z } from 'zod';
import { PasswordLimit, PersonNameLimit, PracticeNameLimit } from '../../../domain/limits.js';
import { passwordProblem, passwordProblemMessage } from '../../../domain/password-strength.js';
import { EmailSchema } from '../session/session.schema.js';

export const SetupStatusSchema = z.object({
  /** True until the first practice and its owner exist. */
  needed: z.boolean(),
});

export const SetupBodySchema = z
  .object({
    practiceName: z
      .string({ error: 'Enter the name of your practice.' })
      .trim()
      .min(PracticeNameLimit.min, `Use at least ${PracticeNameLimit.min} characters.`)
      .max(PracticeNameLimit.max, `Use at most ${PracticeNameLimit.max} characters.`),
    ownerName: z
      .string({ error: 'Enter your name.' })
      .trim()
      .min(PersonNameLimit.min, 'Enter your name.')
      .max(PersonNameLimit.max, `Use at most ${PersonNameLimit.max} characters.`),
    email: EmailSchema,
    password: z
      .string({ error: 'Choose a password.' })
      .min(PasswordLimit.min, `Use at least ${PasswordLimit.min} characters.`)
      .max(PasswordLimit.max, `Use at most ${PasswordLimit.max} characters.`),
  })
  .superRefine((body, ctx) => {
    const found = passwordProblem(body.password, [body.email, body.ownerName, body.practiceName]);
    // Length is already reported by the field's own checks; report only what they cannot see.
    if (found === 'too-common' || found === 'repeats-personal-details') {
      ctx.addIssue({ code: 'custom', path: ['password'], message: passwordProblemMessage[found] });
    }
  });
export type SetupBody = z.infer<typeof SetupBodySchema>;
