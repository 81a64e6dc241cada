import type { IfsItemInput } from '../../../domain/ifs.js';
import { toInstant } from '../../db/instant.js';
import type { ItemRow } from './ifs.repository.js';
import type { IfsItemView } from './ifs.schema.js';

/** An item as its reader sees it, its content already unsealed. */
export function presentItem(row: ItemRow, input: IfsItemInput): IfsItemView {
  return {
    id: row.id,
    ...input,
    sharedAt: row.sharedAt ? toInstant(row.sharedAt) : null,
    createdAt: toInstant(row.createdAt),
    updatedAt: toInstant(row.updatedAt),
  };
}
