import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LoadingSpinner } from 'suomifi-ui-components';
import { useAuth } from './AuthProvider';

/** A page for signed-in staff: anyone else goes to the sign-in page, which brings them back here. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, reason } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (status === 'loading') return <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />;
  if (status !== 'signedIn') {
    const returnTo = `${location.pathname}${location.search}`;
    const params = new URLSearchParams({ returnTo });
    if (reason === 'expired') params.set('expired', '1');
    return <Navigate to={`/sign-in?${params.toString()}`} replace />;
  }
  return <>{children}</>;
}
