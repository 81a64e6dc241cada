import { canManage, grantableRoles, type Role } from '../../../domain/roles.js';
import type { Viewer } from '../../platform/auth/viewer.js';

/** Why the viewer may not do something to a person, in words they can act on; null when allowed. */
export type Refusal = string | null;

/** Inviting someone with a role: the viewer must be able to grant it. */
export function refuseInvite(viewer: Viewer, role: Role): Refusal {
  if (!grantableRoles(viewer.role).includes(role)) return `Only an owner can give someone the ${role} role.`;
  return null;
}

/** Changing a person's role, or disabling or enabling them. */
export function refuseManage(viewer: Viewer, target: { userId: string; role: Role }, newRole?: Role): Refusal {
  if (target.userId === viewer.userId) return 'You cannot change your own access. Ask another owner or administrator.';
  if (!canManage(viewer.role, target.role)) return `Only an owner can change the access of an ${target.role}.`;
  if (newRole && !grantableRoles(viewer.role).includes(newRole))
    return `Only an owner can give someone the ${newRole} role.`;
  return null;
}
