import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { api } from '../api/client.js';
import { useLiveChanges } from '../api/live-changes.js';
import { forgetOfflinePlan } from '../api/self-care.js';
import { isAdmin, queryKeys, useViewer, type Viewer } from '../api/session.js';
import { useT } from '../i18n/use-t.js';
import { useAccountLanguage } from '../features/account/account-language.js';
import { LanguageSwitcher } from './language-switcher.js';

/** The frame of every page: skip link, header with navigation, main landmark, footer. */
export function Layout() {
  const t = useT();
  const viewer = useViewer();
  useAccountLanguage(viewer.data);
  const location = useLocation();
  useLiveChanges(
    viewer.data && !viewer.data.mustEnrolTwoFactor ? `${viewer.data.user.id}:${viewer.data.practice.id}` : null,
  );
  // A page visited for the first time fetches its script; until it arrives the old page stays,
  // marked busy, with a quiet bar so a click never seems to have done nothing.
  const changingPage = useNavigation().state === 'loading';
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
        {t('layout.skipLink')}
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <Link to="/" className="brand">
            <img src="/favicon.svg" alt="" />
            <span className="brand__name">Hearth</span>
          </Link>
          <MainNavigation viewer={viewer.data} />
        </div>
      </header>
      {changingPage && <div className="page-change" aria-hidden="true" />}
      <main id="main" tabIndex={-1} ref={mainRef} aria-busy={changingPage || undefined}>
        {viewer.data && viewer.data.practices.length > 1 && !viewer.data.mustEnrolTwoFactor && (
          <PracticeSwitcher viewer={viewer.data} />
        )}
        <Outlet />
      </main>
      <footer className="app-footer">
        <LanguageSwitcher />
        <p>{t('layout.footer')}</p>
      </footer>
    </>
  );
}

/**
 * The main navigation. "Need help now?" always shows. On a narrow screen (a phone, or a desktop
 * at 200% zoom) the other links fold into a menu behind one button, so the header stays one row:
 * a disclosure (aria-expanded), closed by Escape (focus returns to the button), by a click outside
 * and by moving to another page.
 */
function MainNavigation({ viewer }: { viewer: Viewer | null | undefined }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const button = useRef<HTMLButtonElement>(null);
  const nav = useRef<HTMLElement>(null);
  const menuId = useId();
  const signedIn = Boolean(viewer && !viewer.mustEnrolTwoFactor);

  // Moving to another page closes the menu, as following a link in it should.
  const [shownFor, setShownFor] = useState(location.key);
  if (shownFor !== location.key) {
    setShownFor(location.key);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!nav.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    button.current?.focus();
  };

  return (
    <nav className="app-nav" aria-label={t('layout.nav.label')} ref={nav} onKeyDown={onKeyDown}>
      <NavLink to="/help" className="help-link">
        {t('layout.nav.help')}
      </NavLink>
      {viewer && (
        <button
          ref={button}
          type="button"
          className="button button--quiet menu-button"
          aria-expanded={open}
          aria-controls={menuId}
          onClick={() => setOpen(!open)}
        >
          {t('layout.nav.menu')}
        </button>
      )}
      {viewer && (
        <div id={menuId} className="app-nav__menu" data-open={open}>
          {signedIn && <SignedInLinks viewer={viewer} />}
          <SignOutButton />
        </div>
      )}
    </nav>
  );
}

function SignedInLinks({ viewer }: { viewer: Viewer }) {
  const t = useT();
  return (
    <>
      <NavLink to="/" end>
        {t('layout.nav.home')}
      </NavLink>
      {viewer.practice.role === 'member' && (
        <>
          <NavLink to="/sessions">{t('layout.nav.sessions')}</NavLink>
          <NavLink to="/check-ins">{t('layout.nav.checkIns')}</NavLink>
          <NavLink to="/practice">{t('skills.nav.practice')}</NavLink>
          <NavLink to="/safety-plan">{t('safetyPlan.nav')}</NavLink>
        </>
      )}
      {viewer.practice.role !== 'member' && (
        <>
          <NavLink to="/agenda">{t('layout.nav.agenda')}</NavLink>
          <NavLink to="/groups">{t('layout.nav.groups')}</NavLink>
          <NavLink to="/intake">{t('layout.nav.intake')}</NavLink>
          <NavLink to="/skills">{t('skills.nav.cards')}</NavLink>
          {viewer.practice.role !== 'supervisor' && <NavLink to="/billing">{t('layout.nav.billing')}</NavLink>}
        </>
      )}
      {viewer.practice.role === 'clinician' && (
        <NavLink to="/settings/crisis-language">{t('layout.nav.crisisLanguage')}</NavLink>
      )}
      {isAdmin(viewer.practice.role) && (
        <>
          <NavLink to="/people">{t('layout.nav.people')}</NavLink>
          <NavLink to="/settings">{t('layout.nav.settings')}</NavLink>
          <NavLink to="/audit">{t('layout.nav.audit')}</NavLink>
        </>
      )}
      <NavLink to="/account">{t('layout.nav.account')}</NavLink>
    </>
  );
}

function SignOutButton() {
  const t = useT();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => api<void>('/api/session', { method: 'DELETE' }),
    onSettled: () => {
      // The plan kept for use offline leaves the phone with the session (docs/safety-plan.md).
      void forgetOfflinePlan();
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session, null);
      void navigate('/sign-in', { replace: true, state: { notice: t('layout.signedOut') } });
    },
  });
  return (
    <button
      type="button"
      className="button button--quiet"
      onClick={() => signOut.mutate()}
      disabled={signOut.isPending}
    >
      {t('layout.signOut')}
    </button>
  );
}

/** For people in more than one practice: which one they are acting in. */
function PracticeSwitcher({ viewer }: { viewer: Viewer }) {
  const t = useT();
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
      <label htmlFor="practice-switcher">{t('layout.practice')}</label>
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
