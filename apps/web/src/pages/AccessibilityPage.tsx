import { useTranslation } from 'react-i18next';
import { Paragraph } from 'suomifi-ui-components';
import { PageTitle } from '../components/PageTitle';

/** Saavutettavuusseloste: a placeholder until the statement is written (required before going live). */
export function AccessibilityPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('accessibility.title')}</PageTitle>
      <Paragraph>{t('accessibility.body')}</Paragraph>
    </section>
  );
}
