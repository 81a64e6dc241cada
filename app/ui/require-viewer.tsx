import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../../domain/roles.js';
import { takeSignOutReason, useSetupStatus, useViewer, type Viewer } from '../api/session.js';
import { useT } from '../i18n/use-t.js';

interface RequireViewerProps {
  children: (viewer: Viewer) => ReactNode;
  /** Roles that may see the page; others are told kindly and sent nowhere. */
  roles?: readonly Role[];
  /** The two-step setup page itself, and the account page, stay open before setup is done. */
  beforeTwoFactor?: boolean;
}

/** Shows a page only to a signed-in person who may see it; sends others where they need to go. */
export function RequireViewer({ children, roles, beforeTwoFactor = false }: RequireViewerProps) {
  const t = useT();
  const setup = useSetupStatus();
  const viewer = useViewer();
  const location = useLocation();
  if (setup.data?.needed) return <Navigate to="/setup" replace />;
  if (viewer.isPending) return <p role="status">{t('requireViewer.loading')}</p>;
  if (viewer.isError) return <p role="alert">{t('requireViewer.unreachable')}</p>;
  if (!viewer.data)
    return <Navigate to="/sign-in" replace state={{ from: location.pathname, notice: takeSignOutReason() }} />;
  if (viewer.data.mustEnrolTwoFactor && !beforeTwoFactor) return <Navigate to="/security/two-step" replace />;
  if (roles && !roles.includes(viewer.data.practice.role)) {
    return (
      <>
        <h1>{t('requireViewer.notYourRole')}</h1>
        <p>{t('requireViewer.notYourRoleDetail', { practice: viewer.data.practice.name })}</p>
      </>
    );
  }
  return <>{children(viewer.data)}</>;
}
