import { seesClinicalData } from '../../../domain/clinical-access.js';
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

/**
 * Who of those who see a group also reads its members' clinical data: its facilitators and the
 * practice's supervisors. An owner or admin who does not facilitate it gets counts and aggregates
 * only (domain/clinical-access, decision 0019); every route that returns clinical data asks this.
 */
export function canReadClinical(viewer: Viewer, facilitatorIds: readonly string[]): boolean {
  return canSeeGroup(viewer, facilitatorIds) && seesClinicalData(viewer.role, facilitatorIds.includes(viewer.userId));
}
