import { z } from 'zod';
import { emailField } from '../../../domain/fields.js';
import { PasswordLimit } from '../../../domain/limits.js';
import { LOCALES } from '../../../domain/locale.js';
import { ROLES } from '../../../domain/roles.js';

export const SignInBodySchema = z.object({
  email: emailField('your'),
  // Only the upper bound here: a wrong length must answer exactly like a wrong password.
  password: z
    .string({ error: 'problem.field.yourPassword' })
    .min(1, 'problem.field.yourPassword')
    .max(PasswordLimit.max),
});
export type SignInBody = z.infer<typeof SignInBodySchema>;

export const SecondFactorBodySchema = z.object({
  code: z
    .string({ error: 'problem.field.code' })
    .trim()
    .transform((c) => c.replace(/\s/g, ''))
    .pipe(z.string().min(6, 'problem.field.wholeCode').max(20, 'problem.field.codeTooLong')),
  /** `app`: six digits from the authenticator app; `recovery`: one of the printed recovery codes. */
  kind: z.enum(['app', 'recovery']).default('app'),
});

const RoleSchema = z.enum(ROLES);

export const ViewerSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string(), twoFactorEnabled: z.boolean() }),
  practice: z.object({ id: z.string(), name: z.string(), role: RoleSchema }),
  practices: z.array(z.object({ id: z.string(), name: z.string(), role: RoleSchema })),
  /** True while the person's role needs two-step sign-in and they have not set it up. */
  mustEnrolTwoFactor: z.boolean(),
  /** The language they chose; null: not chosen, the practice's default applies. */
  locale: z.enum(LOCALES).nullable(),
  practiceDefaultLocale: z.enum(LOCALES),
  /** The practice's country, where crisis lines start (domain/crisis-resources.ts; INTL: elsewhere). */
  practiceCountry: z.string(),
  /** The IANA zone their browser last reported; null until it has. */
  timeZone: z.string().nullable(),
});
export type ViewerResponse = z.infer<typeof ViewerSchema>;

export const SignInResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed-in'), viewer: ViewerSchema }),
  z.object({ status: z.literal('second-factor-needed') }),
]);

export const SwitchPracticeBodySchema = z.object({ practiceId: z.string().min(1).max(64) });

export const SessionIdParamsSchema = z.object({ sessionId: z.string().min(1).max(64) });

export const SessionListSchema = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      current: z.boolean(),
      createdAt: z.string(),
      lastActiveAt: z.string(),
      expiresAt: z.string(),
      ipAddress: z.string().nullable(),
      userAgent: z.string().nullable(),
    }),
  ),
});
