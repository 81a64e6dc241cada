import { ADMIN_ROLES } from '../../../domain/roles.js';
import type { Viewer } from '../../platform/auth/viewer.js';

/**
 * Who sees a group's staff view: the practice's owner, admins and supervisors see every group;
 * a clinician sees the groups they facilitate. (Members see their own groups through the
 * membership capability, with a narrower presenter.)
 */
export function canSeeGroup(viewer: Viewer, facilitatorIds: readonly string[]): boolean {
  if (ADMIN_ROLES.includes(viewer.role) || viewer.role === 'supervisor') return true;
  return viewer.role === 'clinician' && facilitatorIds.includes(viewer.userId);
}

/** Who changes a group: the practice's owner and admins, and its facilitators. */
export function canEditGroup(viewer: Viewer, facilitatorIds: readonly string[]): boolean {
  if (ADMIN_ROLES.includes(viewer.role)) return true;
  return viewer.role === 'clinician' && facilitatorIds.includes(viewer.userId);
}
