import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Paragraph } from 'suomifi-ui-components';
import type { SessionEndReason } from '@kohtaamo/protocol';
import type { MeetingAbout as About } from '../token';
import { MeetingAbout } from './MeetingAbout';
import { ViewTitle } from './ViewTitle';

/** Joining failed: one sentence that says why and what to do. */
export function ErrorView({ code, message, onRetry }: { code: string; message: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="kv-card" id="error-view" aria-labelledby="error-heading" data-code={code}>
      <ViewTitle id="error-heading">{t('video.error.heading')}</ViewTitle>
      <p id="error-message" role="alert" className="kv-error">{message}</p>
      {onRetry !== undefined && <Button id="retry-button" onClick={onRetry}>{t('video.error.retry')}</Button>}
    </section>
  );
}

/** The session is over (left, removed, ended…). */
export function EndedView({ reason, onRejoin }: { reason: SessionEndReason; onRejoin?: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="kv-card" id="ended-view" aria-labelledby="ended-heading" data-reason={reason}>
      <ViewTitle id="ended-heading">{t('video.ended.heading')}</ViewTitle>
      <Paragraph id="ended-reason" mb="m">{t(`video.ended.${reason}`)}</Paragraph>
      {onRejoin !== undefined && <Button id="rejoin-button" onClick={onRejoin}>{t('video.ended.rejoin')}</Button>}
    </section>
  );
}

/** A guest waits here until a host lets them in. */
export function LobbyView({ preview, about, onLeave }: { preview: MediaStreamTrack | undefined; about: About | undefined; onLeave: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (video.current !== null) video.current.srcObject = preview === undefined ? null : new MediaStream([preview]);
  }, [preview]);
  return (
    <section className="kv-card kv-lobby" id="lobby-view" aria-labelledby="lobby-heading" aria-busy="true">
      <ViewTitle id="lobby-heading">{t('video.lobby.heading')}</ViewTitle>
      <MeetingAbout about={about} />
      <div className="kv-spinner" aria-hidden="true" />
      <Paragraph mb="m">{t('video.lobby.text')}</Paragraph>
      <div className="kv-preview small" hidden={preview === undefined}>
        <video ref={video} autoPlay playsInline muted aria-label={t('video.join.preview')} />
      </div>
      <Button id="lobby-leave" variant="secondary" onClick={onLeave}>{t('video.lobby.leave')}</Button>
    </section>
  );
}
