import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router/dom';
import { SuomifiThemeProvider } from 'suomifi-ui-components';
import { ApiError } from '../api/client';
import { AuthProvider } from '../auth/AuthProvider';
import { preferredLanguage, videoPageLanguage } from '../lib/language';
import { isVideoPage, linkLanguage } from '../video-address';
import { createI18n } from './i18n';
import { LanguageFollower } from './LanguageFollower';
import { createRouter } from './routes';
import './global.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // a refusal or a missing object does not get better by asking again
      retry: (count, e) => count < 2 && !(e instanceof ApiError && e.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const i18n = createI18n(isVideoPage(window.location) ? videoPageLanguage(linkLanguage(window.location)) : preferredLanguage());
const router = createRouter();

const root = document.getElementById('root');
if (root === null) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <SuomifiThemeProvider theme={{}}>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <LanguageFollower />
            <RouterProvider router={router} />
          </AuthProvider>
        </QueryClientProvider>
      </I18nextProvider>
    </SuomifiThemeProvider>
  </StrictMode>,
);
