import { z } from 'zod';
import { PasswordLimit } from '../../../domain/limits.js';
import { passwordProblem, passwordProblemMessage } from '../../../domain/password-strength.js';
import { emailField } from '../../../domain/fields.js';

export const RequestResetBodySchema = z.object({ email: emailField('your') });

export const RequestResetResponseSchema = z.object({ message: z.string() });

export const CompleteResetBodySchema = z.object({
  token: z
    .string({ error: 'The reset link is incomplete.' })
    .trim()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, 'This reset link is not valid. Check that you copied all of it.'),
  password: z
    .string({ error: 'Choose a new password.' })
    .min(PasswordLimit.min, `Use at least ${PasswordLimit.min} characters.`)
    .max(PasswordLimit.max, `Use at most ${PasswordLimit.max} characters.`)
    .superRefine((password, ctx) => {
      const found = passwordProblem(password);
      if (found === 'too-common') ctx.addIssue({ code: 'custom', message: passwordProblemMessage[found] });
    }),
});
