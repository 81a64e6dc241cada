import { Link } from 'react-router';
import { seesClinicalData } from '../../../domain/clinical-access.js';
import { ADMIN_ROLES } from '../../../domain/roles.js';
import { ApiError } from '../../api/client.js';
import type { Group } from '../../api/groups.js';
import type { Viewer } from '../../api/session.js';
import { useT } from '../../i18n/use-t.js';

/**
 * Whether the viewer changes this group now: the practice's owner and admins, and its clinicians,
 * while it is active (a closed or archived group is a read-only record).
 */
export function mayEditGroup(viewer: Viewer, group: Group): boolean {
  return group.status === 'active' && mayManageGroup(viewer, group);
}

/** Whether the viewer archives and restores this group, whatever its state: the same people. */
export function mayManageGroup(viewer: Viewer, group: Group): boolean {
  return (
    ADMIN_ROLES.includes(viewer.practice.role) || (viewer.practice.role === 'clinician' && facilitates(viewer, group))
  );
}

/** Whether the viewer is one of the group's facilitators. */
export function facilitates(viewer: Viewer, group: Group): boolean {
  return group.facilitators.some((f) => f.userId === viewer.user.id);
}

/**
 * Whether the viewer reads the group's clinical data (answers, notes, alerts naming members): its
 * facilitators and supervisors. Pages offer nothing else to an owner or admin who does not
 * facilitate it; the server refuses it anyway (decision 0019).
 */
export function readsClinical(viewer: Viewer, group: Group): boolean {
  return seesClinicalData(viewer.practice.role, facilitates(viewer, group));
}

/** What a group page says when its group cannot be shown. */
export function GroupLoadProblem({ error }: { error: Error }) {
  const t = useT();
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <>
      <h1>{missing ? t('groupAccess.notFound') : t('groupAccess.loadFailed')}</h1>
      <p>{missing ? t('groupAccess.notFoundHint') : t('groupAccess.reload')}</p>
      <p>
        <Link to="/groups">{t('groupAccess.backToGroups')}</Link>
      </p>
    </>
  );
}
