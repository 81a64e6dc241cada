import { z } from 'zod';
import { FORMATS, MEETING_MODES, MODALITIES } from '../../../domain/groups.js';
import { DisplayNameLimit, displayNameProblem, MEMBER_STATUSES } from '../../../domain/membership.js';
import { PersonNameLimit } from '../../../domain/limits.js';
import { ScreeningLimits } from '../../../domain/screening.js';
import { EmailSchema } from '../session/session.schema.js';

export const MemberParamsSchema = z.object({ groupId: z.string().min(1).max(64), memberId: z.string().min(1).max(64) });

export const ReferBodySchema = z.object({
  name: z
    .string({ error: 'Enter their name.' })
    .trim()
    .min(PersonNameLimit.min, 'Enter their name.')
    .max(PersonNameLimit.max, `Use at most ${PersonNameLimit.max} characters.`),
  email: EmailSchema,
});

/** A referral by staff: naming one of the practice's own staff needs a second, deliberate yes. */
export const StaffReferBodySchema = ReferBodySchema.extend({
  /** Sent after the warning that the address belongs to a staff account of this practice. */
  staffConfirmed: z.boolean({ error: 'Say whether to refer them anyway.' }).optional(),
});

export const ChangeStatusBodySchema = z.object({
  status: z.enum(MEMBER_STATUSES, { error: `Choose one of: ${MEMBER_STATUSES.join(', ')}.` }),
  /** Needed when a membership ends (declined, completed, left, removed); the person sees it for a decline. */
  reason: z.string().trim().max(500, 'Use at most 500 characters.').optional(),
});

export const JoinBodySchema = z.object({
  /** The agreement version the person read and accepts. */
  agreementVersion: z.number({ error: 'Accept the agreement to join.' }).int().min(1),
  displayName: z
    .string({ error: 'Choose a name for the group to call you.' })
    .trim()
    .max(DisplayNameLimit.max, `Use at most ${DisplayNameLimit.max} characters.`)
    .superRefine((name, ctx) => {
      const problem = displayNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});

export const RosterEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  hasAccount: z.boolean(),
  status: z.enum(MEMBER_STATUSES),
  displayName: z.string().nullable(),
  agreementVersion: z.number().nullable(),
  statusChangedAt: z.string(),
  joinedAt: z.string(),
  endReason: z.string().nullable(),
  /** A place offered from the waitlist: the time to accept it by. */
  offerExpiresAt: z.string().nullable(),
  offerLapsed: z.boolean(),
  screeningSubmittedAt: z.string().nullable(),
});

export const RosterSchema = z.object({
  capacity: z.number(),
  placesTaken: z.number(),
  members: z.array(RosterEntrySchema),
});

/** A group as one of its members sees it: no peer's contact details, ids or answers, ever. */
export const MyGroupSchema = z.object({
  group: z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    modality: z.enum(MODALITIES),
    format: z.enum(FORMATS),
    meetingMode: z.enum(MEETING_MODES),
    place: z.string().nullable(),
    timeZone: z.string(),
    facilitators: z.array(z.string()),
  }),
  status: z.enum(MEMBER_STATUSES),
  displayName: z.string().nullable(),
  agreement: z.object({ version: z.number(), text: z.string() }),
  /** True when the person must (again) accept the current agreement. */
  needsToAccept: z.boolean(),
  /** The display names of the other active members. */
  peers: z.array(z.string()),
  /** For a place offered from the waitlist: accept by then. */
  offerExpiresAt: z.string().nullable(),
  /** The offer's time passed before the person accepted. */
  offerLapsed: z.boolean(),
  /** Before a decision: the group's screening questions, and whether they have been answered. */
  screening: z.object({ questions: z.array(z.string()), answered: z.boolean() }).nullable(),
});

export const MyGroupsSchema = z.object({ groups: z.array(MyGroupSchema) });

export const IntakeSchema = z.object({
  entries: z.array(RosterEntrySchema.extend({ groupId: z.string(), groupName: z.string() })),
});

export const SelfReferralParamsSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'This link is not valid. Check that you copied all of it.'),
});

export const SelfReferralPageSchema = z.object({
  groupName: z.string(),
  description: z.string(),
  practiceName: z.string(),
});

export const SelfReferralBodySchema = ReferBodySchema.extend({
  /** Left empty by people; filled in by bots that fill in every field. Never shown. */
  website: z.string().max(200).optional(),
  /** When the form was opened (ms since 1970): a form sent within two seconds was not filled in by a person. */
  openedAt: z.number().int().optional(),
});

export const SelfReferralResponseSchema = z.object({ message: z.string() });

export const ScreeningBodySchema = z.object({
  /** One answer per question, in order; only the first is needed. */
  answers: z
    .array(z.string().trim().max(ScreeningLimits.answer.max, `Use at most ${ScreeningLimits.answer.max} characters.`))
    .min(1, 'Answer the first question.')
    .max(ScreeningLimits.questions.max),
});

export const ScreeningAnswersSchema = z.object({
  submittedAt: z.string().nullable(),
  items: z.array(z.object({ question: z.string(), answer: z.string() })),
});
