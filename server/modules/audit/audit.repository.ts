import type { Database } from '../../db/connect.js';

export interface AuditQuery {
  practiceId: string;
  action?: string;
  actorUserId?: string;
  subjectId?: string;
  /** Records about this person: they are the subject, or among the people whose records it showed. */
  personId?: string;
  from?: string;
  to?: string;
  /** Records before this sequence number (the next page of a newest-first list). */
  beforeSeq?: number;
  limit: number;
}

/**
 * A practice's audit records, newest first, with the acting person's name and what the record is
 * about by name where it has one: a person, a group, or a session (its group's name), so a reader
 * sees "about Tuesday Skills Circle" rather than an id.
 */
export function findAuditEvents(database: Database, query: AuditQuery) {
  return database.db
    .selectFrom('auditEvents')
    .leftJoin('users', 'users.id', 'auditEvents.actorUserId')
    .leftJoin('users as subjectUsers', 'subjectUsers.id', 'auditEvents.subjectId')
    .leftJoin('groups as subjectGroups', (join) =>
      join.onRef('subjectGroups.id', '=', 'auditEvents.subjectId').on('auditEvents.subjectType', '=', 'group'),
    )
    .leftJoin('groupSessions as subjectSessions', (join) =>
      join.onRef('subjectSessions.id', '=', 'auditEvents.subjectId').on('auditEvents.subjectType', '=', 'session'),
    )
    .leftJoin('groups as sessionGroups', 'sessionGroups.id', 'subjectSessions.groupId')
    .select((eb) => [
      'auditEvents.id',
      'auditEvents.seq',
      'auditEvents.occurredAt',
      'auditEvents.action',
      'auditEvents.actorUserId',
      'users.name as actorName',
      'auditEvents.actorRole',
      'auditEvents.subjectType',
      'auditEvents.subjectId',
      eb.fn.coalesce('subjectUsers.name', 'subjectGroups.name', 'sessionGroups.name').as('subjectName'),
      'auditEvents.ip',
      'auditEvents.userAgent',
      'auditEvents.detail',
    ])
    .where('auditEvents.chain', '=', query.practiceId)
    .$if(query.action !== undefined, (q) => q.where('auditEvents.action', '=', query.action!))
    .$if(query.actorUserId !== undefined, (q) => q.where('auditEvents.actorUserId', '=', query.actorUserId!))
    .$if(query.subjectId !== undefined, (q) => q.where('auditEvents.subjectId', '=', query.subjectId!))
    .$if(query.personId !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('auditEvents.subjectId', '=', query.personId!),
          eb.exists(
            eb
              .selectFrom('auditEventPeople')
              .select('auditEventPeople.eventId')
              .whereRef('auditEventPeople.eventId', '=', 'auditEvents.id')
              .where('auditEventPeople.personId', '=', query.personId!),
          ),
        ]),
      ),
    )
    .$if(query.from !== undefined, (q) => q.where('auditEvents.occurredAt', '>=', query.from!))
    .$if(query.to !== undefined, (q) => q.where('auditEvents.occurredAt', '<', query.to!))
    .$if(query.beforeSeq !== undefined, (q) => q.where('auditEvents.seq', '<', query.beforeSeq!))
    .orderBy('auditEvents.seq', 'desc')
    .limit(query.limit)
    .execute();
}
