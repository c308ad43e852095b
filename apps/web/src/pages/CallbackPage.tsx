import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, LoadingSpinner } from 'suomifi-ui-components';
import { useAuth } from '../auth/AuthProvider';
import { goBack, returnToOf } from '../auth/oidc';

/** The identity provider sends the browser back here with a code; exchange it (PKCE) and go on. */
export function CallbackPage() {
  const { t } = useTranslation();
  const { manager, status } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>(undefined);
  const done = useRef(false);
  useEffect(() => {
    if (manager === null || done.current) return;
    done.current = true; // a code is good once (React runs effects twice in development)
    manager
      .signinRedirectCallback()
      .then((user) => goBack(returnToOf(user), (to, o) => void navigate(to, o)))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [manager, navigate]);
  if (error !== undefined || status === 'error' || status === 'unconfigured') {
    return <Alert status="error" closeText={t('common.close')}>{t('signIn.failed', { reason: error ?? status })}</Alert>;
  }
  return <LoadingSpinner status="loading" text={t('signIn.working')} variant="small" />;
}
