import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { RequireAuth } from '../auth/RequireAuth';
import { CallbackPage } from '../pages/CallbackPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RequestLinkPage } from '../pages/RequestLinkPage';
import { SignInPage } from '../pages/SignInPage';
import { Layout } from './Layout';

/**
 * Each page is its own chunk, loaded when it is first opened (Layout shows a spinner meanwhile): the
 * sign-in page — what a nurse on a weak link waits for — carries only the shell. The metrics page brings
 * its chart library with it.
 */
const HomePage = lazy(() => import('../pages/HomePage').then((m) => ({ default: m.HomePage })));
const NewRequestPage = lazy(() => import('../pages/NewRequestPage').then((m) => ({ default: m.NewRequestPage })));
const InboxPage = lazy(() => import('../pages/InboxPage').then((m) => ({ default: m.InboxPage })));
const SessionsPage = lazy(() => import('../pages/SessionsPage').then((m) => ({ default: m.SessionsPage })));
const MinutesPage = lazy(() => import('../pages/MinutesPage').then((m) => ({ default: m.MinutesPage })));
const GuestPage = lazy(() => import('../pages/GuestPage').then((m) => ({ default: m.GuestPage })));
const AccessibilityPage = lazy(() => import('../pages/AccessibilityPage').then((m) => ({ default: m.AccessibilityPage })));
const MeetingsPage = lazy(() => import('../pages/MeetingsPage').then((m) => ({ default: m.MeetingsPage })));
const PlannerPage = lazy(() => import('../pages/PlannerPage').then((m) => ({ default: m.PlannerPage })));
const MeetingPage = lazy(() => import('../pages/MeetingPage').then((m) => ({ default: m.MeetingPage })));
const MetricsPage = lazy(() => import('../pages/MetricsPage').then((m) => ({ default: m.MetricsPage })));
const FeedbackPage = lazy(() => import('../pages/FeedbackPage').then((m) => ({ default: m.FeedbackPage })));

/**
 * The staff app's pages. A new page: a component in pages/, a route here (inside <RequireAuth> unless
 * anyone may see it), its texts in locales/{fi,sv,en}.json. /join (join, lobby, call; minutes from an
 * email link) is outside the sign-in wall and the staff layout, and loads lazily: the sign-in page carries
 * no mediasoup-client (entry.ts moves the older video addresses on / under /join).
 */
export function createRouter() {
  return createBrowserRouter([
    {
      element: <Layout />,
      children: [
        { index: true, element: <RequireAuth><HomePage /></RequireAuth> },
        { path: 'requests/new', element: <RequireAuth><NewRequestPage /></RequireAuth> },
        // the triage email's link to one request: Home, with that request in view
        { path: 'requests/:id', element: <RequireAuth><RequestLinkPage /></RequireAuth> },
        { path: 'inbox', element: <RequireAuth><InboxPage /></RequireAuth> },
        { path: 'sessions', element: <RequireAuth><SessionsPage /></RequireAuth> },
        { path: 'meetings', element: <RequireAuth><MeetingsPage /></RequireAuth> },
        { path: 'meetings/new', element: <RequireAuth><PlannerPage /></RequireAuth> },
        { path: 'meetings/:id', element: <RequireAuth><MeetingPage /></RequireAuth> },
        { path: 'meetings/:id/minutes', element: <RequireAuth><MinutesPage /></RequireAuth> },
        // a guest's or family member's own page from their link: /guest#invitation=…[&minutes=…][&lang=…] (no sign-in)
        { path: 'guest', element: <GuestPage /> },
        // the anonymous survey after a meeting, from its email: /feedback#token=…&lang=… (no sign-in)
        { path: 'feedback', element: <FeedbackPage /> },
        { path: 'metrics', element: <RequireAuth><MetricsPage /></RequireAuth> },
        { path: 'sign-in', element: <SignInPage /> },
        { path: 'auth/callback', element: <CallbackPage /> },
        { path: 'accessibility', element: <AccessibilityPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
    { path: 'join/*', lazy: async () => ({ Component: (await import('../video/JoinRoute')).JoinRoute }) },
  ]);
}
