import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Paragraph, TextInput } from 'suomifi-ui-components';
import { apiReason, devSignIn, JoinTokenError } from '../join-token';
import { ViewTitle } from './ViewTitle';

/**
 * The development sign-in (an email address), shown only where no identity provider is configured (the
 * API's sign-in-config names none, or cannot be asked); with one, staff go through the sign-in page.
 */
export function DevSignIn({ base, onSignedIn }: { base: string; onSignedIn: (bearer: string) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setMessage('');
    setBusy(true);
    devSignIn(base, email.trim())
      .then(onSignedIn)
      .catch((err: unknown) => {
        const r = apiReason(err);
        setMessage(err instanceof JoinTokenError && err.status === 404 ? t('video.signin.unavailable') : t('video.signin.failed', { reason: t(`video.api.${r.key}`, { code: r.code }) }));
      })
      .finally(() => setBusy(false));
  };
  return (
    <section className="kv-card" id="signin-view" aria-labelledby="signin-heading">
      <ViewTitle id="signin-heading">{t('video.signin.heading')}</ViewTitle>
      <Paragraph mb="s">{t('video.signin.intro')}</Paragraph>
      <Paragraph mb="m">{t('video.signin.devNote')}</Paragraph>
      <form id="signin-form" onSubmit={submit} style={{ maxWidth: '24rem' }}>
        <div className="kv-field">
          <TextInput id="signin-email" type="email" labelText={t('video.signin.email')} value={email} onChange={(v) => setEmail(String(v ?? ''))} autoComplete="email" required fullWidth />
        </div>
        <Button type="submit" disabled={busy}>{t('video.signin.submit')}</Button>
      </form>
      <p id="signin-message" className="kv-error" role="alert">{message}</p>
    </section>
  );
}
