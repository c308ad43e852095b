import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { goBack, safeReturnTo } from '../auth/oidc';
import { useTranslation } from 'react-i18next';
import { Alert, Button, LoadingSpinner, Notification, Paragraph } from 'suomifi-ui-components';
import { useAuth } from '../auth/AuthProvider';
import { PageTitle } from '../components/PageTitle';

/** Sign in with the county's identity provider (OIDC code + PKCE); says why if the session ended. */
export function SignInPage() {
  const { t } = useTranslation();
  const { status, reason, error, signIn } = useAuth();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const navigate = useNavigate();
  useEffect(() => {
    if (status === 'signedIn') goBack(returnTo, (to, o) => void navigate(to, o));
  }, [status, returnTo, navigate]);
  if (status === 'signedIn') return null;
  const expired = params.get('expired') === '1' || reason === 'expired';
  const signedOut = params.get('signedOut') === '1';
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('signIn.title')}</PageTitle>
      {expired && (
        <Notification id="sign-in-expired" status="neutral" showCloseButton={false} mb="m">
          {t('signIn.expired')}
        </Notification>
      )}
      {signedOut && !expired && (
        <Notification id="signed-out" status="neutral" showCloseButton={false} mb="m">
          {t('signIn.signedOut')}
        </Notification>
      )}
      <Paragraph mb="l">{t('signIn.intro')}</Paragraph>
      {status === 'loading' && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {status === 'unconfigured' && <Alert status="warning" closeText={t('common.close')}>{t('signIn.notConfigured')}</Alert>}
      {status === 'error' && <Alert status="error" closeText={t('common.close')}>{t('signIn.failed', { reason: error ?? '' })}</Alert>}
      {status === 'signedOut' && (
        <Button id="sign-in" onClick={() => void signIn(returnTo)}>
          {t('signIn.button')}
        </Button>
      )}
    </section>
  );
}
