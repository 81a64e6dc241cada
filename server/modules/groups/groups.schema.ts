import { z } from 'zod';
import { nameField, wholeNumber } from '../../../domain/fields.js';
import { FORMATS, GROUP_STATUSES, GroupLimits, isTimeZone, MEETING_MODES, MODALITIES } from '../../../domain/groups.js';
import { ScreeningLimits } from '../../../domain/screening.js';

/** Text within limits; `missing` is the catalog key said when it is absent (docs/decisions/0035). */
const text = (missing: string, limit: { min?: number; max: number }) =>
  z
    .string({ error: missing })
    .trim()
    .min(limit.min ?? 0, 'problem.field.atLeastCharacters')
    .max(limit.max, 'problem.field.atMostCharacters');

const GroupFieldsSchema = z.object({
  name: nameField(GroupLimits.name, 'problem.group.field.name'),
  description: text('problem.group.field.description', GroupLimits.description),
  modality: z.enum(MODALITIES, { error: 'problem.field.choice' }),
  format: z.enum(FORMATS, { error: 'problem.group.field.format' }),
  capacity: z.coerce.number({ error: 'problem.group.field.capacity' }).pipe(
    wholeNumber(GroupLimits.capacity, {
      missing: 'problem.group.field.capacity',
      int: 'problem.group.field.wholeNumber',
      min: 'problem.group.field.capacityMin',
      max: 'problem.group.field.capacityMax',
    }),
  ),
  timeZone: z.string({ error: 'problem.group.field.timeZone' }).refine(isTimeZone, 'problem.group.field.timeZoneList'),
  meetingMode: z.enum(MEETING_MODES, { error: 'problem.group.field.meetingMode' }),
  place: text('problem.group.place', GroupLimits.place).nullable(),
  meetingLink: z
    .url({ protocol: /^https$/, error: 'problem.field.meetingLink' })
    .max(500)
    .nullable(),
  facilitatorIds: z
    .array(z.string().min(1).max(64))
    .min(GroupLimits.facilitators.min, 'problem.group.field.facilitatorsMin')
    .max(GroupLimits.facilitators.max, 'problem.group.field.facilitatorsMax')
    .refine((ids) => new Set(ids).size === ids.length, 'problem.group.field.facilitatorsOnce'),
  agreement: text('problem.group.field.agreement', GroupLimits.agreement),
  /** What a referred person is asked before a decision; Hearth's default set when absent. */
  screeningQuestions: z
    .array(text('problem.group.field.question', { min: 3, max: ScreeningLimits.question.max }))
    .min(ScreeningLimits.questions.min, 'problem.group.field.questionsMin')
    .max(ScreeningLimits.questions.max, 'problem.group.field.questionsMax')
    .optional(),
});

/** Meeting in person (or hybrid) needs a place people can find. */
function needsPlace(group: { meetingMode?: string; place?: string | null }, ctx: z.RefinementCtx) {
  if ((group.meetingMode === 'in-person' || group.meetingMode === 'hybrid') && !group.place) {
    ctx.addIssue({ code: 'custom', path: ['place'], message: 'problem.group.place' });
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
  'problem.field.nothingToChange',
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
  archived: z.enum(['true', 'false'], { error: 'problem.group.field.archived' }).optional(),
});

export const GroupListSchema = z.object({ groups: z.array(GroupSchema) });

export const AgreementHistorySchema = z.object({
  versions: z.array(
    z.object({ version: z.number(), text: z.string(), createdAt: z.string(), createdBy: PersonRefSchema }),
  ),
});

export const FacilitatorChoicesSchema = z.object({ people: z.array(PersonRefSchema.extend({ role: z.string() })) });
