import { z } from 'zod';
import { FORMATS, MEETING_MODES, MODALITIES } from '../../../domain/groups.js';
import {
  DisplayNameLimit,
  displayNameReason,
  MEMBER_STATUSES,
  DISCHARGE_OUTCOMES,
  DISCHARGE_REASONS,
  DischargeLimit,
} from '../../../domain/membership.js';
import { emailField, instantField, personNameField, wholeNumber } from '../../../domain/fields.js';
import { ScreeningLimits } from '../../../domain/screening.js';

export const MemberParamsSchema = z.object({ groupId: z.string().min(1).max(64), memberId: z.string().min(1).max(64) });

export const ReferBodySchema = z.object({ name: personNameField('their'), email: emailField('their') });

/** A referral by staff: naming one of the practice's own staff needs a second, deliberate yes. */
export const StaffReferBodySchema = ReferBodySchema.extend({
  /** Sent after the warning that the address belongs to a staff account of this practice. */
  staffConfirmed: z.boolean({ error: 'problem.referral.staffConfirmed' }).optional(),
});

export const ChangeStatusBodySchema = z.object({
  status: z.enum(MEMBER_STATUSES, { error: 'problem.membership.status' }),
  /** Needed when a membership ends (declined, completed, left, removed); the person sees it for a decline. */
  reason: z.string().trim().max(500, 'problem.field.atMostCharacters').optional(),
});

export const DischargeBodySchema = z.object({
  outcome: z.enum(DISCHARGE_OUTCOMES, { error: 'problem.discharge.outcome' }),
  reason: z.enum(DISCHARGE_REASONS, { error: 'problem.discharge.reason' }),
  summary: z
    .string({ error: 'problem.discharge.summary' })
    .trim()
    .min(1, 'problem.discharge.summaryNeeded')
    .max(DischargeLimit.summary.max, 'problem.field.atMostCharacters'),
});
export type DischargeBody = z.infer<typeof DischargeBodySchema>;

export const JoinBodySchema = z.object({
  /** The agreement version the person read and accepts. */
  agreementVersion: wholeNumber({ min: 1 }, { missing: 'problem.field.acceptAgreement' }),
  displayName: z
    .string({ error: 'problem.field.displayName' })
    .trim()
    // Compatibility forms (full-width letters, ligatures, circled letters) become plain ones.
    .transform((name) => name.normalize('NFKC'))
    .pipe(z.string().max(DisplayNameLimit.max, 'problem.field.atMostCharacters'))
    .superRefine((name, ctx) => {
      const reason = displayNameReason(name);
      if (reason)
        ctx.addIssue({
          code: 'custom',
          message: `problem.displayName.${reason}`,
          params: { max: DisplayNameLimit.max },
        });
    }),
});

export const RosterEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  hasAccount: z.boolean(),
  userId: z.string().nullable(),
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
  /** The discharge at the end of a cycle: a reason from the list and a short summary (clinical, staff only). */
  discharge: z.object({ reason: z.enum(DISCHARGE_REASONS), summary: z.string() }).nullable(),
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
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'problem.field.linkInvalid'),
});

export const SelfReferralPageSchema = z.object({
  groupName: z.string(),
  description: z.string(),
  practiceName: z.string(),
  /** When the page was served, by the server's clock: sent back with the form. */
  openedAt: z.string(),
});

/** The person asks for themself, so every word addresses them. */
export const SelfReferralBodySchema = z.object({
  name: personNameField('your'),
  email: emailField('your'),
  /** Left empty by people; filled in by programs that fill in every field. Never shown. */
  website: z.string().max(200).optional(),
  /** The page's `openedAt`: a form sent within two seconds of it is asked for again. */
  openedAt: instantField('problem.field.reloadAndSend'),
});

export const SelfReferralResponseSchema = z.object({ message: z.string() });

/** The part of a confirmation link after '#': `<request id>.<secret>`. */
export const SelfReferralConfirmationBodySchema = z.object({
  token: z
    .string({ error: 'problem.field.linkIncomplete' })
    .trim()
    .regex(/^[A-Za-z0-9-]{1,64}\.[A-Za-z0-9_-]{20,100}$/, 'problem.field.linkInvalid'),
});

export const SelfReferralConfirmedSchema = z.object({ message: z.string(), groupName: z.string() });

export const ScreeningBodySchema = z.object({
  /** One answer per question, in order; only the first is needed. */
  answers: z
    .array(z.string().trim().max(ScreeningLimits.answer.max, 'problem.field.atMostCharacters'))
    .min(1, 'problem.field.answerFirst')
    .max(ScreeningLimits.questions.max),
});

export const ScreeningAnswersSchema = z.object({
  submittedAt: z.string().nullable(),
  items: z.array(z.object({ question: z.string(), answer: z.string() })),
});
