import { z } from 'zod';
import { emailField, personNameField } from '../../../domain/fields.js';
import { PasswordLimit } from '../../../domain/limits.js';
import { ROLES } from '../../../domain/roles.js';

const RoleSchema = z.enum(ROLES, { error: 'problem.people.role' });

export const UserIdParamsSchema = z.object({ userId: z.string().min(1).max(64) });
export const InvitationIdParamsSchema = z.object({ invitationId: z.string().min(1).max(64) });

export const InviteBodySchema = z.object({
  email: emailField('their'),
  name: personNameField('their'),
  role: RoleSchema,
});
export const ChangeRoleBodySchema = z.object({ role: RoleSchema });

export const PersonSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: RoleSchema,
  status: z.enum(['active', 'disabled']),
  twoFactorEnabled: z.boolean(),
  joinedAt: z.string(),
});

export const InvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  expiresAt: z.string(),
  createdAt: z.string(),
});

export const PeopleSchema = z.object({ people: z.array(PersonSchema), invitations: z.array(InvitationSchema) });

export const OutboxSchema = z.object({
  mode: z.enum(['smtp', 'outbox']),
  messages: z.array(
    z.object({ id: z.string(), to: z.string(), subject: z.string(), text: z.string(), createdAt: z.string() }),
  ),
});

/** The secret part of an invitation link (`<id>.<secret>`), sent in the body, never in an address. */
export const InvitationTokenSchema = z
  .string({ error: 'problem.field.invitationIncomplete' })
  .trim()
  .regex(/^[A-Za-z0-9-]{1,64}\.[A-Za-z0-9_-]{20,100}$/, 'problem.invitation.invalid');

export const LookupInvitationBodySchema = z.object({ token: InvitationTokenSchema });

export const InvitationDetailsSchema = z.object({
  practiceName: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
});

export const AcceptInvitationBodySchema = z.object({
  token: InvitationTokenSchema,
  /** Used only when the address has no account yet. */
  name: personNameField('your').optional(),
  password: z
    .string({ error: 'problem.field.password' })
    .min(1, 'problem.field.password')
    .max(PasswordLimit.max, 'problem.field.atMostCharacters'),
});
