import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Heading } from 'suomifi-ui-components';

/**
 * A page's one h1, also its document title ("Etusivu – Kohtaamo"). After a navigation it takes focus, so
 * a screen reader announces the new page (the heading is focusable by script only).
 */
export function PageTitle({ children }: { children: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} – ${t('app.name')}`;
  }, [children, t]);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <Heading variant="h1" ref={ref} tabIndex={-1} id="page-title" style={{ outline: 'none' }} mb="m">
      {children}
    </Heading>
  );
}
