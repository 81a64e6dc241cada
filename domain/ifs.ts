import { z } from 'zod';

/**
 * IFS-informed reflection aids (PRODUCT.md §3.8, docs/ifs-tools.md): a parts map, a guided 6 Fs
 * reflection and a Self-energy check-in on the 8 Cs. They are aids to reflect with, in Hearth's own
 * words, not therapy and not an assessment: the check-in is no validated measure and is never
 * scored against anyone. Each item is the member's own; they choose to share it with their
 * facilitators, one item at a time, and never with peers.
 */
export const IFS_KINDS = ['partsMap', 'sixFs', 'selfCheck'] as const;
export type IfsKind = (typeof IFS_KINDS)[number];

export const PART_ROLES = ['manager', 'firefighter', 'exile', 'unsure'] as const;
export type PartRole = (typeof PART_ROLES)[number];

/** The 6 Fs, one step a screen, in order. */
export const SIX_FS = ['find', 'focus', 'fleshOut', 'feelToward', 'befriend', 'fear'] as const;
export type SixFsStep = (typeof SIX_FS)[number];

/** The 8 Cs of Self-energy. */
export const EIGHT_CS = [
  'calm',
  'curiosity',
  'compassion',
  'confidence',
  'courage',
  'clarity',
  'connectedness',
  'creativity',
] as const;
export type EightC = (typeof EIGHT_CS)[number];

/**
 * Bounds: a map of up to 60 parts is already more than a page can hold readably; a part's name is
 * short, what it does, fears and needs a few sentences each; a 6 Fs answer up to 4,000 characters
 * (a long page), a check-in's note up to 1,000. A map's positions are in a 0–100 square.
 */
export const IfsLimit = {
  parts: 60,
  partName: 80,
  partText: 1000,
  answer: 4000,
  note: 1000,
  rating: { min: 0, max: 10 },
  position: { min: 0, max: 100 },
  /** Items of one kind a member keeps; the oldest can be deleted to make room. */
  items: 500,
} as const;

const text = (max: number) => z.string().trim().max(max, 'problem.field.atMostCharacters').default('');
const position = z
  .number({ error: 'problem.field.number' })
  .min(IfsLimit.position.min, 'problem.field.atLeast')
  .max(IfsLimit.position.max, 'problem.field.atMost');

export const PartSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1, 'problem.field.fillIn').max(IfsLimit.partName, 'problem.field.atMostCharacters'),
  role: z.enum(PART_ROLES, { error: 'problem.ifs.role' }),
  does: text(IfsLimit.partText),
  fears: text(IfsLimit.partText),
  needs: text(IfsLimit.partText),
  x: position,
  y: position,
});
export type Part = z.infer<typeof PartSchema>;

export const PartsMapSchema = z.object({
  parts: z
    .array(PartSchema)
    .max(IfsLimit.parts, 'problem.ifs.tooManyParts')
    .refine((parts) => new Set(parts.map((p) => p.id)).size === parts.length, 'problem.ifs.partTwice'),
});
export type PartsMap = z.infer<typeof PartsMapSchema>;

export const SixFsSchema = z.object({
  /** The part the reflection is about, in the member's words. */
  part: text(IfsLimit.partName),
  /** The step the member reached, so a reload returns them there. */
  step: z
    .number()
    .int()
    .min(0)
    .max(SIX_FS.length - 1)
    .default(0),
  answers: z
    .object(
      Object.fromEntries(SIX_FS.map((f) => [f, text(IfsLimit.answer)])) as Record<SixFsStep, ReturnType<typeof text>>,
    )
    .partial()
    .default({}),
});
export type SixFs = z.infer<typeof SixFsSchema>;

const rating = z
  .number({ error: 'problem.field.wholeNumber' })
  .int('problem.field.wholeNumber')
  .min(IfsLimit.rating.min, 'problem.field.atLeast')
  .max(IfsLimit.rating.max, 'problem.field.atMost');

export const SelfCheckSchema = z.object({
  ratings: z.object(Object.fromEntries(EIGHT_CS.map((c) => [c, rating])) as Record<EightC, typeof rating>),
  note: text(IfsLimit.note),
});
export type SelfCheck = z.infer<typeof SelfCheckSchema>;

/** What a member sends for an item: its kind, and content of that kind's shape. */
export const IfsItemInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('partsMap'), content: PartsMapSchema }),
    z.object({ kind: z.literal('sixFs'), content: SixFsSchema }),
    z.object({ kind: z.literal('selfCheck'), content: SelfCheckSchema }),
  ],
  { error: 'problem.ifs.kind' },
);
export type IfsItemInput = z.infer<typeof IfsItemInputSchema>;
export type IfsContent = IfsItemInput['content'];
