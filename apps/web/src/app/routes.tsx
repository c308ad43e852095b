import { createBrowserRouter } from 'react-router';
import { RequireAuth } from '../auth/RequireAuth';
import { AccessibilityPage } from '../pages/AccessibilityPage';
import { CallbackPage } from '../pages/CallbackPage';
import { HomePage } from '../pages/HomePage';
import { GuestPage } from '../pages/GuestPage';
import { InboxPage } from '../pages/InboxPage';
import { MinutesPage } from '../pages/MinutesPage';
import { NewRequestPage } from '../pages/NewRequestPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RequestLinkPage } from '../pages/RequestLinkPage';
import { SessionsPage } from '../pages/SessionsPage';
import { SignInPage } from '../pages/SignInPage';
import { Layout } from './Layout';

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
        { path: 'meetings/:id/minutes', element: <RequireAuth><MinutesPage /></RequireAuth> },
        // a guest's or family member's own page from their link: /guest#invitation=…[&minutes=…][&lang=…] (no sign-in)
        { path: 'guest', element: <GuestPage /> },
        { path: 'sign-in', element: <SignInPage /> },
        { path: 'auth/callback', element: <CallbackPage /> },
        { path: 'accessibility', element: <AccessibilityPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
    { path: 'join/*', lazy: async () => ({ Component: (await import('../video/JoinRoute')).JoinRoute }) },
  ]);
}
