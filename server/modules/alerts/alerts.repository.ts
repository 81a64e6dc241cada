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
export function openAlerts(db: Db, groupIds: readonly string[], escalatedOnly = false) {
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
      'groupMembers.userId as memberUserId',
    ])
    .where('alerts.groupId', 'in', groupIds)
    .where('alerts.resolvedAt', 'is', null)
    .$if(escalatedOnly, (q) => q.where('alerts.escalatedAt', 'is not', null))
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
    .select(['id', 'resolvedAt', 'acknowledgedAt', 'escalatedAt', 'urgency'])
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

/**
 * Who an urgent alert nobody acknowledged goes to (PRODUCT.md §5): the practice's backup clinician,
 * or without one its owners and admins. The escalation job mails them, and they alone, of those who
 * do not run the group, may then open the alert (break-the-glass, decision 0019).
 */
export async function escalationTargets(db: Db, practiceId: string) {
  const settings = await db
    .selectFrom('practiceSafety')
    .select('backupClinicianId')
    .where('practiceId', '=', practiceId)
    .executeTakeFirst();
  const backup = settings?.backupClinicianId ?? null;
  return db
    .selectFrom('practiceMembers')
    .innerJoin('users', 'users.id', 'practiceMembers.userId')
    .innerJoin('practices', 'practices.id', 'practiceMembers.practiceId')
    .select((eb) => [
      'users.id',
      'users.email',
      'users.name',
      eb.fn.coalesce('users.locale', 'practices.defaultLocale').as('locale'),
    ])
    .where('practiceMembers.practiceId', '=', practiceId)
    .where('practiceMembers.disabledAt', 'is', null)
    .$if(backup !== null, (q) => q.where('users.id', '=', backup!))
    .$if(backup === null, (q) => q.where('practiceMembers.role', 'in', ['owner', 'admin']))
    .execute();
}
