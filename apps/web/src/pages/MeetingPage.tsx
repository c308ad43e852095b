import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import styled from 'styled-components';
import {
  Alert, Block, Button, Checkbox, Heading, InlineAlert, Link, LoadingSpinner, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph, StaticChip, Text, Textarea, TextInput,
  suomifiDesignTokens as tokens,
} from 'suomifi-ui-components';
import { ApiError, api, reasonOf, unwrap } from '../api/client';
import { ConsentPanel } from '../components/ConsentPanel';
import { getAttendance, getDeliveries, getInvitations, getMeeting, type Delivery, type MeetingDetail, type Participant } from '../api/meetings';
import { useMe } from '../auth/useMe';
import { PageTitle } from '../components/PageTitle';
import { formatDateTime, formatTime, formatTimeRange, helsinkiDate, isCalendarDate, parseClockTime } from '../lib/time';
import { useLang } from '../lib/use-lang';

const Card = styled(Block)`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  padding: ${tokens.spacing.m};
  margin-bottom: ${tokens.spacing.m};
`;
const Table = styled.table`
  border-collapse: collapse;
  width: 100%;
  & th, & td { text-align: left; padding: ${tokens.spacing.xs} ${tokens.spacing.s}; border-bottom: 1px solid ${tokens.colors.depthLight2}; vertical-align: top; }
  & th { ${tokens.typography.bodySemiBoldSmall} }
`;
const Actions = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${tokens.spacing.s};
  align-items: center;
  margin-top: ${tokens.spacing.m};
