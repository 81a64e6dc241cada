import { z } from 'zod';
import { PasswordLimit } from '../../../domain/limits.js';
import { passwordProblem } from '../../../domain/password-strength.js';
import { PASSWORD_PROBLEM } from '../../platform/password-words.js';
import { emailField } from '../../../domain/fields.js';

export const RequestResetBodySchema = z.object({ email: emailField('your') });

export const RequestResetResponseSchema = z.object({ message: z.string() });

export const CompleteResetBodySchema = z.object({
  token: z
    .string({ error: 'problem.passwordReset.linkIncomplete' })
    .trim()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, 'problem.passwordReset.linkInvalid'),
  password: z
    .string({ error: 'problem.field.chooseNewPassword' })
    .min(PasswordLimit.min, 'problem.field.atLeastCharacters')
    .max(PasswordLimit.max, 'problem.field.atMostCharacters')
    .superRefine((password, ctx) => {
      const found = passwordProblem(password);
      if (found === 'too-common') ctx.addIssue({ code: 'custom', message: PASSWORD_PROBLEM[found] });
    }),
});
