import type { Kysely } from 'kysely';
import { DEFAULT_RETENTION, type RetentionSettings } from '../../../domain/retention.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/** A practice's retention periods; the defaults until an admin has chosen. */
export async function retentionOf(db: Db, practiceId: string): Promise<RetentionSettings> {
  const row = await db
    .selectFrom('practiceRetention')
    .select(['clinicalYears', 'jurisdictionNote', 'auditYears', 'outboxDays', 'signInDays'])
    .where('practiceId', '=', practiceId)
    .executeTakeFirst();
  return row ?? DEFAULT_RETENTION;
}

/** Every practice's retention periods, by practice id; practices that never chose get the defaults. */
export async function allRetention(db: Db): Promise<Map<string, RetentionSettings>> {
  const practices = await db.selectFrom('practices').select('id').execute();
  const chosen = await db.selectFrom('practiceRetention').selectAll().execute();
  const settings = new Map<string, RetentionSettings>(practices.map((p) => [p.id, DEFAULT_RETENTION]));
  for (const { practiceId, clinicalYears, jurisdictionNote, auditYears, outboxDays, signInDays } of chosen)
    settings.set(practiceId, { clinicalYears, jurisdictionNote, auditYears, outboxDays, signInDays });
  return settings;
}

export async function saveRetention(
  trx: Db,
  row: RetentionSettings & { practiceId: string; updatedBy: string; updatedAt: string },
): Promise<void> {
  const { clinicalYears, jurisdictionNote, auditYears, outboxDays, signInDays, updatedBy, updatedAt } = row;
  await trx
    .insertInto('practiceRetention')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('practiceId')
        .doUpdateSet({ clinicalYears, jurisdictionNote, auditYears, outboxDays, signInDays, updatedBy, updatedAt }),
    )
    .execute();
}
