import { z } from 'zod';
import {
  SPACE_CHANNELS,
  SPACE_DIGESTS,
  SPACE_MODERATIONS,
  SPACE_POST_STATUSES,
  SPACE_REACTIONS,
  SpaceBodyLimit,
  SpaceNoteLimit,
  SpacePremoderationLimit,
  SpaceReadingHoursLimit,
  SpaceTitleLimit,
} from '../../../domain/space.js';
import { wholeNumber } from '../../../domain/fields.js';

const id = z.string().min(1).max(64);
export const PostParamsSchema = z.object({ groupId: id, postId: id });
export const ReactionParamsSchema = PostParamsSchema.extend({
  kind: z.enum(SPACE_REACTIONS, { error: 'problem.space.reaction' }),
});
export const ReportParamsSchema = z.object({ groupId: id, reportId: id });

const body = z
  .string({ error: 'problem.space.bodyNeeded' })
  .trim()
  .min(SpaceBodyLimit.min, 'problem.space.bodyNeeded')
  .max(SpaceBodyLimit.max, 'problem.field.atMostCharacters');
const note = z
  .string({ error: 'problem.space.noteNeeded' })
  .trim()
  .min(SpaceNoteLimit.min, 'problem.space.noteNeeded')
  .max(SpaceNoteLimit.max, 'problem.field.atMostCharacters');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'problem.space.time');

export const NewPostBodySchema = z.object({
  channel: z.enum(SPACE_CHANNELS, { error: 'problem.space.channel' }).optional(),
  title: z
    .string()
    .trim()
    .min(SpaceTitleLimit.min, 'problem.space.titleNeeded')
    .max(SpaceTitleLimit.max, 'problem.field.atMostCharacters')
    .optional(),
  body,
  anonymous: z.boolean().optional(),
});
export type NewPostBody = z.infer<typeof NewPostBodySchema>;

export const ReplyBodySchema = NewPostBodySchema.omit({ channel: true, title: true });

export const ModerationBodySchema = z
  .object({
    action: z.enum(SPACE_MODERATIONS, { error: 'problem.space.action' }),
    body: body.optional(),
    note: note.optional(),
    channel: z.enum(SPACE_CHANNELS, { error: 'problem.space.channel' }).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.action !== 'publish-edited') return;
    // An edited version says what changed and that the author agreed: both are needed.
    if (!value.body) ctx.addIssue({ code: 'custom', path: ['body'], message: 'problem.space.bodyNeeded' });
    if (!value.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'problem.space.noteNeeded' });
  });
export type ModerationBody = z.infer<typeof ModerationBodySchema>;

export const ReportBodySchema = z.object({ reason: note });
export const ReportResolutionBodySchema = z.object({ outcome: note });

export const SettingsBodySchema = z
  .object({
    anonymousAllowed: z.boolean({ error: 'problem.space.yesNo' }),
    premoderateFirst: wholeNumber(SpacePremoderationLimit),
    readingHours: z.string().trim().max(SpaceReadingHoursLimit.max, 'problem.field.atMostCharacters').nullable(),
    quietFrom: time.nullable(),
    quietUntil: time.nullable(),
  })
  .refine((v) => (v.quietFrom === null) === (v.quietUntil === null), {
    path: ['quietUntil'],
    message: 'problem.space.quietBoth',
  });
export type SettingsBody = z.infer<typeof SettingsBodySchema>;

export const DigestBodySchema = z.object({ digest: z.enum(SPACE_DIGESTS, { error: 'problem.space.digest' }) });

const Reaction = z.object({ kind: z.enum(SPACE_REACTIONS), names: z.array(z.string()), mine: z.boolean() });

const Post = z.object({
  id: z.string(),
  threadId: z.string().nullable(),
  channel: z.enum(SPACE_CHANNELS),
  title: z.string().nullable(),
  body: z.string(),
  status: z.enum(SPACE_POST_STATUSES),
  heldFor: z.enum(['screening', 'premoderation']).nullable(),
  author: z.object({
    /** Null for an anonymous post. */
    name: z.string().nullable(),
    facilitator: z.boolean(),
    anonymous: z.boolean(),
    mine: z.boolean(),
    /** Only for those who run the group. */
    member: z.object({ name: z.string(), displayName: z.string().nullable() }).optional(),
  }),
  pinned: z.boolean(),
  locked: z.boolean(),
  editNote: z.string().nullable(),
  screening: z.enum(['none', 'flag', 'urgent']).optional(),
  createdAt: z.string(),
  reactions: z.array(Reaction),
});

export const SpaceSchema = z.object({
  group: z.object({ id: z.string(), name: z.string() }),
  role: z.enum(['member', 'facilitator', 'reader', 'counts']),
  settings: z.object({
    anonymousAllowed: z.boolean(),
    premoderateFirst: z.number(),
    readingHours: z.string().nullable(),
    quietFrom: z.string().nullable(),
    quietUntil: z.string().nullable(),
  }),
  // `waiting` (posts held for a facilitator) is never sent to a member.
  counts: z.object({ threads: z.number(), posts: z.number(), waiting: z.number().optional() }),
  digest: z.enum(SPACE_DIGESTS),
  unread: z.number(),
  threads: z.array(Post.extend({ replies: z.array(Post) })),
});

export const CreatedPostSchema = z.object({
  id: z.string(),
  status: z.enum(['published', 'held']),
  heldFor: z.enum(['screening', 'premoderation']).nullable(),
});

export const QueueSchema = z.object({
  held: z.array(Post.extend({ alertId: z.string().nullable() })),
  reports: z.array(
    z.object({
      id: z.string(),
      post: Post.nullable(),
      reason: z.string(),
      reporter: z.string(),
      createdAt: z.string(),
      resolved: z.object({ at: z.string(), by: z.string(), outcome: z.string() }).nullable(),
    }),
  ),
  outcomes: z.array(
    z.object({
      id: z.string(),
      postId: z.string(),
      action: z.enum(SPACE_MODERATIONS),
      by: z.string(),
      note: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
