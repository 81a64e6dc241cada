import { isRole, type Role } from '../../../domain/roles.js';
import { toInstant } from '../../db/instant.js';
import type { listMembers } from './people.repository.js';
import type { listPendingInvitations } from './invitation.repository.js';

type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];
type InvitationRow = Awaited<ReturnType<typeof listPendingInvitations>>[number];

/** A person as the practice's admins see them (§6: admins see contact details). */
export function presentPerson(row: MemberRow) {
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: (isRole(row.role) ? row.role : 'member') as Role,
    status: row.disabledAt ? ('disabled' as const) : ('active' as const),
    twoFactorEnabled: Boolean(row.twoFactorEnabled),
    joinedAt: toInstant(row.joinedAt),
  };
}

/** A pending invitation, without anything that could rebuild its link. */
export function presentInvitation(row: InvitationRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name ?? '',
    role: (isRole(row.role) ? row.role : 'member') as Role,
    expiresAt: toInstant(row.expiresAt),
    createdAt: toInstant(row.createdAt),
  };
}
