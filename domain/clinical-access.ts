import type { Role } from './roles.js';

/**
 * Who reads a group's clinical data: measure answers and scores, screening answers, attendance
 * notes, alerts naming a member and their outcomes (PRODUCT.md §6, decision 0019). Minimum
 * necessary: the group's own facilitators, whatever their practice role, and the practice's
 * supervisors, who oversee every group. An owner or admin who facilitates nothing in the group runs
 * the practice and sees counts and aggregates only, and an alert only when it was escalated to them.
 * The server enforces this; the web app asks the same question so it offers nothing it cannot open.
 */
export function seesClinicalData(role: Role, facilitatesGroup: boolean): boolean {
  return facilitatesGroup || role === 'supervisor';
}
