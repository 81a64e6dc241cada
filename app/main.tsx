import { MutationCache, notifyManager, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { invalidate } from './api/changes.js';
import { ApiError } from './api/client.js';
import { initialLocale, loadRestOfCatalog, setLocale, subscribe } from './i18n/i18n.js';
import { EXPLAINED_SIGN_OUTS, rememberSignOutReason, TWO_FACTOR_REQUIRED } from './api/session.js';
import { ErrorPage } from './routes/error-page.js';
import { CheckInPage } from './routes/check-in-page.js';
import { CheckInsPage } from './routes/check-ins-page.js';
import { HelpPage } from './routes/help-page.js';
import { HardTimesPage } from './routes/hard-times-page.js';
import { HomePage } from './routes/home-page.js';
import { NotFoundPage } from './routes/not-found-page.js';
import { SignInPage } from './routes/sign-in-page.js';
import { Layout } from './ui/layout.js';
import { PageLoading } from './ui/page-loading.js';
import './styles/base.css';

/**
 * A session that ended (inactivity, signed out elsewhere, disabled) or a role that now needs
 * two-step sign-in: refresh who is signed in, and the page guards send the person on.
 */
function onApiError(error: Error) {
  if (!(error instanceof ApiError)) return;
  if (error.status === 401 && error.type && EXPLAINED_SIGN_OUTS.includes(error.type))
    rememberSignOutReason(error.message);
  if (error.status === 401 || (error.status === 403 && error.type === TWO_FACTOR_REQUIRED)) {
    void invalidate(queryClient, 'session');
  }
}

// A mutation's pending state reaches the page before the next click can (the default waits a
// timer), so a submit button is disabled in time for a double click's second click.
notifyManager.setScheduler(queueMicrotask);

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    // Client errors (4xx) will not change on a retry; only retry what might be a passing fault.
    queries: {
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

/**
 * A page loaded when it is first visited: a member's phone downloads the pages a member uses, not
 * the console, the editors and the charts staff use (issue 17). Its words come with it: the rest
 * of the catalog loads beside the first such page's script (decision 0047). The first pages, help,
 * "when things get hard" and check-ins are in the main script; the safety plan, whose form brings
 * the validation library, loads when visited, and the service worker keeps every page's script
 * once the app has been opened (decision 0043), so it opens offline too.
 */
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  return async () => {
    const [module] = await Promise.all([load(), loadRestOfCatalog()]);
    return { Component: module[name] as ComponentType };
  };
}

const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <ErrorPage />,
    HydrateFallback: PageLoading,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/setup', lazy: page(() => import('./routes/setup-page.js'), 'SetupPage') },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/forgot-password', lazy: page(() => import('./routes/forgot-password-page.js'), 'ForgotPasswordPage') },
      { path: '/reset-password', lazy: page(() => import('./routes/reset-password-page.js'), 'ResetPasswordPage') },
      { path: '/invitation', lazy: page(() => import('./routes/invitation-page.js'), 'InvitationPage') },
      { path: '/security/two-step', lazy: page(() => import('./routes/two-step-page.js'), 'TwoStepPage') },
      { path: '/account', lazy: page(() => import('./routes/account-page.js'), 'AccountPage') },
      { path: '/my-data', lazy: page(() => import('./routes/my-data-page.js'), 'MyDataPage') },
      { path: '/people', lazy: page(() => import('./routes/people-page.js'), 'PeoplePage') },
      { path: '/settings', lazy: page(() => import('./routes/settings-page.js'), 'SettingsPage') },
      { path: '/settings/outbox', lazy: page(() => import('./routes/outbox-page.js'), 'OutboxPage') },
      {
        path: '/settings/crisis-language',
        lazy: page(() => import('./routes/crisis-language-page.js'), 'CrisisLanguagePage'),
      },
      {
        path: '/erasure-requests',
        lazy: page(() => import('./routes/erasure-requests-page.js'), 'ErasureRequestsPage'),
      },
      { path: '/groups', lazy: page(() => import('./routes/groups-page.js'), 'GroupsPage') },
      { path: '/intake', lazy: page(() => import('./routes/intake-page.js'), 'IntakePage') },
      { path: '/join/confirm', lazy: page(() => import('./routes/join-confirm-page.js'), 'JoinConfirmPage') },
      { path: '/join/:token', lazy: page(() => import('./routes/join-page.js'), 'JoinPage') },
      { path: '/groups/new', lazy: page(() => import('./routes/new-group-page.js'), 'NewGroupPage') },
      { path: '/groups/:groupId', lazy: page(() => import('./routes/group-page.js'), 'GroupPage') },
      {
        path: '/groups/:groupId/sessions',
        lazy: page(() => import('./routes/group-sessions-page.js'), 'GroupSessionsPage'),
      },
      { path: '/groups/:groupId/end-cycle', lazy: page(() => import('./routes/end-cycle-page.js'), 'EndCyclePage') },
      {
        path: '/groups/:groupId/sessions/:sessionId',
        lazy: page(() => import('./routes/attendance-page.js'), 'AttendancePage'),
      },
      {
        path: '/groups/:groupId/sessions/:sessionId/notes',
        lazy: page(() => import('./routes/session-notes-page.js'), 'SessionNotesPage'),
      },
      { path: '/notes/:noteId', lazy: page(() => import('./routes/note-page.js'), 'NotePage') },
      {
        path: '/people/:userId/clinical-record',
        lazy: page(() => import('./routes/clinical-record-page.js'), 'ClinicalRecordPage'),
      },
      { path: '/agenda', lazy: page(() => import('./routes/agenda-page.js'), 'AgendaPage') },
      { path: '/sessions', lazy: page(() => import('./routes/my-sessions-page.js'), 'MySessionsPage') },
      { path: '/my-notes', lazy: page(() => import('./routes/my-notes-page.js'), 'MyNotesPage') },
      { path: '/rooms/:roomId', lazy: page(() => import('./routes/room-page.js'), 'RoomPage') },
      {
        path: '/groups/:groupId/measures',
        lazy: page(() => import('./routes/group-measures-page.js'), 'GroupMeasuresPage'),
      },
      { path: '/groups/:groupId/space', lazy: page(() => import('./routes/space-page.js'), 'SpacePage') },
      { path: '/check-ins', element: <CheckInsPage /> },
      { path: '/check-ins/:formId', element: <CheckInPage /> },
      { path: '/groups/:groupId/skills', lazy: page(() => import('./routes/group-skills-page.js'), 'GroupSkillsPage') },
      { path: '/practice', lazy: page(() => import('./routes/practice-page.js'), 'PracticePage') },
      { path: '/practice/log', lazy: page(() => import('./routes/practice-log-page.js'), 'PracticeLogPage') },
      {
        path: '/practice/groups/:groupId',
        lazy: page(() => import('./routes/practice-shared-page.js'), 'PracticeSharedPage'),
      },
      { path: '/skills', lazy: page(() => import('./routes/skill-cards-page.js'), 'SkillCardsPage') },
      { path: '/skills/cards/:cardId', lazy: page(() => import('./routes/skill-cards-page.js'), 'SkillCardPage') },
      { path: '/audit', lazy: page(() => import('./routes/audit-page.js'), 'AuditPage') },
      { path: '/billing', lazy: page(() => import('./routes/billing-page.js'), 'BillingPage') },
      {
        path: '/billing/settings',
        lazy: page(() => import('./routes/billing-settings-page.js'), 'BillingSettingsPage'),
      },
      { path: '/help', element: <HelpPage /> },
      { path: '/safety-plan', lazy: page(() => import('./routes/safety-plan-page.js'), 'SafetyPlanPage') },
      { path: '/when-things-get-hard', element: <HardTimesPage /> },
      {
        path: '/people/:userId/safety-plan',
        lazy: page(() => import('./routes/member-self-care-page.js'), 'MemberSelfCarePage'),
      },
      { path: '/reflect', lazy: page(() => import('./routes/reflect-page.js'), 'ReflectPage') },
      { path: '/reflect/parts/:itemId', lazy: page(() => import('./routes/parts-map-page.js'), 'PartsMapPage') },
      { path: '/reflect/six-fs/:itemId', lazy: page(() => import('./routes/six-fs-page.js'), 'SixFsPage') },
      { path: '/reflect/self-check', lazy: page(() => import('./routes/self-check-page.js'), 'SelfCheckPage') },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

// The crisis page and the member's safety plan keep working offline once opened (app/service-worker.ts).
// The worker fetches every built file to keep, so it starts once the page has loaded: its downloads
// never compete with the first page's own (issue 17).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The catalog comes first: every word on the first page is already in the reader's language.
await setLocale(initialLocale());
// A change of language asks again for what the server worded in the old one.
subscribe(() => void invalidate(queryClient, 'language'));
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
