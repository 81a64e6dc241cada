import { z } from 'zod';
import { PasswordLimit } from '../../../domain/limits.js';

export const StartEnrolmentBodySchema = z.object({
  /** The current password, so that a session left open on a shared computer cannot switch this on. */
  password: z
    .string({ error: 'problem.field.yourPassword' })
    .min(1, 'problem.field.yourPassword')
    .max(PasswordLimit.max),
});

export const EnrolmentSchema = z.object({
  /** The secret as text, for typing into an app by hand. */
  secret: z.string(),
  /** The otpauth:// address the QR code holds. */
  otpauthUri: z.string(),
  /** The QR code, as an SVG data URL. */
  qrCode: z.string(),
  /** Single-use recovery codes, shown once. */
  recoveryCodes: z.array(z.string()),
});

export const ConfirmEnrolmentBodySchema = z.object({
  code: z
    .string({ error: 'problem.field.sixDigitCode' })
    .trim()
    .transform((c) => c.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'problem.field.sixDigitCode')),
});
