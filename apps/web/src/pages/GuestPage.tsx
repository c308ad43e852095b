import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import styled from 'styled-components';
import { Alert, Block, Button, Heading, InlineAlert, LoadingSpinner, Paragraph, suomifiDesignTokens as tokens } from 'suomifi-ui-components';
import { ApiError, api, unwrap } from '../api/client';
import { MinutesDocument } from '../components/MinutesDocument';
import { PageTitle } from '../components/PageTitle';
import type { Minutes } from '../forms/minutes';
import { LocalMedia } from '../local-media';
import { isLang } from '../lib/language';
import { formatTimeRange } from '../lib/time';
import { useLang } from '../lib/use-lang';
import { saveBlob } from './MinutesPage';

/** GET /api/me with an invitation (apps/api/src/auth/principal.ts GuestPrincipal; the route declares no answer type). */
interface GuestMe {
  kind: 'guest';
  meetingId: string;
  participantId: string;
  name: string;
}

/** GET /api/meetings/:id for a guest (GuestMeetingView): when, where, how — the title is not shown (it may name the case). */
interface GuestMeeting {
  id: string;
  startsAt: string;
  endsAt: string;
  mode: 'in_person' | 'remote' | 'hybrid';
  location: string | null;
  status: string;
}

const Card = styled(Block)`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  padding: ${tokens.spacing.m};
  margin-bottom: ${tokens.spacing.m};
`;
const Preview = styled.video`
  width: 100%;
  max-width: 24rem;
  aspect-ratio: 16 / 9;
  background: ${tokens.colors.blackBase};
  display: block;
  margin: ${tokens.spacing.s} 0;
`;
const JoinLink = styled.a`
  ${tokens.typography.actionElementInnerTextBold}
  display: inline-block;
  padding: ${tokens.spacing.xs} ${tokens.spacing.m};
  background: ${tokens.colors.highlightBase};
  color: ${tokens.colors.whiteBase};
  border-radius: 2px;
  text-decoration: none;
  &:hover { background: ${tokens.colors.highlightDark1}; }
  &:focus-visible { outline: 3px solid ${tokens.colors.accentSecondary}; outline-offset: 2px; }
`;
const Dl = styled.dl`
  display: grid;
  grid-template-columns: max-content 1fr;
  gap: ${tokens.spacing.xxs} ${tokens.spacing.m};
  margin: 0;
  & dt { ${tokens.typography.bodySemiBold} }
  & dd { margin: 0; }
`;

/** What the link carries, from the fragment (never sent to a server, so never in a server log). */
export function readGuestLink(hash: string): { invitation: string | null; minutesId: string | null; lang: string | null } {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  return { invitation: p.get('invitation') || null, minutesId: p.get('minutes') || null, lang: p.get('lang') || null };
}

/**
 * A guest's or family member's own page (/guest#invitation=<token>[&minutes=<id>][&lang=fi|sv|en]), no
 * sign-in: their meeting's time and place, a camera and microphone check, Join (the video page's
 * /join?invitation=… address) until the meeting is held or cancelled (then only that), and — only
 * where the consent covers them, as the API decides at this
 * moment — the final minutes to read and download. It shows nothing about the case otherwise: no title,
 * no question, no name but their own; a withdrawn or expired link shows only that.
 */
