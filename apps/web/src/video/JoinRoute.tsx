import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { LoadingSpinner } from 'suomifi-ui-components';
import { apiReason, obtainJoinToken } from '../join-token';
import { readParams, type PageParams } from '../token';
import { DevSignIn } from './DevSignIn';
import { useStaffBearer } from './use-staff-bearer';
import { MinutesView } from './MinutesView';
import { ErrorView } from './SimpleViews';
import { VideoLayout } from './VideoLayout';

// mediasoup-client and the call come in their own chunk, only once there is a token to join with
const CallPage = lazy(() => import('./CallPage').then((m) => ({ default: m.CallPage })));

/**
 * /join (and the older /?token=…, /#token=…, /?invitation=…, /?meeting=…, /#minutes=… that entry.ts sends
 * here): outside the staff app's sign-in wall — a guest with a link is never signed in.
 *  - minutes=…      finalised minutes from a minutes email (MinutesView)
 *  - token=…        a join token in the link: straight to the join view
 *  - invitation=…   a guest: the API gives the join token for the invitation
 *  - meeting=…      staff: with the staff app's session (Home's and the agenda's Join); signed out, the
 *                   sign-in page brings them back; with no identity provider, the development sign-in
 */
export function JoinRoute() {
  const location = useLocation();
  // what the link says, read once per address (the hash is read too: tokens travel there)
  const key = location.key;
  const params = useMemo(() => readParams(window.location), [key]);
  return (
    <VideoLayout>
      {params.minutesId !== undefined ? <MinutesView params={params} minutesId={params.minutesId} /> : <Join key={key} params={params} />}
    </VideoLayout>
  );
}

type Step = { kind: 'working' } | { kind: 'ready'; params: PageParams } | { kind: 'failed'; reason: ReturnType<typeof apiReason> };

function Join({ params }: { params: PageParams }) {
  const { t } = useTranslation();
  const location = useLocation();
  const staff = params.token === undefined && params.invitation === undefined && params.meetingId !== undefined;
  const { bearer, signInHere, signInElsewhere, setDev } = useStaffBearer(staff);
  const [step, setStep] = useState<Step>({ kind: 'working' });
  const done = useRef(false);

  useEffect(() => {
    // once there is a token the call is on: a later change of the sign-in (expiry, renewal) does not restart it
    if (done.current || (staff && bearer === undefined)) return;
    let cancelled = false;
    setStep({ kind: 'working' });
    obtainJoinToken(params, bearer)
      .then((p) => {
        if (cancelled) return;
        done.current = true;
        setStep({ kind: 'ready', params: p });
      })
      .catch((e: unknown) => {
        console.warn('[kohtaamo] join token:', e);
        if (!cancelled) setStep({ kind: 'failed', reason: apiReason(e) });
      });
    return () => {
      cancelled = true;
    };
  }, [params, staff, bearer]);

  if (step.kind === 'ready') {
    if (step.params.token === undefined) return <ErrorView code="invalid_token" message={t('video.join.noToken')} />;
    return (
      <Suspense fallback={<LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}>
        <CallPage params={step.params} />
      </Suspense>
    );
  }
  if (signInElsewhere) {
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?${new URLSearchParams({ returnTo }).toString()}`} replace />;
  }
  if (signInHere) return <DevSignIn base={params.apiUrl ?? ''} onSignedIn={setDev} />;
  if (step.kind === 'failed') {
    const reason = t(`video.api.${step.reason.key}`, { code: step.reason.code });
    return <ErrorView code="invalid_token" message={t('video.invitation.failed', { reason })} />;
  }
  return <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />;
}
