import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { queryKeys, useViewer } from '../api/session.js';

/** The frame of every page: skip link, header, main landmark, footer. */
export function Layout() {
  const viewer = useViewer();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
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

  const signOut = useMutation({
    mutationFn: () => api<void>('/api/session', { method: 'DELETE' }),
    onSettled: () => {
      queryClient.setQueryData(queryKeys.session, null);
      void navigate('/sign-in', { replace: true });
    },
  });

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
          {viewer.data && (
            <nav className="app-nav" aria-label="Account">
              <span>{viewer.data.user.name}</span>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => signOut.mutate()}
                disabled={signOut.isPending}
              >
                Sign out
              </button>
            </nav>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={mainRef}>
        <Outlet />
      </main>
      <footer className="app-footer">
        <p>Hearth is open-source software for group-therapy practices.</p>
      </footer>
    </>
  );
}