export function GuestPage() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const location = useLocation();
  const link = useMemo(() => readGuestLink(location.hash), [location.hash]);
  const authorization = link.invitation === null ? null : `Invitation ${link.invitation}`;
  useEffect(() => {
    if (isLang(link.lang) && link.lang !== i18n.language) void i18n.changeLanguage(link.lang);
  }, [link.lang, i18n]);
  const headers = { authorization: authorization ?? '' };

  const me = useQuery({
    queryKey: ['guest-me', link.invitation],
    enabled: authorization !== null,
    queryFn: async () => (await unwrap(api.GET('/api/me', { headers }))) as unknown as GuestMe,
  });
  const meetingId = me.data?.kind === 'guest' ? me.data.meetingId : undefined;
  const meeting = useQuery({
    queryKey: ['guest-meeting', link.invitation, meetingId],
    enabled: meetingId !== undefined,
    queryFn: async () => (await unwrap(api.GET('/api/meetings/{id}', { params: { path: { id: meetingId ?? '' } }, headers }))) as unknown as GuestMeeting,
  });
  const minutes = useQuery({
    queryKey: ['guest-minutes', link.invitation, meetingId],
    enabled: meetingId !== undefined,
    queryFn: () => unwrap(api.GET('/api/meetings/{meetingId}/minutes', { params: { path: { meetingId: meetingId ?? '' } }, headers })),
  });

  const failure = me.error ?? meeting.error;
  if (authorization === null || failure) {
    const status = failure instanceof ApiError ? failure.status : authorization === null ? 401 : 0;
    // a real link of a meeting that was called off: the API says so (410, details.reason) and shows nothing else
    const cancelledMeeting = status === 410 && failure instanceof ApiError && (failure.details as { reason?: unknown } | undefined)?.reason === 'meeting_cancelled';
    return (
      <>
        <PageTitle>{t('guest.title')}</PageTitle>
        {cancelledMeeting ? (
          <InlineAlert status="warning" id="guest-cancelled">{t('guest.cancelledNotice')}</InlineAlert>
        ) : (
          <Alert status="error" closeText={t('common.close')} id="guest-link-problem">
            {status === 410 ? t('guest.linkWithdrawn') : status === 401 || status === 404 || status === 403 ? t('guest.linkInvalid') : t('guest.unavailable')}
          </Alert>
        )}
      </>
    );
  }
  if (me.isPending || meeting.isPending || meeting.data === undefined) {
    return (
      <>
        <PageTitle>{t('guest.title')}</PageTitle>
        <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />
      </>
    );
  }
  const m = meeting.data;
  const online = m.mode !== 'in_person';
  const cancelled = m.status === 'cancelled';
  // a host has ended it (held): no call to join any more; its minutes come here once final (and the consent allows)
  const ended = m.status === 'held';
  const finals = (minutes.data ?? []).filter((x) => x.status === 'finalised');
  const shown = finals.find((x) => x.id === link.minutesId) ?? finals.at(-1);
  return (
    <>
      <PageTitle>{t('guest.title')}</PageTitle>
      <Paragraph mb="m" id="guest-greeting">{t('guest.hello', { name: me.data?.name ?? '' })}</Paragraph>
      <Card>
        <Heading variant="h2" mb="s">{t('guest.when')}</Heading>
        {cancelled && <InlineAlert status="warning" id="guest-cancelled" mb="s">{t('guest.cancelled')}</InlineAlert>}
        {ended && <InlineAlert status="neutral" id="guest-ended" mb="s">{t('guest.ended')}</InlineAlert>}
        <Dl id="guest-meeting">
          <dt>{t('guest.time')}</dt>
          <dd>{formatTimeRange(m.startsAt, m.endsAt, lang)}</dd>
          <dt>{t('guest.how')}</dt>
          <dd>{t(`guest.mode.${m.mode}`)}</dd>
          {m.mode !== 'remote' && m.location ? (
            <>
              <dt>{t('guest.place')}</dt>
              <dd>{m.location}</dd>
            </>
          ) : null}
        </Dl>
      </Card>
      {online && !cancelled && !ended && (
        <Card>
          <Heading variant="h2" mb="s">{t('guest.join')}</Heading>
          <DeviceCheck />
          <Paragraph mb="s" mt="m">{t('guest.joinHint')}</Paragraph>
          <JoinLink id="guest-join" href={`/join?invitation=${encodeURIComponent(link.invitation ?? '')}&lang=${lang}`}>{t('guest.joinButton')}</JoinLink>
        </Card>
      )}
      {shown !== undefined && <GuestMinutes minutes={shown} authorization={authorization} />}
      {minutes.data !== undefined && shown === undefined && link.minutesId !== null && (
        <Paragraph id="guest-no-minutes">{t('guest.noMinutes')}</Paragraph>
      )}
    </>
  );
}

