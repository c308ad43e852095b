import { Link as RouterDomLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Paragraph, RouterLink } from 'suomifi-ui-components';
import { PageTitle } from '../components/PageTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('notFound.title')}</PageTitle>
      <Paragraph mb="m">{t('notFound.body')}</Paragraph>
      <RouterLink asComponent={RouterDomLink} to="/">{t('notFound.home')}</RouterLink>
    </section>
  );
}
