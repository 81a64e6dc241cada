import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ClinicalCipher } from './clinical-cipher.js';
import { ENCRYPTED_COLUMNS, sealedIn, type EncryptedColumn } from './encrypted-columns.js';

export interface ReencryptOptions {
  /** Rows per transaction. */
  batchSize?: number;
  /** Called after each batch commits, with the running count: progress, or a test's interruption. */
  onBatch?: (progress: { column: EncryptedColumn; rows: number }) => void | Promise<void>;
}

/** Tables and columns looked up by name, as ENCRYPTED_COLUMNS gives them. */
type AnyTables = Kysely<Record<string, Record<string, string | null>>>;

/**
 * Re-seals every clinical value that is not yet in the current format under the current key: old
 * `v1` values (no binding) and, during a key rotation, values sealed with the previous key. One
 * machine for both the upgrade job and `hearth rotate-key` (docs/decisions/0015, 0016).
 *
 * Resumable by construction: each batch commits on its own and a re-sealed value no longer matches,
 * so a run that stops half-way is simply run again. Each update names the value it read, so a
 * value the app changed meanwhile is left to the next pass rather than overwritten. A value that
 * cannot be opened stops the run with an error naming its row. Returns the values re-sealed.
 */
export async function reencryptClinicalText(
  database: Kysely<DB>,
  cipher: ClinicalCipher,
  { batchSize = 200, onBatch }: ReencryptOptions = {},
): Promise<number> {
  const db = database as unknown as AnyTables;
  const prefix = cipher.currentPrefix;
  let total = 0;
  for (const [column, keys] of Object.entries(ENCRYPTED_COLUMNS) as Array<[EncryptedColumn, readonly string[]]>) {
    const [table, field] = column.split('.') as [string, string];
    const stale = sql<string>`substr(${sql.ref(field)}, 1, ${prefix.length})`;
    for (;;) {
      const rows = await db
        .selectFrom(table)
        .select([...keys, field])
        .where(field, 'is not', null)
        .where(stale, '<>', prefix)
        .$call((q) => keys.reduce((ordered, key) => ordered.orderBy(key), q))
        .limit(batchSize)
        .execute();
      if (rows.length === 0) break;
      await db.transaction().execute(async (trx) => {
        for (const row of rows) {
          const where = sealedIn(column, ...keys.map((k) => row[k]!));
          const fresh = cipher.encrypt(cipher.decrypt(row[field]!, where), where);
          let update = trx
            .updateTable(table)
            .set({ [field]: fresh })
            .where(field, '=', row[field]!);
          for (const key of keys) update = update.where(key, '=', row[key]!);
          await update.execute();
        }
      });
      total += rows.length;
      await onBatch?.({ column, rows: total });
    }
  }
  return total;
}
