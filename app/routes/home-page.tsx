import { Navigate } from 'react-router';
import { useSetupStatus, useViewer } from '../api/session.js';
import { usePageTitle } from '../ui/page-title.js';

const ROLE_NAMES: Record<string, string> = {
  owner: 'Owner',
  admin: 'Administrator',
  clinician: 'Clinician',
  supervisor: 'Supervisor',
  member: 'Member',
};

/** The signed-in home: who you are and which practice you are in. */
export function HomePage() {
  const setupStatus = useSetupStatus();
  const viewer = useViewer();
  usePageTitle(viewer.data?.practice?.name ?? 'Home');

  if (setupStatus.data?.needed) return <Navigate to="/setup" replace />;
  if (viewer.isPending || setupStatus.isPending) return <p role="status">Loading…</p>;
  if (!viewer.data) return <Navigate to="/sign-in" replace />;

  const { user, practice } = viewer.data;
  return (
    <>
      <h1>{practice ? practice.name : 'Welcome to Hearth'}</h1>
      <p className="lead">Hello, {user.name}. You are signed in.</p>
      <section className="card" aria-labelledby="account-heading">
        <h2 id="account-heading">Your account</h2>
        <dl className="details">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>E-mail</dt>
          <dd>{user.email}</dd>
          <dt>Practice</dt>
          <dd>{practice ? practice.name : 'Not part of a practice yet'}</dd>
          {practice && (
            <>
              <dt>Your role</dt>
              <dd>{ROLE_NAMES[practice.role] ?? practice.role}</dd>
            </>
          )}
        </dl>
      </section>
    </>
  );
}
