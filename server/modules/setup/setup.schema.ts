import { z } from 'zod';
import { emailField, nameField, personNameField } from '../../../domain/fields.js';
import { PasswordLimit, PracticeNameLimit } from '../../../domain/limits.js';
import { passwordProblem } from '../../../domain/password-strength.js';
import { PASSWORD_PROBLEM } from '../../platform/password-words.js';
import { CountrySchema } from '../practice/practice.schema.js';

export const SetupStatusSchema = z.object({
  /** True until the first practice and its owner exist. */
  needed: z.boolean(),
});

export const SetupBodySchema = z
  .object({
    practiceName: nameField(PracticeNameLimit, 'problem.field.practiceName'),
    ownerName: personNameField('your'),
    email: emailField('your'),
    password: z
      .string({ error: 'problem.field.choosePassword' })
      .min(PasswordLimit.min, 'problem.field.atLeastCharacters')
      .max(PasswordLimit.max, 'problem.field.atMostCharacters'),
    /** Where the practice works: its crisis lines start there (Settings → Country changes it). */
    country: CountrySchema.shape.country.optional(),
  })
  .superRefine((body, ctx) => {
    const found = passwordProblem(body.password, [body.email, body.ownerName, body.practiceName]);
    // Length is already reported by the field's own checks; report only what they cannot see.
    if (found === 'too-common' || found === 'repeats-personal-details') {
      ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_PROBLEM[found] });
    }
  });
export type SetupBody = z.infer<typeof SetupBodySchema>;
