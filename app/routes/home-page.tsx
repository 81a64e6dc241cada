import { Link, useLocation } from 'react-router';
import { roleInSentence } from '../../domain/roles.js';
import { isAdmin } from '../api/session.js';
import { ComingUp } from '../features/membership/coming-up.js';
import { MyGroups } from '../features/membership/my-groups.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** The signed-in home: who you are, which practice you are in, and where to go next. */
export function HomePage() {
  usePageTitle('Home');
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <RequireViewer>
      {({ user, practice }) => (
        <>
          <h1>{practice.name}</h1>
          <p className="lead">
            Hello, {user.name}. You are signed in as {roleInSentence(practice.role)}.
          </p>
          {notice && (
            <div className="notice notice--success" role="status">
              <p>{notice}</p>
            </div>
          )}
          {practice.role === 'member' && <ComingUp />}
          <MyGroups />
          <h2 className="visually-hidden">Where to go</h2>
          <ul className="list list--cards">
            {practice.role !== 'member' && (
              <>
                <li className="card">
                  <h3 className="card__title">
                    <Link to="/agenda">Agenda</Link>
                  </h3>
                  <p>Your week of sessions, attendance to take, and alerts that need you.</p>
                </li>
                <li className="card">
                  <h3 className="card__title">
                    <Link to="/groups">Groups</Link>
                  </h3>
                  <p>Create groups, refer people, decide about places, and see each group's members and measures.</p>
                </li>
              </>
            )}
            {isAdmin(practice.role) && (
              <>
                <li className="card">
                  <h3 className="card__title">
                    <Link to="/people">People</Link>
                  </h3>
                  <p>Invite clinicians, supervisors and members; change roles; disable an account.</p>
                </li>
                <li className="card">
                  <h3 className="card__title">
                    <Link to="/audit">Audit log</Link>
                  </h3>
                  <p>Who signed in, who changed what, and who looked at clinical records.</p>
                </li>
              </>
            )}
            <li className="card">
              <h3 className="card__title">
                <Link to="/account">Your account</Link>
              </h3>
              <p>Your details, two-step sign-in, and where you are signed in.</p>
            </li>
          </ul>
        </>
      )}
    </RequireViewer>
  );
}
