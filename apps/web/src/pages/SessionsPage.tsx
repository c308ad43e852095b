import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterDomLink, useSearchParams } from 'react-router';
import styled from 'styled-components';
import {
  Alert, Block, Button, Dropdown, DropdownItem, Heading, InlineAlert, LoadingSpinner, RouterLink, Modal, ModalContent, ModalFooter, ModalTitle,
  Paragraph, RadioButton, RadioButtonGroup, StaticChip, Text, TextInput, suomifiDesignTokens as tokens,
} from 'suomifi-ui-components';
import { ApiError, api, unwrap } from '../api/client';
import { teamSeries, upcomingSessions, type HomeAnswer, type InboxItem, type InboxPage, type Occurrence, type SessionSeries } from '../api/sessions';
import type { Me } from '../api/types';
import { useMe } from '../auth/useMe';
import { PageTitle } from '../components/PageTitle';
import { WEEKDAYS, createBody, emptySeries, patchBody, seriesFieldOf, seriesToForm, validateSeries, type SeriesField, type SeriesForm } from '../forms/series';
import { formatDateTime, formatTime, formatWeekdayDate } from '../lib/time';
import { useLang } from '../lib/use-lang';

const Card = styled(Block)`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  padding: ${tokens.spacing.m};
  margin-bottom: ${tokens.spacing.m};
`;
const Line = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${tokens.spacing.xs} ${tokens.spacing.m};
  align-items: baseline;
`;
const Slots = styled.ol`
  list-style: none;
  margin: ${tokens.spacing.s} 0 0;
  padding: 0;
  & > li {
    display: flex;
    flex-wrap: wrap;
    gap: ${tokens.spacing.xs} ${tokens.spacing.m};
    align-items: center;
    padding: ${tokens.spacing.xs} 0;
    border-top: 1px solid ${tokens.colors.depthLight2};
  }
`;
const Time = styled.span`
  font-variant-numeric: tabular-nums;
  min-width: 7rem;
  font-weight: 600;
`;
const Muted = styled.span`
  color: ${tokens.colors.depthDark1};
`;
const Fields = styled.div`
  display: grid;
  gap: ${tokens.spacing.m};
