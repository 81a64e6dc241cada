import { z } from 'zod';
import { emailField, nameField, personNameField } from '../../../domain/fields.js';
import { PasswordLimit, PracticeNameLimit } from '../../../domain/limits.js';
import { passwordProblem, passwordProblemMessage } from '../../../domain/password-strength.js';

export const SetupStatusSchema = z.object({
  /** True until the first practice and its owner exist. */
  needed: z.boolean(),
});

export const SetupBodySchema = z
  .object({
    practiceName: nameField(PracticeNameLimit, 'Enter the name of your practice.'),
    ownerName: personNameField('your'),
    email: emailField('your'),
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
