import { canManage, grantableRoles, type Role } from '../../../domain/roles.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { Words } from '../../platform/problem.js';

/** Why the viewer may not do something to a person, as catalog words they can act on; null when allowed. */
export type Refusal = Words | null;

/** Inviting someone with a role: the viewer must be able to grant it. */
export function refuseInvite(viewer: Viewer, role: Role): Refusal {
  if (!grantableRoles(viewer.role).includes(role)) return { key: 'problem.people.onlyOwnerGrants', values: { role } };
  return null;
}

/** Changing a person's role, or disabling or enabling them. */
export function refuseManage(viewer: Viewer, target: { userId: string; role: Role }, newRole?: Role): Refusal {
  if (target.userId === viewer.userId) return { key: 'problem.people.notYourOwn' };
  if (!canManage(viewer.role, target.role))
    return { key: 'problem.people.onlyOwnerManages', values: { role: target.role } };
  if (newRole && !grantableRoles(viewer.role).includes(newRole))
    return { key: 'problem.people.onlyOwnerGrants', values: { role: newRole } };
  return null;
}
