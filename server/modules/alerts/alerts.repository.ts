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

/** Some groups' alerts that nobody has resolved yet, urgent first, then oldest first. */
export function openAlerts(db: Db, groupIds: readonly string[]) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('alerts')
    .innerJoin('groups', 'groups.id', 'alerts.groupId')
    .leftJoin('groupMembers', 'groupMembers.id', 'alerts.groupMemberId')
    .leftJoin('users', 'users.id', 'alerts.acknowledgedBy')
    .select([
      'alerts.id',
      'alerts.groupId',
      'groups.name as groupName',
      'alerts.kind',
      'alerts.urgency',
      'alerts.createdAt',
      'alerts.acknowledgedAt',
      'alerts.escalatedAt',
      'users.name as acknowledgedByName',
      'alerts.groupMemberId',
      'alerts.instrumentId',
      'alerts.detail',
      'groupMembers.name as memberName',
      'groupMembers.displayName',
    ])
    .where('alerts.groupId', 'in', groupIds)
    .where('alerts.resolvedAt', 'is', null)
    .orderBy('alerts.urgency', 'desc')
    .orderBy('alerts.createdAt')
    .execute();
}

export async function acknowledgeAlert(trx: Db, alertId: string, by: string, at: string): Promise<void> {
  await trx
    .updateTable('alerts')
    .set({ acknowledgedAt: at, acknowledgedBy: by })
    .where('id', '=', alertId)
    .where('acknowledgedAt', 'is', null)
    .execute();
}

export function findAlert(db: Db, groupId: string, alertId: string) {
  return db
    .selectFrom('alerts')
    .select(['id', 'resolvedAt', 'acknowledgedAt', 'urgency'])
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
