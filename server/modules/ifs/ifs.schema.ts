import { z } from 'zod';
import { PartsMapSchema, SelfCheckSchema, SixFsSchema } from '../../../domain/ifs.js';

export { IfsItemInputSchema } from '../../../domain/ifs.js';

export const ItemParamsSchema = z.object({ itemId: z.string().min(1).max(64) });
export const SharingBodySchema = z.object({ shared: z.boolean({ error: 'problem.ifs.shared' }) });

const Meta = {
  id: z.string(),
  /** When the member shared it with their facilitators; null while private. */
  sharedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
/** An item as read: its kind decides its content's shape. */
export const IfsItemSchema = z.discriminatedUnion('kind', [
  z.object({ ...Meta, kind: z.literal('partsMap'), content: PartsMapSchema }),
  z.object({ ...Meta, kind: z.literal('sixFs'), content: SixFsSchema }),
  z.object({ ...Meta, kind: z.literal('selfCheck'), content: SelfCheckSchema }),
]);
export type IfsItemView = z.infer<typeof IfsItemSchema>;

export const IfsItemsSchema = z.object({
  member: z.object({ userId: z.string(), name: z.string() }),
  items: z.array(IfsItemSchema),
  /** Who reads what the member shares: their facilitators, by name. */
  readers: z.array(z.string()),
});
