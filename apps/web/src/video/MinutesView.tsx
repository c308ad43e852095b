import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Heading, LoadingSpinner, Paragraph } from 'suomifi-ui-components';
import { apiCall, apiReason, JoinTokenError } from '../join-token';
import type { PageParams } from '../token';
import { DevSignIn } from './DevSignIn';
import { useStaffBearer } from './use-staff-bearer';
import { ErrorView } from './SimpleViews';
import { ViewTitle } from './ViewTitle';
import { Navigate, useLocation } from 'react-router';

interface Minutes {
  version: number;
  question: string | null;
  summary: string;
  attendance: Array<{ name: string; organisation: string | null; attendance: string }>;
  actions: Array<{ what: string; responsibleName: string | null; dueDate: string }>;
}

type Step = { kind: 'working' } | { kind: 'ready'; minutes: Minutes; authorization: string } | { kind: 'failed'; reason: ReturnType<typeof apiReason> };

/**
 * Finalised minutes read from the link in a minutes email (/#minutes=<id>[&invitation=<token>]): staff sign
 * in, a guest or family member uses their own invitation. The API checks the consent at this moment and
 * answers with Cache-Control: no-store; the page keeps nothing (no storage), and the PDF is downloaded
 * from here, never mailed.
 */
export function MinutesView({ params, minutesId }: { params: PageParams; minutesId: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const base = params.apiUrl ?? '';
  const { bearer, signInHere, signInElsewhere, setDev } = useStaffBearer(params.invitation === undefined);
  const [step, setStep] = useState<Step>({ kind: 'working' });
  const path = `${base}/api/minutes/${encodeURIComponent(minutesId)}`;

  useEffect(() => {
    if (params.invitation === undefined && bearer === undefined) return;
    let cancelled = false;
    void (async () => {
      try {
        const authorization = params.invitation !== undefined ? `Invitation ${params.invitation}` : `Bearer ${await bearer?.()}`;
        const minutes = await apiCall<Minutes>('', 'GET', path, authorization);
        if (!cancelled) setStep({ kind: 'ready', minutes, authorization });
      } catch (e) {
        if (!cancelled) setStep({ kind: 'failed', reason: apiReason(e) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [params.invitation, bearer, path]);

  if (step.kind === 'failed') {
    return <ErrorView code="minutes" message={t('video.minutes.failed', { reason: t(`video.api.${step.reason.key}`, { code: step.reason.code }) })} />;
  }
  if (step.kind === 'working') {
    if (signInElsewhere) return <Navigate to={`/sign-in?${new URLSearchParams({ returnTo: `${location.pathname}${location.search}${location.hash}` }).toString()}`} replace />;
    if (signInHere) return <DevSignIn base={base} onSignedIn={setDev} />;
    return <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />;
  }
  const m = step.minutes;
  const download = async (): Promise<void> => {
    const res = await fetch(`${path}/pdf`, { headers: { authorization: step.authorization }, cache: 'no-store' });
    if (!res.ok) throw new JoinTokenError(res.status);
    const href = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = href;
    a.download = `minutes-v${m.version}.pdf`;
    document.body.append(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(href);
  };
  return (
    <section className="kv-card kv-minutes" id="minutes-view" aria-labelledby="minutes-heading">
      <ViewTitle id="minutes-heading">{t('video.minutes.heading')}</ViewTitle>
      <Paragraph mb="m">{t('video.minutes.version', { version: m.version })}</Paragraph>
      {m.question !== null && m.question !== '' && (
        <>
          <Heading variant="h2">{t('video.minutes.question')}</Heading>
          <Paragraph id="minutes-question">{m.question}</Paragraph>
        </>
      )}
      <Heading variant="h2">{t('video.minutes.summary')}</Heading>
      <Paragraph id="minutes-summary">{m.summary}</Paragraph>
      <Heading variant="h2">{t('video.minutes.attendance')}</Heading>
      <ul>{m.attendance.map((a, i) => <li key={i}>{a.name}{a.organisation ? ` (${a.organisation})` : ''}</li>)}</ul>
      {m.actions.length > 0 && (
        <>
          <Heading variant="h2">{t('video.minutes.actions')}</Heading>
          <ol>{m.actions.map((a, i) => <li key={i}>{`${a.what}${a.responsibleName ? ` – ${a.responsibleName}` : ''}, ${a.dueDate}`}</li>)}</ol>
        </>
      )}
      <Button id="minutes-download" onClick={() => void download().catch((e: unknown) => console.warn('[kohtaamo] minutes PDF:', e))} mb="s">{t('video.minutes.download')}</Button>
      <Paragraph>{t('video.minutes.private')}</Paragraph>
    </section>
  );
}
