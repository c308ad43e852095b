import { useTranslation } from 'react-i18next';
import { LoadingSpinner } from 'suomifi-ui-components';
import { useMe } from '../auth/useMe';
import { PageTitle } from '../components/PageTitle';

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('home.title')}</PageTitle>
      {me.isPending ? <LoadingSpinner status="loading" text={t('common.loading')} variant="small" /> : <p>{t('home.greeting', { name: me.data?.name ?? '' })}</p>}
    </section>
  );
}