`;

/** where the Join link goes: the app's join page, with this session (the same address as Home's Join) */
const joinHref = (meetingId: string): string => `/join?meeting=${encodeURIComponent(meetingId)}`;

/** the weeks of sessions shown */
const WEEKS = 8;

/**
 * Team sessions: the team's series (set up and edited by its chairs of the day or a coordinator), the
 * coming sessions with their agenda slots and cases, booking an accepted case into a free slot and
 * unbooking it, and a Join link per session.
 */
export function SessionsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const home = useQuery({
    queryKey: ['home'],
    queryFn: async () => (await unwrap(api.GET('/api/me/home'))) as unknown as HomeAnswer,
  });
  const teams = home.data?.inbox ?? [];
  const teamId = params.get('team') ?? teams[0]?.teamId ?? '';
  const team = teams.find((x) => x.teamId === teamId);
  const mayManage = team?.chair === true || me.data?.systemRole === 'coordinator' || me.data?.systemRole === 'admin';
  return (
    <>
      <PageTitle>{t('sessions.title')}</PageTitle>
      {home.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {home.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: home.error.message })}</Alert>}
      {home.data !== undefined && teams.length === 0 && <Paragraph id="no-teams">{t('inbox.noTeams')}</Paragraph>}
      {teams.length > 1 && (
        <Dropdown id="sessions-team" labelText={t('inbox.team')} value={teamId} onChange={(v: string) => setParams({ team: v })} mb="m">
          {teams.map((x) => <DropdownItem key={x.teamId} value={x.teamId}>{x.teamName}</DropdownItem>)}
        </Dropdown>
      )}
      {teamId !== '' && me.data !== undefined && <TeamSessions teamId={teamId} teamName={team?.teamName ?? ''} mayManage={mayManage} me={me.data} />}
    </>
  );
}

function TeamSessions({ teamId, teamName, mayManage }: { teamId: string; teamName: string; mayManage: boolean; me: Me }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ series: SessionSeries | null; opener: HTMLElement | null } | null>(null);
  const [booking, setBooking] = useState<{ occurrence: Occurrence & { series: SessionSeries }; slotIndex: number; opener: HTMLElement | null } | null>(null);
  const [notice, setNotice] = useState<{ text: string; warnings: string[] } | null>(null);
  const series = useQuery({ queryKey: ['series', teamId], queryFn: () => teamSeries(teamId) });
  const sessions = useQuery({ queryKey: ['upcoming-sessions', teamId], queryFn: () => upcomingSessions(teamId, new Date(), WEEKS * 7) });
  const inbox = useQuery({
    queryKey: ['inbox', teamId],
    queryFn: async () => (await unwrap(api.GET('/api/teams/{teamId}/inbox', { params: { path: { teamId }, query: { limit: 200 } } }))) as unknown as InboxPage,
  });
  const cases = new Map<string, InboxItem>((inbox.data?.items ?? []).map((r) => [r.id, r]));
  const waiting = (inbox.data?.items ?? []).filter((r) => r.actions.includes('book'));

  const unbook = useMutation({
    mutationFn: async (v: { meetingId: string; itemId: string }) =>
      unwrap(api.DELETE('/api/meetings/{id}/agenda-items/{itemId}', { params: { path: { id: v.meetingId, itemId: v.itemId } } })),
    onSuccess: () => {
      setNotice({ text: t('sessions.unbooked'), warnings: [] });
      void queryClient.invalidateQueries({ queryKey: ['upcoming-sessions'] });
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
    },
    onError: (e: Error) => setNotice({ text: t('sessions.failed', { reason: e.message }), warnings: [] }),
  });

  return (
    <>
      <div aria-live="polite" id="sessions-notice">
        {notice !== null && (
          <InlineAlert status={notice.warnings.length > 0 ? 'warning' : 'neutral'} mb="m">
            {notice.text}
            {notice.warnings.length > 0 && <ul className="series-warnings">{notice.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
          </InlineAlert>
        )}
      </div>
      <section aria-labelledby="series-heading">
        <Heading variant="h2" id="series-heading" mb="s">{t('sessions.series.title', { team: teamName })}</Heading>
        {series.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
        {series.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: series.error.message })}</Alert>}
        {series.data?.length === 0 && <Paragraph mb="s">{t('sessions.series.none')}</Paragraph>}
        {(series.data ?? []).map((s) => (
          <Card key={s.id} data-series-id={s.id} className="series">
            <Line>
              <Text variant="bold">{s.title}</Text>
              <Text>{describeRule(s, t, lang)}</Text>
              <Muted>{t('sessions.series.slots', { count: s.slotMinutes })} · {t(`mode.${s.mode}`)}{s.location !== null ? ` · ${s.location}` : ''}</Muted>
              {mayManage && (
                <Button variant="secondary" className="edit-series" onClick={(e) => setEditing({ series: s, opener: e.currentTarget as HTMLElement })} aria-label={t('sessions.series.editLabel', { title: s.title })}>
                  {t('sessions.series.edit')}
                </Button>
              )}
            </Line>
          </Card>
        ))}
        {mayManage && (
          <Button variant="secondary" id="new-series" onClick={(e) => setEditing({ series: null, opener: e.currentTarget as HTMLElement })} style={{ marginBottom: tokens.spacing.l }}>
            {t('sessions.series.new')}
          </Button>
        )}
      </section>

      <section aria-labelledby="upcoming-heading">
        <Heading variant="h2" id="upcoming-heading" mb="s">{t('sessions.upcoming.title', { count: WEEKS })}</Heading>
        {sessions.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
        {sessions.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: sessions.error.message })}</Alert>}
        {sessions.data?.length === 0 && <Paragraph>{t('sessions.upcoming.none')}</Paragraph>}
        {(sessions.data ?? []).map((o) => (
          <Card as="article" key={`${o.series.id}|${o.key}`} className="session" data-occurrence-key={o.key} data-series-id={o.series.id} data-meeting-id={o.meetingId ?? ''} aria-labelledby={`session-${o.series.id}-${o.key}`.replace(/[^\w-]/g, '')}>
            <Line>
              <Heading variant="h3" id={`session-${o.series.id}-${o.key}`.replace(/[^\w-]/g, '')}>
                {formatWeekdayDate(o.startsAt, lang)} {formatTime(o.startsAt, lang)}–{formatTime(o.endsAt, lang)}
              </Heading>
              <Text>{o.series.title}</Text>
              {o.status !== 'scheduled' && <StaticChip>{t(`sessions.occurrence.${o.status}`)}</StaticChip>}
              <Muted>{t('sessions.upcoming.free', { count: o.freeSlots })}</Muted>
              {o.meetingId !== null && o.status !== 'cancelled' && o.series.mode !== 'in_person' && (
                <RouterLink asComponent={RouterDomLink} to={joinHref(o.meetingId)} className="join-link" aria-label={t('home.myMeetings.joinLabel', { title: o.series.title, time: formatDateTime(o.startsAt, lang) })}>
                  {t('home.myMeetings.join')}
                </RouterLink>
              )}
            </Line>
            {/* a member of the responsible pair left out of this occurrence: they had another meeting then */}
            {o.leftOut.length > 0 && o.status !== 'cancelled' && (
              <InlineAlert status="warning" className="left-out" mb="s">
                {t('meeting.pairMemberBusy', { names: o.leftOut.map((p) => p.name).join(', '), count: o.leftOut.length })}
              </InlineAlert>
            )}
            {o.slots.length > 0 && (
              <Slots aria-label={t('sessions.upcoming.agenda')}>
                {o.slots.map((slot) => {
                  const c = slot.requestId !== null ? cases.get(slot.requestId) : undefined;
                  return (
                    <li key={slot.index} data-slot-index={slot.index} data-request-id={slot.requestId ?? ''} className={slot.requestId === null ? 'slot free' : 'slot booked'}>
                      <Time>{formatTime(slot.startsAt, lang)}–{formatTime(slot.endsAt, lang)}</Time>
                      {slot.requestId === null ? (
                        <>
                          <Muted>{t('sessions.slot.free')}</Muted>
                          {waiting.length > 0 && (
                            <Button variant="secondary" className="book" onClick={(e) => setBooking({ occurrence: o, slotIndex: slot.index, opener: e.currentTarget as HTMLElement })} aria-label={t('sessions.slot.bookLabel', { time: formatDateTime(slot.startsAt, lang) })}>
                              {t('sessions.slot.book')}
                            </Button>
                          )}
                        </>
                      ) : (
                        <>
                          <Text>{c === undefined ? t('sessions.slot.booked') : `${t(`clientGroup.${c.clientGroup}`)} · ${c.question ?? ''}`}</Text>
                          {mayManage && o.meetingId !== null && slot.agendaItemId !== null && (
                            <Button
                              variant="secondary"
                              className="unbook"
                              disabled={unbook.isPending}
                              onClick={() => unbook.mutate({ meetingId: o.meetingId as string, itemId: slot.agendaItemId as string })}
                              aria-label={t('sessions.slot.unbookLabel', { time: formatDateTime(slot.startsAt, lang) })}
                            >
                              {t('sessions.slot.unbook')}
                            </Button>
                          )}
                        </>
                      )}
                    </li>
                  );
                })}
              </Slots>
            )}
          </Card>
        ))}
      </section>

      {editing !== null && (
        <SeriesDialog
          teamId={teamId}
          series={editing.series}
          onClose={(done) => {
            const opener = editing.opener;
            setEditing(null);
            if (done !== undefined) setNotice(done);
            else setTimeout(() => opener?.focus(), 0);
          }}
        />
      )}
      {booking !== null && (
        <BookDialog
          occurrence={booking.occurrence}
          slotIndex={booking.slotIndex}
          waiting={waiting}
          onClose={(done) => {
            const opener = booking.opener;
            setBooking(null);
            if (done !== undefined) setNotice({ text: done, warnings: [] });
            else setTimeout(() => opener?.focus(), 0);
          }}
        />
      )}
    </>
  );
}

const WEEKDAY_INDEX: Record<string, number> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 0 };

/** "Every other Tuesday 13.00–15.00" for the weekly rules the form writes; the rule itself otherwise. */
function describeRule(s: SessionSeries, t: ReturnType<typeof useTranslation>['t'], lang: string): string {
  const m = /^FREQ=WEEKLY(?:;INTERVAL=(\d))?;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/.exec(s.rrule);
  const start = s.dtstart.slice(11, 16);
  const [h, min] = start.split(':').map(Number);
  const endMinutes = (h ?? 0) * 60 + (min ?? 0) + s.durationMinutes;
  const sep = lang === 'en' ? ':' : '.';
  const end = `${String(Math.floor(endMinutes / 60) % 24).padStart(2, '0')}${sep}${String(endMinutes % 60).padStart(2, '0')}`;
  const time = `${start.replace(':', sep)}–${end}`;
  if (m === null) return `${s.rrule} ${time}`;
  // a fixed Monday (2024-01-01) + the weekday gives its name in the language
  const day = new Intl.DateTimeFormat(lang === 'sv' ? 'sv-FI' : lang === 'en' ? 'en-GB' : 'fi-FI', { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, WEEKDAY_INDEX[m[2] ?? 'MO'] === 0 ? 7 : WEEKDAY_INDEX[m[2] ?? 'MO'])));
  // a plain signature: the full typed TFunction over the grown catalogue is too deep for tsc here (TS2589)
  const say = t as unknown as (key: 'sessions.series.rule', o: { count: number; day: string; time: string }) => string;
  return say('sessions.series.rule', { count: Number(m[1] ?? '1'), day, time });
}

function SeriesDialog({ teamId, series, onClose }: { teamId: string; series: SessionSeries | null; onClose: (done?: { text: string; warnings: string[] }) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SeriesForm>(() => (series === null ? emptySeries() : seriesToForm(series)));
  const [errors, setErrors] = useState<Partial<Record<SeriesField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const set = <K extends SeriesField>(k: K, v: SeriesForm[K]): void => setForm((f) => ({ ...f, [k]: v }));

  const save = useMutation({
    mutationFn: async () => {
      if (series === null) return unwrap(api.POST('/api/teams/{teamId}/session-series', { params: { path: { teamId } }, body: createBody(form) }));
      return unwrap(api.PATCH('/api/session-series/{id}', { params: { path: { id: series.id } }, body: patchBody(series, form) }));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['series', teamId] });
      void queryClient.invalidateQueries({ queryKey: ['upcoming-sessions'] });
      const warnings = (saved as { warnings?: Array<{ startsAt: string; other: { title: string } }> }).warnings ?? [];
      onClose({
        text: warnings.length > 0 ? t('sessions.series.savedWithWarnings', { count: warnings.length }) : t('sessions.series.saved'),
        warnings: warnings.map((w) => t('sessions.series.overlap', { time: formatDateTime(w.startsAt, lang), other: w.other.title })),
      });
    },
    onError: (e: Error) => {
      const found: Partial<Record<SeriesField, string>> = {};
      if (e instanceof ApiError) for (const f of e.fields) { const k = seriesFieldOf(f.field); if (k !== undefined) found[k] = f.reason; }
      setErrors(found);
      setError(Object.keys(found).length === 0 ? e.message : null);
    },
  });

  const submit = (): void => {
    setError(null);
    const e = validateSeries(form);
    const found: Partial<Record<SeriesField, string>> = {};
    for (const [k, v] of Object.entries(e)) found[k as SeriesField] = t(`sessions.errors.${v}` as 'sessions.errors.titleRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (series !== null && Object.keys(patchBody(series, form)).length === 0) return onClose();
    save.mutate();
  };
  const st = (k: SeriesField): { status: 'error' | 'default'; statusText?: string } => (errors[k] === undefined ? { status: 'default' } : { status: 'error', statusText: errors[k] });

  return (
    <Modal visible appElementId="root" onEscKeyDown={() => onClose()} focusOnOpenRef={firstRef} ariaLabelledBy="series-dialog-title" scrollable>
      <ModalContent>
        <ModalTitle id="series-dialog-title">{series === null ? t('sessions.series.new') : t('sessions.series.editTitle')}</ModalTitle>
        <Fields>
          <TextInput id="series-title" ref={firstRef} labelText={t('sessions.fields.title')} value={form.title} onChange={(v) => set('title', String(v ?? ''))} fullWidth {...st('title')} />
          <TextInput id="series-date" labelText={t('sessions.fields.date')} hintText={t('sessions.fields.dateHint')} value={form.date} onChange={(v) => set('date', String(v ?? ''))} {...st('date')} />
          <TextInput id="series-time" labelText={t('sessions.fields.time')} hintText={t('sessions.fields.timeHint')} value={form.time} onChange={(v) => set('time', String(v ?? ''))} {...st('time')} />
          <TextInput id="series-duration" labelText={t('sessions.fields.duration')} value={form.durationMinutes} onChange={(v) => set('durationMinutes', String(v ?? ''))} inputMode="numeric" {...st('durationMinutes')} />
          <TextInput id="series-slot" labelText={t('sessions.fields.slot')} value={form.slotMinutes} onChange={(v) => set('slotMinutes', String(v ?? ''))} inputMode="numeric" {...st('slotMinutes')} />
          <Dropdown id="series-interval" labelText={t('sessions.fields.interval')} value={form.interval} onChange={(v: string) => set('interval', v as SeriesForm['interval'])} {...st('interval')}>
            {(['1', '2', '3', '4'] as const).map((n) => <DropdownItem key={n} value={n}>{t('sessions.fields.everyWeeks', { count: Number(n) })}</DropdownItem>)}
          </Dropdown>
          <Dropdown id="series-weekday" labelText={t('sessions.fields.weekday')} value={form.weekday} onChange={(v: string) => set('weekday', v as SeriesForm['weekday'])}>
            {WEEKDAYS.map((d) => <DropdownItem key={d} value={d}>{t(`sessions.weekday.${d}`)}</DropdownItem>)}
          </Dropdown>
          <RadioButtonGroup id="series-mode" name="series-mode" labelText={t('sessions.fields.mode')} value={form.mode} onChange={(v) => set('mode', v as SeriesForm['mode'])}>
            {(['hybrid', 'remote', 'in_person'] as const).map((m) => <RadioButton key={m} value={m} id={`series-mode-${m}`}>{t(`newRequest.mode.${m}`)}</RadioButton>)}
          </RadioButtonGroup>
          <TextInput id="series-location" labelText={t('sessions.fields.location')} optionalText={form.mode === 'remote' ? t('newRequest.optional') : undefined} value={form.location} onChange={(v) => set('location', String(v ?? ''))} fullWidth {...st('location')} />
        </Fields>
        {error !== null && <InlineAlert status="error" id="series-error" mt="m">{error}</InlineAlert>}
      </ModalContent>
      <ModalFooter>
        <Button id="series-save" onClick={submit} disabled={save.isPending}>{t('sessions.series.save')}</Button>
        <Button variant="secondary" id="series-cancel" onClick={() => onClose()}>{t('inbox.dialog.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}

function BookDialog({ occurrence, slotIndex, waiting, onClose }: { occurrence: Occurrence & { series: SessionSeries }; slotIndex: number; waiting: InboxItem[]; onClose: (done?: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [requestId, setRequestId] = useState<string | null>(waiting[0]?.id ?? null);
  const [error, setError] = useState<string | null>(null);
  const firstRef = useRef<HTMLButtonElement>(null);
  const slot = occurrence.slots.find((s) => s.index === slotIndex);
  const book = useMutation({
    mutationFn: async () =>
      unwrap(api.POST('/api/requests/{id}/book', { params: { path: { id: requestId as string } }, body: { seriesId: occurrence.series.id, occurrenceKey: occurrence.key, slotIndex } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['upcoming-sessions'] });
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
      onClose(t('sessions.booked', { time: slot === undefined ? '' : formatDateTime(slot.startsAt, lang) }));
    },
    onError: (e: Error) => setError(e instanceof ApiError && e.fields.some((f) => f.field === 'slotIndex') ? t('inbox.slotTaken') : e.message),
  });
  return (
    <Modal visible appElementId="root" onEscKeyDown={() => onClose()} focusOnOpenRef={firstRef} ariaLabelledBy="book-dialog-title">
      <ModalContent>
        <ModalTitle id="book-dialog-title">{t('sessions.bookDialog.title', { time: slot === undefined ? '' : formatDateTime(slot.startsAt, lang) })}</ModalTitle>
        <Dropdown id="book-request" forwardedRef={firstRef} labelText={t('sessions.bookDialog.request')} value={requestId} onChange={(v: string) => setRequestId(v)} fullWidth>
          {waiting.map((r) => <DropdownItem key={r.id} value={r.id}>{`${t(`urgency.${r.urgency}`)} · ${t(`clientGroup.${r.clientGroup}`)} · ${(r.question ?? '').slice(0, 80)}`}</DropdownItem>)}
        </Dropdown>
        {error !== null && <InlineAlert status="error" id="book-error" mt="m">{error}</InlineAlert>}
      </ModalContent>
      <ModalFooter>
        <Button id="book-confirm" onClick={() => book.mutate()} disabled={book.isPending || requestId === null}>{t('sessions.slot.book')}</Button>
        <Button variant="secondary" id="book-cancel" onClick={() => onClose()}>{t('inbox.dialog.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}
