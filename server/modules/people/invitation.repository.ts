import type { Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';

export interface NewInvitation {
  id: string;
  practiceId: string;
  email: string;
  name: string;
  role: string;
  tokenHash: string;
  inviterId: string;
  expiresAt: string;
  now: string;
}

export async function insertInvitation(trx: Kysely<DB>, invitation: NewInvitation): Promise<void> {
  await trx
    .insertInto('practiceInvitations')
    .values({
      id: invitation.id,
      practiceId: invitation.practiceId,
      email: invitation.email,
      name: invitation.name,
      role: invitation.role,
      status: 'pending',
      tokenHash: invitation.tokenHash,
      inviterId: invitation.inviterId,
      expiresAt: invitation.expiresAt,
      createdAt: invitation.now,
    })
    .execute();
}

/** Withdraws any pending invitation for this address, so only the newest link works; true when one was. */
export async function cancelPendingInvitations(trx: Kysely<DB>, practiceId: string, email: string): Promise<boolean> {
  const result = await trx
    .updateTable('practiceInvitations')
    .set({ status: 'canceled', tokenHash: null })
    .where('practiceId', '=', practiceId)
    .where('email', '=', email)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A practice's invitations that are still waiting for an answer, newest first. */
export function listPendingInvitations(database: Database, practiceId: string) {
  return database.db
    .selectFrom('practiceInvitations')
    .select(['id', 'email', 'name', 'role', 'expiresAt', 'createdAt'])
    .where('practiceId', '=', practiceId)
    .where('status', '=', 'pending')
    .orderBy('createdAt', 'desc')
    .execute();
}

/** An invitation of one practice by id: the object check for revoking it. */
export function findInvitationInPractice(trx: Kysely<DB>, practiceId: string, invitationId: string) {
  return trx
    .selectFrom('practiceInvitations')
    .select(['id', 'email', 'status'])
    .where('practiceId', '=', practiceId)
    .where('id', '=', invitationId)
    .executeTakeFirst();
}

/** An invitation by id with its practice's name, for someone holding its link. */
export function findInvitationForLink(trx: Kysely<DB>, invitationId: string) {
  return trx
    .selectFrom('practiceInvitations')
    .innerJoin('practices', 'practices.id', 'practiceInvitations.practiceId')
    .select([
      'practiceInvitations.id',
      'practiceInvitations.practiceId',
      'practices.name as practiceName',
      'practiceInvitations.email',
      'practiceInvitations.name',
      'practiceInvitations.role',
      'practiceInvitations.status',
      'practiceInvitations.tokenHash',
      'practiceInvitations.expiresAt',
      'practiceInvitations.inviterId',
    ])
    .where('practiceInvitations.id', '=', invitationId)
    .executeTakeFirst();
}

export async function setInvitationStatus(
  trx: Kysely<DB>,
  invitationId: string,
  status: 'accepted' | 'canceled',
  now: string,
): Promise<void> {
  await trx
    .updateTable('practiceInvitations')
    .set({ status, acceptedAt: status === 'accepted' ? now : null })
    .where('id', '=', invitationId)
    .execute();
}