`;

type Notice = [key: 'meeting.booked' | 'meeting.failed' | 'meeting.headcountSaved' | 'meeting.cancelled' | 'meeting.rescheduled' | 'meeting.ended', values?: Record<string, string>];

/** the API's range of a room headcount (apps/api meeting.dto.ts RoomHeadcountDto: integer 0–500) */
const HEADCOUNT_MIN = 0;
const HEADCOUNT_MAX = 500;
/** as the API's EARLY_END_WINDOW_MS (meetings.service.ts): a meeting may be ended up to 3 hours before its start, once someone has been present */
const EARLY_END_WINDOW_MS = 3 * 3_600_000;

const joinHref = (id: string): string => `/join?meeting=${encodeURIComponent(id)}`;

/** The API's reasons for a refusal, in the user's language (its fields' reasons), else its message. */

/** The latest delivery of each participant's invitation-type messages (what they were last sent, and how it went). */
function latestDelivery(deliveries: Delivery[], participantId: string): Delivery | undefined {
  return deliveries.filter((d) => d.participantId === participantId && d.kind !== 'reminder').at(-1);
}

/**
 * One meeting (/meetings/:id): when, where, how; its participants with their invitation and delivery
 * status and their attendance (from the video, and "in the room" as a host marks it, with the room's
 * headcount); join, the minutes; for the organiser reschedule and cancel with a reason that reaches
 * everyone; for a host ending the meeting, which marks it held and moves its request on.
 */
export function MeetingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'reschedule' | 'cancel' | 'end' | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  // kept as a key and its values, so that the notice follows a language change
  const [notice, setNotice] = useState<Notice | null>(params.get('booked') === '1' ? ['meeting.booked'] : null);
  const meeting = useQuery({ queryKey: ['meeting', id], queryFn: () => getMeeting(id) });
  const m = meeting.data;
  const isOrganiser = m !== undefined && me.data !== undefined && m.organiserId === me.data.personId;
  const isHost = isOrganiser || (m?.participants.some((p) => p.personId === me.data?.personId && p.host) ?? false);
  const deliveries = useQuery({ queryKey: ['meeting-deliveries', id], queryFn: () => getDeliveries(id), enabled: m !== undefined, refetchInterval: 5000 });
  const invitations = useQuery({ queryKey: ['meeting-invitations', id], queryFn: () => getInvitations(id), enabled: isOrganiser });
  // around its time (from two hours before until it ends), who has joined shows up while the page is open —
  // and decides whether it may be ended before its booked start (each read is in the access log, so not always)
  const around = m !== undefined && m.status === 'scheduled' && Date.now() > new Date(m.startsAt).getTime() - 2 * 3600_000 && Date.now() < new Date(m.endsAt).getTime();
  const attendance = useQuery({ queryKey: ['meeting-attendance', id], queryFn: () => getAttendance(id), enabled: m !== undefined, refetchInterval: around ? 15_000 : false });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['meeting', id] });
    void queryClient.invalidateQueries({ queryKey: ['meeting-attendance', id] });
    void queryClient.invalidateQueries({ queryKey: ['meeting-deliveries', id] });
  };
  const mark = useMutation({
    mutationFn: async (v: { participantId: string; present: boolean }) => unwrap(api.POST('/api/meetings/{id}/attendance', { params: { path: { id } }, body: v })),
    onSuccess: refresh,
    onError: (e: Error) => setNotice(['meeting.failed', { reason: reasonOf(e) }]),
  });
  const [headcount, setHeadcount] = useState('');
  const count = useMutation({
    mutationFn: async () => unwrap(api.PUT('/api/meetings/{id}/room-headcount', { params: { path: { id } }, body: { count: Number(headcount) } })),
    onSuccess: () => { setHeadcountProblem(null); setNotice(['meeting.headcountSaved']); refresh(); },
    // at the field, where the host is looking (the notice at the top of the page may be out of sight)
    onError: (e: Error) => setHeadcountProblem(reasonOf(e)),
  });
  const [headcountProblem, setHeadcountProblem] = useState<string | null>(null);
  const saveHeadcount = () => {
    const n = Number(headcount.trim());
    if (headcount.trim() === '' || !Number.isInteger(n) || n < HEADCOUNT_MIN || n > HEADCOUNT_MAX) {
      return setHeadcountProblem(t('meeting.headcountRange', { min: HEADCOUNT_MIN, max: HEADCOUNT_MAX }));
    }
    setHeadcountProblem(null);
    count.mutate();
  };
  const close = () => { setDialog(null); opener.current?.focus(); };

  if (meeting.isPending) return <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />;
  if (meeting.isError || m === undefined) return <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: meeting.error?.message ?? '' })}</Alert>;
  const started = Date.now() >= new Date(m.startsAt).getTime();
  // the API's rule (MeetingsService.end): it may be ended once it has begun, or up to three hours earlier once
  // anyone has been present in those hours (a video test days ahead does not count), or a host marked someone present
  const since = new Date(m.startsAt).getTime() - EARLY_END_WINDOW_MS;
  const rows = attendance.data?.rows ?? [];
  const attended = Date.now() >= since && (
    rows.some((r) => new Date(r.joinedAt).getTime() <= Date.now() && (r.leftAt === null || new Date(r.leftAt).getTime() >= since))
    || m.participants.some((p) => (p.attendance === 'in_person' || p.attendance === 'remote') && !rows.some((r) => r.participantId === p.id)));
  const videoOf = (p: Participant) => (attendance.data?.rows ?? []).filter((r) => r.source === 'video' && (r.participantId === p.id || (p.personId !== null && r.personId === p.personId)));
  const inRoom = (p: Participant) => p.attendance === 'in_person';
  const deliveryText = (p: Participant): string => {
    const d = latestDelivery(deliveries.data ?? [], p.id);
    return d === undefined ? '—' : `${t(`meeting.deliveryKind.${d.kind}`)}: ${t(`meeting.deliveryStatus.${d.status}`)}${d.sentAt !== null ? ` ${formatDateTime(d.sentAt, lang)}` : ''}`;
  };
  const invitationText = (p: Participant): string => {
    if (p.kind === 'staff') return t('meeting.invitation.staff');
    const i = (invitations.data ?? []).find((x) => x.participantId === p.id && x.revokedAt === null);
    if (!isOrganiser) return '—';
    if (i === undefined) {
      // a link withdrawn (the consent was withdrawn, or the organiser made a new one and none is valid) is not "no link yet"
      const revoked = (invitations.data ?? []).filter((x) => x.participantId === p.id && x.revokedAt !== null).at(-1);
      return revoked?.revokedAt != null ? t('meeting.invitation.revoked', { at: formatDateTime(revoked.revokedAt, lang) }) : t('meeting.invitation.none');
    }
    return i.lastUsedAt !== null ? t('meeting.invitation.opened', { at: formatDateTime(i.lastUsedAt, lang) }) : t('meeting.invitation.notOpened');
  };

  return (
    <>
      <PageTitle>{m.title}</PageTitle>
      <div aria-live="polite" id="meeting-notice">{notice !== null && <InlineAlert status="neutral" mb="m">{t(notice[0], notice[1])}</InlineAlert>}</div>
      <Card as="section" aria-labelledby="meeting-when">
        <Heading variant="h2" id="meeting-when" mb="s">{t('meeting.details')}</Heading>
        <Paragraph id="meeting-time"><Text variant="bold">{t('meeting.time')}: </Text>{formatTimeRange(m.startsAt, m.endsAt, lang)}</Paragraph>
        {m.mode !== 'remote' && <Paragraph id="meeting-place"><Text variant="bold">{t('meeting.place')}: </Text>{m.location ?? '—'}</Paragraph>}
        <Paragraph id="meeting-mode"><Text variant="bold">{t('meeting.mode')}: </Text>{t(`mode.${m.mode}`)}</Paragraph>
        <Paragraph id="meeting-status"><Text variant="bold">{t('meeting.status')}: </Text><StaticChip>{t(`meeting.statuses.${m.status}`)}</StaticChip>
          {m.endedAt !== null && ` ${t('meeting.endedAt', { at: formatDateTime(m.endedAt, lang) })}`}
        </Paragraph>
        {m.changeReason !== null && <Paragraph id="meeting-reason"><Text variant="bold">{t(m.status === 'cancelled' ? 'meeting.cancelReason' : 'meeting.changeReason')}: </Text>{m.changeReason}</Paragraph>}
        {m.notices.map((n) => (
          <InlineAlert key={n.id} status="warning">
            {n.kind === 'pair_member_busy'
              ? t('meeting.pairMemberBusy', { names: (n.persons ?? []).map((p) => p.name).join(', '), count: n.persons?.length ?? 1 })
              : t('meeting.consentWithdrawn', { at: formatDateTime(n.at, lang) })}
          </InlineAlert>
        ))}
        {/* the consent of the meeting's request, withdrawable here too: after the minutes the request leaves Home, and that is when a withdrawal matters most */}
        {m.requestId !== null && <ConsentPanel requestId={m.requestId} />}
        <Actions>
          {m.status === 'scheduled' && m.mode !== 'in_person' && <Link href={joinHref(m.id)} id="join-meeting">{t('meeting.join')}</Link>}
          <Link href={`/meetings/${m.id}/minutes`} id="meeting-minutes">{t('meeting.minutes')}</Link>
          {isOrganiser && m.status === 'scheduled' && (
            <>
              <Button variant="secondary" id="reschedule" onClick={(e) => { opener.current = e.currentTarget as HTMLElement; setDialog('reschedule'); }}>{t('meeting.reschedule')}</Button>
              <Button variant="secondary" id="cancel-meeting" onClick={(e) => { opener.current = e.currentTarget as HTMLElement; setDialog('cancel'); }}>{t('meeting.cancel')}</Button>
            </>
          )}
          {isHost && m.status === 'scheduled' && (started || attended) && (
            <Button id="end-meeting" onClick={(e) => { opener.current = e.currentTarget as HTMLElement; setDialog('end'); }}>{t('meeting.end')}</Button>
          )}
        </Actions>
        {isHost && m.status === 'scheduled' && !started && !attended && <Paragraph mt="s" id="end-later">{t('meeting.endLater')}</Paragraph>}
      </Card>

      <Card as="section" aria-labelledby="meeting-people">
        <Heading variant="h2" id="meeting-people" mb="s">{t('meeting.participants')}</Heading>
        <Table id="participants">
          <thead>
            <tr>
              <th scope="col">{t('meeting.col.name')}</th>
              <th scope="col">{t('meeting.col.role')}</th>
              <th scope="col">{t('meeting.col.invitation')}</th>
              <th scope="col">{t('meeting.col.delivery')}</th>
              <th scope="col">{t('meeting.col.attendance')}</th>
            </tr>
          </thead>
          <tbody>
            {m.participants.map((p, i) => (
              <tr key={p.id} data-participant-id={p.id} className="participant">
                <th scope="row">{p.displayName}</th>
                <td>
                  {p.kind === 'external' ? `${p.organisationName ?? ''} (${t(`organisationType.${p.organisationType ?? 'other'}`)})` : p.kind === 'family' ? t(`planner.relations.${p.familyRelation ?? 'other'}`) : t('meeting.kind.staff')}
                  {(p.host || p.personId === m.organiserId) && ` · ${t(p.personId === m.organiserId ? 'meeting.organiser' : 'meeting.coHost')}`}
                  {!p.required && ` · ${t('meeting.optional')}`}
                </td>
                <td className="invitation-status">{invitationText(p)}</td>
                <td className="delivery-status">{deliveryText(p)}</td>
                <td className="attendance">
                  {/* seen in the video since the page read the meeting: remote, as the API records it */}
                  <Text>{t(`meeting.attendance.${p.attendance === 'invited' && videoOf(p).length > 0 ? 'remote' : p.attendance}`)}</Text>
                  {videoOf(p).map((r) => (
                    <div key={r.id} className="video-row"><Text>{t('meeting.video', { from: formatTime(r.joinedAt, lang), to: r.leftAt !== null ? formatTime(r.leftAt, lang) : '…' })}</Text></div>
                  ))}
                  {isHost && m.status !== 'cancelled' && m.mode !== 'remote' && (
                    <Checkbox id={`in-room-${i}`} checked={inRoom(p)} disabled={mark.isPending} onClick={({ checkboxState }) => mark.mutate({ participantId: p.id, present: checkboxState })}>
                      {t('meeting.inRoom')}
                    </Checkbox>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
        {m.mode !== 'remote' && (
          <Actions>
            <Text id="room-headcount">{t('meeting.headcount', { count: attendance.data?.roomHeadcount ?? m.roomHeadcount ?? 0 })}</Text>
            {isHost && m.status !== 'cancelled' && (
              <>
                <TextInput id="headcount-input" type="number" min={HEADCOUNT_MIN} max={HEADCOUNT_MAX} step={1} labelText={t('meeting.headcountLabel')}
                  hintText={t('meeting.headcountHint', { min: HEADCOUNT_MIN, max: HEADCOUNT_MAX })} value={headcount}
                  onChange={(v) => { setHeadcount(String(v ?? '')); setHeadcountProblem(null); }}
                  {...(headcountProblem !== null ? { status: 'error' as const, statusText: headcountProblem } : {})} />
                <Button variant="secondary" id="save-headcount" disabled={headcount === '' || count.isPending} onClick={saveHeadcount}>{t('meeting.save')}</Button>
              </>
            )}
          </Actions>
        )}
      </Card>

      {dialog === 'cancel' && <ReasonDialog kind="cancel" meeting={m} onClose={close} onDone={(n) => { setNotice(n); refresh(); close(); }} />}
      {dialog === 'reschedule' && <ReasonDialog kind="reschedule" meeting={m} onClose={close} onDone={(n) => { setNotice(n); refresh(); close(); }} />}
      {dialog === 'end' && <EndDialog meeting={m} onClose={close} onDone={(n) => { setNotice(n); refresh(); close(); }} />}
    </>
  );
}

/** Helsinki wall clock date and time inputs → an ISO instant (the browser runs anywhere). */
function helsinkiInstant(date: string, time: string): string {
  const clock = parseClockTime(time);
  // callers check both first (isCalendarDate, parseClockTime): an impossible value is an error, not "Invalid time value"
  if (!isCalendarDate(date) || clock === null) throw new Error(`not a date and time: ${date} ${time}`);
  const guess = new Date(`${date.trim()}T${String(clock.hours).padStart(2, '0')}:${String(clock.minutes).padStart(2, '0')}:00Z`);
  const offset = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Helsinki', timeZoneName: 'shortOffset' }).formatToParts(guess).find((p) => p.type === 'timeZoneName')?.value.replace('GMT', '') ?? '2');
  return new Date(guess.getTime() - offset * 3600_000).toISOString();
}

function ReasonDialog({ kind, meeting, onClose, onDone }: { kind: 'cancel' | 'reschedule'; meeting: MeetingDetail; onClose: () => void; onDone: (notice: Notice) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const first = useRef<HTMLInputElement | HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(helsinkiDate(meeting.startsAt));
  const [time, setTime] = useState(formatTime(meeting.startsAt, 'en'));
  // which field is at fault and why: the date or the time (in the past, unreadable, refused by the API) or the reason
  const [problem, setProblem] = useState<{ field: 'date' | 'time' | 'reason'; text: string } | null>(null);
  const minutes = Math.round((new Date(meeting.endsAt).getTime() - new Date(meeting.startsAt).getTime()) / 60_000);
  const save = useMutation({
    mutationFn: async () => {
      if (kind === 'cancel') return unwrap(api.POST('/api/meetings/{id}/cancel', { params: { path: { id: meeting.id } }, body: { reason: reason.trim() } }));
      const startsAt = helsinkiInstant(date, time);
      const endsAt = new Date(new Date(startsAt).getTime() + minutes * 60_000).toISOString();
      return unwrap(api.PATCH('/api/meetings/{id}', { params: { path: { id: meeting.id } }, body: { startsAt, endsAt, reason: reason.trim() } }));
    },
    onSuccess: () => onDone(kind === 'cancel' ? ['meeting.cancelled'] : ['meeting.rescheduled', { time: formatTimeRange(helsinkiInstant(date, time), new Date(new Date(helsinkiInstant(date, time)).getTime() + minutes * 60_000), lang) }]),
    onError: (e: Error) => {
      const f = e instanceof ApiError ? e.fields.find((x) => x.field === 'startsAt' || x.field === 'endsAt') : undefined;
      setProblem(f !== undefined ? { field: 'time', text: f.reason } : { field: 'reason', text: reasonOf(e) });
    },
  });
  const submit = () => {
    if (kind === 'reschedule') {
      if (!isCalendarDate(date)) return setProblem({ field: 'date', text: t('meeting.dateInvalid') });
      if (parseClockTime(time) === null) return setProblem({ field: 'time', text: t('meeting.timeInvalid') });
      // the API refuses a time before the current minute (400 in_the_past); say so at the field before asking
      if (new Date(helsinkiInstant(date, time)).getTime() < Math.floor(Date.now() / 60_000) * 60_000) {
        return setProblem(date < helsinkiDate(new Date()) ? { field: 'date', text: t('meeting.pastDate') } : { field: 'time', text: t('meeting.pastTime') });
      }
    }
    if (reason.trim() === '') return setProblem({ field: 'reason', text: t('meeting.reasonRequired') });
    setProblem(null);
    save.mutate();
  };
  const status = (field: 'date' | 'time' | 'reason') => (problem?.field === field ? { status: 'error' as const, statusText: problem.text } : {});
  return (
    <Modal visible appElementId="root" onEscKeyDown={onClose} focusOnOpenRef={first as React.RefObject<HTMLElement>} ariaLabelledBy="reason-title" variant="default">
      <ModalContent>
        <ModalTitle id="reason-title">{t(kind === 'cancel' ? 'meeting.cancelTitle' : 'meeting.rescheduleTitle')}</ModalTitle>
        {kind === 'reschedule' && (
          <>
            <TextInput id="reschedule-date" labelText={t('meeting.newDate')} hintText={t('meeting.dateHint')} value={date} onChange={(v) => { setDate(String(v ?? '')); setProblem(null); }} forwardedRef={first as React.RefObject<HTMLInputElement>} mb="m" {...status('date')} />
            <TextInput id="reschedule-time" labelText={t('meeting.newTime')} hintText={t('meeting.newTimeHint')} value={time} onChange={(v) => { setTime(String(v ?? '')); setProblem(null); }} mb="m" {...status('time')} />
          </>
        )}
        <Textarea id="reason" labelText={t('meeting.reason')} hintText={t('meeting.reasonHint')} value={reason} onChange={(e) => { setReason(e.target.value); setProblem(null); }}
          forwardedRef={kind === 'cancel' ? (first as React.RefObject<HTMLTextAreaElement>) : undefined} {...status('reason')} />
      </ModalContent>
      <ModalFooter>
        <Button id="reason-confirm" onClick={submit} disabled={save.isPending}>{t(kind === 'cancel' ? 'meeting.cancelConfirm' : 'meeting.rescheduleConfirm')}</Button>
        <Button variant="secondary" id="reason-cancel" onClick={onClose}>{t('meeting.back')}</Button>
      </ModalFooter>
    </Modal>
  );
}

function EndDialog({ meeting, onClose, onDone }: { meeting: MeetingDetail; onClose: () => void; onDone: (notice: Notice) => void }) {
  const { t } = useTranslation();
  const first = useRef<HTMLButtonElement>(null) as React.RefObject<HTMLButtonElement>;
  const end = useMutation({
    mutationFn: async () => unwrap(api.POST('/api/meetings/{id}/end', { params: { path: { id: meeting.id } } })),
    onSuccess: () => onDone(['meeting.ended']),
  });
  return (
    <Modal visible appElementId="root" onEscKeyDown={onClose} focusOnOpenRef={first as React.RefObject<HTMLElement>} ariaLabelledBy="end-title" variant="default">
      <ModalContent>
        <ModalTitle id="end-title">{t('meeting.endTitle')}</ModalTitle>
        <Paragraph>{t('meeting.endText')}</Paragraph>
        {end.isError && <InlineAlert status="error" id="end-failed">{reasonOf(end.error)}</InlineAlert>}
      </ModalContent>
      <ModalFooter>
        <Button id="end-confirm" forwardedRef={first} onClick={() => end.mutate()} disabled={end.isPending}>{t('meeting.endConfirm')}</Button>
        <Button variant="secondary" id="end-back" onClick={onClose}>{t('meeting.back')}</Button>
      </ModalFooter>
    </Modal>
  );
}
