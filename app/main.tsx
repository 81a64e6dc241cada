import { MutationCache, notifyManager, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { invalidate } from './api/changes.js';
import { ApiError } from './api/client.js';
import { initialLocale, setLocale, subscribe } from './i18n/i18n.js';
import { EXPLAINED_SIGN_OUTS, rememberSignOutReason, TWO_FACTOR_REQUIRED } from './api/session.js';
import { AccountPage } from './routes/account-page.js';
import { MyDataPage } from './routes/my-data-page.js';
import { AgendaPage } from './routes/agenda-page.js';
import { AttendancePage } from './routes/attendance-page.js';
import { NotePage } from './routes/note-page.js';
import { ClinicalRecordPage } from './routes/clinical-record-page.js';
import { SessionNotesPage } from './routes/session-notes-page.js';
import { ErasureRequestsPage } from './routes/erasure-requests-page.js';
import { AuditPage } from './routes/audit-page.js';
import { CrisisLanguagePage } from './routes/crisis-language-page.js';
import { BillingPage } from './routes/billing-page.js';
import { BillingSettingsPage } from './routes/billing-settings-page.js';
import { EndCyclePage } from './routes/end-cycle-page.js';
import { ErrorPage } from './routes/error-page.js';
import { ForgotPasswordPage } from './routes/forgot-password-page.js';
import { GroupPage } from './routes/group-page.js';
import { GroupSessionsPage } from './routes/group-sessions-page.js';
import { GroupMeasuresPage } from './routes/group-measures-page.js';
import { SpacePage } from './routes/space-page.js';
import { CheckInPage } from './routes/check-in-page.js';
import { CheckInsPage } from './routes/check-ins-page.js';
import { GroupsPage } from './routes/groups-page.js';
import { HelpPage } from './routes/help-page.js';
import { HardTimesPage } from './routes/hard-times-page.js';
import { MemberSelfCarePage } from './routes/member-self-care-page.js';
import { PartsMapPage } from './routes/parts-map-page.js';
import { ReflectPage } from './routes/reflect-page.js';
import { SafetyPlanPage } from './routes/safety-plan-page.js';
import { SelfCheckPage } from './routes/self-check-page.js';
import { SixFsPage } from './routes/six-fs-page.js';
import { NewGroupPage } from './routes/new-group-page.js';
import { MySessionsPage } from './routes/my-sessions-page.js';
import { HomePage } from './routes/home-page.js';
import { IntakePage } from './routes/intake-page.js';
import { JoinConfirmPage } from './routes/join-confirm-page.js';
import { JoinPage } from './routes/join-page.js';
import { InvitationPage } from './routes/invitation-page.js';
import { NotFoundPage } from './routes/not-found-page.js';
import { OutboxPage } from './routes/outbox-page.js';
import { PeoplePage } from './routes/people-page.js';
import { RoomPage } from './routes/room-page.js';
import { ResetPasswordPage } from './routes/reset-password-page.js';
import { SettingsPage } from './routes/settings-page.js';
import { SetupPage } from './routes/setup-page.js';
import { SignInPage } from './routes/sign-in-page.js';
import { TwoStepPage } from './routes/two-step-page.js';
import { GroupSkillsPage } from './routes/group-skills-page.js';
import { PracticeLogPage } from './routes/practice-log-page.js';
import { PracticePage } from './routes/practice-page.js';
import { PracticeSharedPage } from './routes/practice-shared-page.js';
import { SkillCardPage, SkillCardsPage } from './routes/skill-cards-page.js';
import { Layout } from './ui/layout.js';
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

const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <ErrorPage />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/setup', element: <SetupPage /> },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/invitation', element: <InvitationPage /> },
      { path: '/security/two-step', element: <TwoStepPage /> },
      { path: '/account', element: <AccountPage /> },
      { path: '/my-data', element: <MyDataPage /> },
      { path: '/people', element: <PeoplePage /> },
      { path: '/settings', element: <SettingsPage /> },
      { path: '/settings/outbox', element: <OutboxPage /> },
      { path: '/settings/crisis-language', element: <CrisisLanguagePage /> },
      { path: '/erasure-requests', element: <ErasureRequestsPage /> },
      { path: '/groups', element: <GroupsPage /> },
      { path: '/intake', element: <IntakePage /> },
      { path: '/join/confirm', element: <JoinConfirmPage /> },
      { path: '/join/:token', element: <JoinPage /> },
      { path: '/groups/new', element: <NewGroupPage /> },
      { path: '/groups/:groupId', element: <GroupPage /> },
      { path: '/groups/:groupId/sessions', element: <GroupSessionsPage /> },
      { path: '/groups/:groupId/end-cycle', element: <EndCyclePage /> },
      { path: '/groups/:groupId/sessions/:sessionId', element: <AttendancePage /> },
      { path: '/groups/:groupId/sessions/:sessionId/notes', element: <SessionNotesPage /> },
      { path: '/notes/:noteId', element: <NotePage /> },
      { path: '/people/:userId/clinical-record', element: <ClinicalRecordPage /> },
      { path: '/agenda', element: <AgendaPage /> },
      { path: '/sessions', element: <MySessionsPage /> },
      { path: '/rooms/:roomId', element: <RoomPage /> },
      { path: '/groups/:groupId/measures', element: <GroupMeasuresPage /> },
      { path: '/groups/:groupId/space', element: <SpacePage /> },
      { path: '/check-ins', element: <CheckInsPage /> },
      { path: '/check-ins/:formId', element: <CheckInPage /> },
      { path: '/groups/:groupId/skills', element: <GroupSkillsPage /> },
      { path: '/practice', element: <PracticePage /> },
      { path: '/practice/log', element: <PracticeLogPage /> },
      { path: '/practice/groups/:groupId', element: <PracticeSharedPage /> },
      { path: '/skills', element: <SkillCardsPage /> },
      { path: '/skills/cards/:cardId', element: <SkillCardPage /> },
      { path: '/audit', element: <AuditPage /> },
      { path: '/billing', element: <BillingPage /> },
      { path: '/billing/settings', element: <BillingSettingsPage /> },
      { path: '/help', element: <HelpPage /> },
      { path: '/safety-plan', element: <SafetyPlanPage /> },
      { path: '/when-things-get-hard', element: <HardTimesPage /> },
      { path: '/people/:userId/safety-plan', element: <MemberSelfCarePage /> },
      { path: '/reflect', element: <ReflectPage /> },
      { path: '/reflect/parts/:itemId', element: <PartsMapPage /> },
      { path: '/reflect/six-fs/:itemId', element: <SixFsPage /> },
      { path: '/reflect/self-check', element: <SelfCheckPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

// The crisis page and the member's safety plan keep working offline once opened (app/service-worker.ts).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
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
