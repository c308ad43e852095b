import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Heading } from 'suomifi-ui-components';

/**
 * A view's one h1 and the document title. It takes focus when the view appears (join → lobby → call →
 * ended), so a screen reader announces where the person is now.
 */
export function ViewTitle({ id, children, hidden = false }: { id: string; children: string; hidden?: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} – ${t('app.name')}`;
  }, [children, t]);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <Heading variant="h1" ref={ref} tabIndex={-1} id={id} className={hidden ? 'visually-hidden' : undefined} style={{ outline: 'none' }} mb="s">
      {children}
    </Heading>
  );
}
