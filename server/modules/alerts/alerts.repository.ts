import type { Insertable, Kysely } from 'kysely';
import type { AlertsTable, DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/** Raises an alert unless its cause raised one already; true when it is new. */
export async function raiseAlert(trx: Db, row: Insertable<AlertsTable>): Promise<boolean> {
  const result = await trx
    .insertInto('alerts')
    .values(row)
    .onConflict((oc) => oc.column('causeKey').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A group's alerts that nobody has resolved yet, oldest first, with whom they concern. */
export function openAlerts(db: Db, groupId: string) {
  return db
    .selectFrom('alerts')
    .leftJoin('groupMembers', 'groupMembers.id', 'alerts.groupMemberId')
    .select([
      'alerts.id',
      'alerts.kind',
      'alerts.urgency',
      'alerts.createdAt',
      'alerts.groupMemberId',
      'groupMembers.name as memberName',
      'groupMembers.displayName',
    ])
    .where('alerts.groupId', '=', groupId)
    .where('alerts.resolvedAt', 'is', null)
    .orderBy('alerts.createdAt')
    .execute();
}

export function findAlert(db: Db, groupId: string, alertId: string) {
  return db
    .selectFrom('alerts')
    .select(['id', 'resolvedAt'])
    .where('groupId', '=', groupId)
    .where('id', '=', alertId)
    .executeTakeFirst();
}

export async function resolveAlert(
  trx: Db,
  alertId: string,
  change: { resolvedAt: string; resolvedBy: string; outcome: string | null },
): Promise<void> {
  await trx.updateTable('alerts').set(change).where('id', '=', alertId).execute();
}
