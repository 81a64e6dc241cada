import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { useLiveChanges } from '../api/live-changes.js';
import { isAdmin, queryKeys, useViewer, type Viewer } from '../api/session.js';

/** The frame of every page: skip link, header with navigation, main landmark, footer. */
export function Layout() {
  const viewer = useViewer();
  const location = useLocation();
  useLiveChanges(
    viewer.data && !viewer.data.mustEnrolTwoFactor ? `${viewer.data.user.id}:${viewer.data.practice.id}` : null,
  );
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After a client-side page change, move focus to the new page, as a full page load would.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <Link to="/" className="brand">
            <img src="/favicon.svg" alt="" />
            Hearth
          </Link>
          <nav className="app-nav" aria-label="Main">
            {viewer.data && !viewer.data.mustEnrolTwoFactor && <SignedInLinks viewer={viewer.data} />}
            <NavLink to="/help" className="help-link">
              Need help now?
            </NavLink>
            {viewer.data && <SignOutButton />}
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={mainRef}>
        {viewer.data && viewer.data.practices.length > 1 && !viewer.data.mustEnrolTwoFactor && (
          <PracticeSwitcher viewer={viewer.data} />
        )}
        <Outlet />
      </main>
      <footer className="app-footer">
        <p>Hearth is open-source software for group-therapy practices.</p>
      </footer>
    </>
  );
}

function SignedInLinks({ viewer }: { viewer: Viewer }) {
  return (
    <>
      <NavLink to="/" end>
        Home
      </NavLink>
      {viewer.practice.role === 'member' && (
        <>
          <NavLink to="/sessions">Sessions</NavLink>
          <NavLink to="/check-ins">Check-ins</NavLink>
        </>
      )}
      {viewer.practice.role !== 'member' && (
        <>
          <NavLink to="/agenda">Agenda</NavLink>
          <NavLink to="/groups">Groups</NavLink>
          <NavLink to="/intake">Intake</NavLink>
        </>
      )}
      {isAdmin(viewer.practice.role) && (
        <>
          <NavLink to="/people">People</NavLink>
          <NavLink to="/audit">Audit log</NavLink>
        </>
      )}
      <NavLink to="/account">Account</NavLink>
    </>
  );
}

function SignOutButton() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => api<void>('/api/session', { method: 'DELETE' }),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session, null);
      void navigate('/sign-in', { replace: true, state: { notice: 'You are signed out.' } });
    },
  });
  return (
    <button
      type="button"
      className="button button--quiet"
      onClick={() => signOut.mutate()}
      disabled={signOut.isPending}
    >
      Sign out
    </button>
  );
}

/** For people in more than one practice: which one they are acting in. */
function PracticeSwitcher({ viewer }: { viewer: Viewer }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const switchTo = useMutation({
    mutationFn: (practiceId: string) => api<Viewer>('/api/session/practice', { method: 'PUT', body: { practiceId } }),
    onSuccess: (updated) => {
      // Everything cached belongs to the old practice.
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session, updated);
      void navigate('/');
    },
  });
  return (
    <div className="practice-switcher">
      <label htmlFor="practice-switcher">Practice</label>
      <select
        id="practice-switcher"
        value={viewer.practice.id}
        onChange={(e) => switchTo.mutate(e.target.value)}
        disabled={switchTo.isPending}
      >
        {viewer.practices.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}