function GuestMinutes({ minutes, authorization }: { minutes: Minutes; authorization: string }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<string | null>(null);
  const download = async () => {
    setFailed(null);
    const { data, response } = await api.GET('/api/minutes/{id}/pdf', { params: { path: { id: minutes.id } }, headers: { authorization }, parseAs: 'blob' });
    if (!response.ok || data === undefined) {
      setFailed(response.status === 410 || response.status === 403 || response.status === 404 ? t('guest.minutesGone') : t('minutes.pdfFailed', { code: response.status }));
      return;
    }
    saveBlob(data as Blob, `${t('minutes.fileName')}-v${minutes.version}.pdf`);
  };
  return (
    <Card id="guest-minutes">
      <Heading variant="h2" mb="s">{t('guest.minutes', { version: minutes.version })}</Heading>
      {minutes.correctionReason && <Paragraph mb="s">{t('minutes.correctionOf', { version: minutes.version - 1, reason: minutes.correctionReason })}</Paragraph>}
      <MinutesDocument minutes={minutes} headingLevel="h3" />
      <Button variant="secondary" id="guest-download-pdf" onClick={() => void download()}>{t('minutes.downloadPdf')}</Button>
      {failed !== null && <InlineAlert status="error" mt="s">{failed}</InlineAlert>}
      <Paragraph mt="s">{t('guest.minutesPrivate')}</Paragraph>
    </Card>
  );
}

/** Camera and microphone before joining: a preview and a level meter, on the person's own device only. */
function DeviceCheck() {
  const { t } = useTranslation();
  const media = useRef<LocalMedia | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const audio = useRef<{ ctx: AudioContext; timer: number } | null>(null);
  const [state, setState] = useState<'idle' | 'checking' | 'on' | 'failed'>('idle');
  const [camera, setCamera] = useState(false);
  const [mic, setMic] = useState(false);
  const [level, setLevel] = useState(0);

  const stop = () => {
    if (audio.current) {
      window.clearInterval(audio.current.timer);
      void audio.current.ctx.close();
      audio.current = null;
    }
    media.current?.stopAll();
    media.current = null;
    if (video.current) video.current.srcObject = null;
    setLevel(0);
  };
  useEffect(() => stop, []);

  const check = async () => {
    stop();
    setState('checking');
    const local = new LocalMedia();
    media.current = local;
    await local.open({ camera: true, mic: true });
    setCamera(local.video !== undefined);
    setMic(local.audio !== undefined);
    if (video.current) video.current.srcObject = local.previewStream();
    if (local.audio) {
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 512;
      ctx.createMediaStreamSource(new MediaStream([local.audio])).connect(analyser);
      const samples = new Uint8Array(analyser.fftSize);
      const timer = window.setInterval(() => {
        analyser.getByteTimeDomainData(samples);
        let peak = 0;
        for (const s of samples) peak = Math.max(peak, Math.abs(s - 128) / 128);
        setLevel(Math.round(peak * 100) / 100);
      }, 150);
      audio.current = { ctx, timer };
    }
    setState(local.video || local.audio ? 'on' : 'failed');
  };

  return (
    <div id="device-check">
      <Heading variant="h3" mb="xs">{t('guest.deviceCheck')}</Heading>
      <Paragraph mb="s">{t('guest.deviceCheckHint')}</Paragraph>
      <Preview ref={video} autoPlay muted playsInline aria-label={t('guest.cameraPreview')} hidden={state !== 'on' || !camera} />
      {state === 'on' && (
        <>
          <Paragraph id="device-camera">{camera ? t('guest.cameraOk') : t('guest.cameraMissing')}</Paragraph>
          <Paragraph id="device-mic">{mic ? t('guest.micOk') : t('guest.micMissing')}</Paragraph>
          {mic && (
            <p>
              <label htmlFor="mic-level">{t('guest.micLevel')}</label>{' '}
              <meter id="mic-level" min={0} max={1} low={0.05} value={level} />
            </p>
          )}
        </>
      )}
      {state === 'failed' && <InlineAlert status="error" id="device-failed">{t('guest.devicesFailed')}</InlineAlert>}
      {state === 'checking' && <LoadingSpinner status="loading" text={t('guest.checking')} variant="small" />}
      {state === 'on' ? (
        <Button variant="secondary" id="device-stop" onClick={() => { stop(); setState('idle'); }}>{t('guest.stopCheck')}</Button>
      ) : (
        <Button variant="secondary" id="device-start" onClick={() => void check()} disabled={state === 'checking'}>{t('guest.startCheck')}</Button>
      )}
    </div>
  );
}
