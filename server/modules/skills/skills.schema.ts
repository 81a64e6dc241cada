import { z } from 'zod';
import { wholeNumber } from '../../../domain/fields.js';
import { LOCALES } from '../../../domain/locale.js';
import {
  AssignmentNoteLimit,
  PRACTICE_VISIBILITIES,
  PracticeFeedbackLimits,
  PracticeLogLimits,
  SkillCardLimits,
} from '../../../domain/skills.js';

const Id = z.string().min(1).max(80);

/** Free text, trimmed; `missing` when it must be written and is not. */
function text(limit: { min?: number; max: number }, missing = 'problem.field.fillIn') {
  const base = z.string({ error: missing }).trim();
  return (limit.min ? base.min(limit.min, missing) : base).max(limit.max, 'problem.field.atMostCharacters');
}

export const CardParamsSchema = z.object({ cardId: Id });
export const LogParamsSchema = z.object({ logId: Id });

export const CardBodySchema = z.object({
  language: z.enum(LOCALES, { error: 'problem.skills.field.language' }),
  /** The card this one was copied from, to adapt it. */
  basedOn: Id.nullable().optional(),
  title: text(SkillCardLimits.title),
  purpose: text(SkillCardLimits.purpose),
  steps: z
    .array(text(SkillCardLimits.step))
    .min(SkillCardLimits.steps.min, 'problem.skills.field.steps')
    .max(SkillCardLimits.steps.max, 'problem.field.atMost'),
  example: text(SkillCardLimits.example),
  prompt: text(SkillCardLimits.prompt),
});
export type CardBody = z.infer<typeof CardBodySchema>;

export const AssignmentBodySchema = z.object({
  cardId: Id,
  /** One member of the group; absent or null: the whole group. */
  memberId: Id.nullable().optional(),
  /** The session it is due by. */
  dueSessionId: Id.nullable().optional(),
  note: text(AssignmentNoteLimit).optional(),
});
export type AssignmentBody = z.infer<typeof AssignmentBodySchema>;

const Rating = wholeNumber(PracticeLogLimits.rating, { missing: 'problem.skills.field.rating' });
const Visibility = z.enum(PRACTICE_VISIBILITIES, { error: 'problem.skills.field.visibility' });

export const LogBodySchema = z.object({
  groupId: Id,
  cardId: Id,
  situation: text(PracticeLogLimits.situation),
  rating: Rating,
  learned: text(PracticeLogLimits.learned).optional(),
  visibility: Visibility,
});
export type LogBody = z.infer<typeof LogBodySchema>;

export const LogChangeSchema = z
  .object({
    situation: text(PracticeLogLimits.situation).optional(),
    rating: Rating.optional(),
    learned: text(PracticeLogLimits.learned).optional(),
    visibility: Visibility.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'problem.field.nothingToChange');
export type LogChange = z.infer<typeof LogChangeSchema>;

export const FeedbackBodySchema = z
  .object({
    worked: text(PracticeFeedbackLimits.part).optional(),
    tryNext: text(PracticeFeedbackLimits.part).optional(),
  })
  .refine((b) => Boolean(b.worked || b.tryNext), { path: ['worked'], message: 'problem.skills.field.feedback' });
export type FeedbackBody = z.infer<typeof FeedbackBodySchema>;

export const CardSchema = z.object({
  id: z.string(),
  /** One of Hearth's own cards: read-only, copy it to adapt it. */
  shipped: z.boolean(),
  language: z.string(),
  basedOn: z.string().nullable(),
  relatedTo: z.string().nullable(),
  title: z.string(),
  purpose: z.string(),
  steps: z.array(z.string()),
  example: z.string(),
  prompt: z.string(),
});
export const CardListSchema = z.object({ cards: z.array(CardSchema) });

const Assignment = z.object({
  id: z.string(),
  groupId: z.string(),
  card: CardSchema,
  /** Null: the whole group. */
  memberId: z.string().nullable(),
  memberName: z.string().nullable(),
  dueAt: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

const Feedback = z.object({
  id: z.string(),
  from: z.string(),
  mine: z.boolean(),
  worked: z.string().nullable(),
  tryNext: z.string().nullable(),
  held: z.boolean(),
  createdAt: z.string(),
});

const Log = z.object({
  id: z.string(),
  groupId: z.string(),
  cardId: z.string(),
  cardTitle: z.string(),
  situation: z.string(),
  learned: z.string().nullable(),
  rating: z.number(),
  visibility: z.enum(PRACTICE_VISIBILITIES),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const LogSchema = Log;

const SharedLog = Log.extend({
  author: z.string(),
  mine: z.boolean(),
  feedback: z.array(Feedback),
});

/** A week's practice; `week` is the instant its Monday begins in the group's zone. */
const Week = z.object({ week: z.string(), mean: z.number(), count: z.number() });

export const GroupSkillsSchema = z.object({
  /** The group's zone: its weeks run Monday to Sunday there. */
  group: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  /** False for an owner or admin who does not facilitate the group: totals only (decision 0019). */
  clinical: z.boolean(),
  assignments: z.array(Assignment),
  progress: z.object({
    weeks: z.array(Week),
    bySkill: z.array(z.object({ cardId: z.string(), title: z.string(), count: z.number(), mean: z.number() })),
    members: z.array(
      z.object({
        memberId: z.string(),
        name: z.string(),
        displayName: z.string().nullable(),
        count: z.number(),
        weeks: z.array(Week),
        entries: z.array(z.object({ at: z.string(), cardTitle: z.string(), rating: z.number() })),
      }),
    ),
  }),
  shared: z.array(SharedLog),
});

export const MySkillsSchema = z.object({
  groups: z.array(z.object({ id: z.string(), name: z.string(), open: z.boolean() })),
  assignments: z.array(Assignment),
  logs: z.array(Log),
});

export const SharedListSchema = z.object({
  group: z.object({ id: z.string(), name: z.string() }),
  entries: z.array(SharedLog),
});

export const FeedbackSchema = Feedback;
