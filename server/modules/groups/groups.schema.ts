import { z } from 'zod';
import { nameField, wholeNumber } from '../../../domain/fields.js';
import { FORMATS, GROUP_STATUSES, GroupLimits, isTimeZone, MEETING_MODES, MODALITIES } from '../../../domain/groups.js';
import { ScreeningLimits } from '../../../domain/screening.js';

const text = (label: string, limit: { min?: number; max: number }) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(limit.min ?? 0, `Use at least ${limit.min} characters.`)
    .max(limit.max, `Use at most ${limit.max} characters.`);

const GroupFieldsSchema = z.object({
  name: nameField(GroupLimits.name, 'Enter a name.'),
  description: text('a description', GroupLimits.description),
  modality: z.enum(MODALITIES, { error: `Choose one of: ${MODALITIES.join(', ')}.` }),
  format: z.enum(FORMATS, { error: 'Choose closed or open.' }),
  capacity: z.coerce.number({ error: 'Enter a number of places.' }).pipe(
    wholeNumber(GroupLimits.capacity, {
      missing: 'Enter a number of places.',
      int: 'Enter a whole number.',
      min: `A group needs at least ${GroupLimits.capacity.min} places.`,
      max: `Hearth allows at most ${GroupLimits.capacity.max} places.`,
    }),
  ),
  timeZone: z
    .string({ error: 'Choose a time zone.' })
    .refine(isTimeZone, 'Choose a time zone from the list, like Europe/London.'),
  meetingMode: z.enum(MEETING_MODES, { error: 'Choose in person, online or hybrid.' }),
  place: text('the place', GroupLimits.place).nullable(),
  meetingLink: z
    .url({ protocol: /^https$/, error: 'Enter the full https:// address of the meeting.' })
    .max(500)
    .nullable(),
  facilitatorIds: z
    .array(z.string().min(1).max(64))
    .min(GroupLimits.facilitators.min, 'Choose at least one facilitator.')
    .max(GroupLimits.facilitators.max, `Choose at most ${GroupLimits.facilitators.max} facilitators.`)
    .refine((ids) => new Set(ids).size === ids.length, 'Choose each facilitator once.'),
  agreement: text('the group agreement', GroupLimits.agreement),
  /** What a referred person is asked before a decision; Hearth's default set when absent. */
  screeningQuestions: z
    .array(text('a question', { min: 3, max: ScreeningLimits.question.max }))
    .min(ScreeningLimits.questions.min, 'Ask at least one question.')
    .max(ScreeningLimits.questions.max, `Ask at most ${ScreeningLimits.questions.max} questions.`)
    .optional(),
});

/** Meeting in person (or hybrid) needs a place people can find. */
function needsPlace(group: { meetingMode?: string; place?: string | null }, ctx: z.RefinementCtx) {
  if ((group.meetingMode === 'in-person' || group.meetingMode === 'hybrid') && !group.place) {
    ctx.addIssue({ code: 'custom', path: ['place'], message: 'Say where the group meets.' });
  }
}

export const CreateGroupBodySchema = GroupFieldsSchema.extend({
  place: GroupFieldsSchema.shape.place.default(null),
  meetingLink: GroupFieldsSchema.shape.meetingLink.default(null),
}).superRefine(needsPlace);
export type CreateGroupBody = z.infer<typeof CreateGroupBodySchema>;

/**
 * Any subset of the fields (no defaults, so an absent field stays as it is); the agreement, when
 * it changes, becomes a new version.
 */
export const UpdateGroupBodySchema = GroupFieldsSchema.partial().refine(
  (body) => Object.keys(body).length > 0,
  'Send at least one field to change.',
);
export type UpdateGroupBody = z.infer<typeof UpdateGroupBodySchema>;

export const GroupIdParamsSchema = z.object({ groupId: z.string().min(1).max(64) });

const PersonRefSchema = z.object({ userId: z.string(), name: z.string() });

export const GroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  modality: z.enum(MODALITIES),
  format: z.enum(FORMATS),
  capacity: z.number(),
  timeZone: z.string(),
  meetingMode: z.enum(MEETING_MODES),
  place: z.string().nullable(),
  meetingLink: z.string().nullable(),
  /** Only an active group changes; a closed or archived one is a readable record (docs/decisions/0024). */
  status: z.enum(GROUP_STATUSES),
  /** When its cycle ended. */
  closedAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  /** The token of the public self-referral link (`/join/<token>`), or null while it is off. */
  selfReferralToken: z.string().nullable(),
  screeningQuestions: z.array(z.string()),
  facilitators: z.array(PersonRefSchema),
  agreement: z.object({ version: z.number(), text: z.string(), createdAt: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Group = z.infer<typeof GroupSchema>;

export const GroupListQuerySchema = z.object({
  /** "true": the archived groups only; otherwise the others (active and closed). */
  archived: z.enum(['true', 'false'], { error: 'Use archived=true or archived=false.' }).optional(),
});

export const GroupListSchema = z.object({ groups: z.array(GroupSchema) });

export const AgreementHistorySchema = z.object({
  versions: z.array(
    z.object({ version: z.number(), text: z.string(), createdAt: z.string(), createdBy: PersonRefSchema }),
  ),
});

export const FacilitatorChoicesSchema = z.object({ people: z.array(PersonRefSchema.extend({ role: z.string() })) });
