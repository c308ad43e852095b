import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import styled from 'styled-components';
import {
  Alert, Block, Button, Dropdown, DropdownItem, Heading, InlineAlert, LoadingSpinner, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph,
  RadioButton, RadioButtonGroup, StaticChip, Text, Textarea, suomifiDesignTokens as tokens,
} from 'suomifi-ui-components';
import { ApiError, api, unwrap } from '../api/client';
import { upcomingSessions, type HomeAnswer, type InboxItem, type InboxPage as InboxAnswer } from '../api/sessions';
import { PageTitle } from '../components/PageTitle';
import { identifierFindings } from '../forms/identifiers';
import { formatDate, formatDateTime, formatTime, formatTimeRange } from '../lib/time';
import { useLang } from '../lib/use-lang';

const Card = styled(Block)`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  padding: ${tokens.spacing.m};
  margin-bottom: ${tokens.spacing.m};
`;
const Rows = styled.ol`
  list-style: none;
  margin: 0;
  padding: 0;
`;
const Row = styled.li<{ $urgency: string }>`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  border-left: 6px solid ${(p) => (p.$urgency === 'urgent' ? tokens.colors.alertBase : p.$urgency === 'soon' ? tokens.colors.warningBase : tokens.colors.depthLight1)};
  padding: ${tokens.spacing.s} ${tokens.spacing.m};
  margin-bottom: ${tokens.spacing.s};
`;
const Line = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${tokens.spacing.xs} ${tokens.spacing.m};
  align-items: baseline;
  margin-bottom: ${tokens.spacing.xs};
`;
const Actions = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${tokens.spacing.s};
  margin-top: ${tokens.spacing.s};
`;
const Muted = styled.span`
  color: ${tokens.colors.depthDark1};
`;
const Overdue = styled.span`
  color: ${tokens.colors.alertBase};
  font-weight: 600;
`;

type Decision = 'accept' | 'request_info' | 'decline';

/**
 * The triage inbox of a team (its members, chairs and coordinators): open requests, most urgent and
 * longest waiting first (the API's order), each with its statutory deadline; the chairs of the day accept
 * (into the next session's first free slot, a picked slot, or later), ask for more information, or decline.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const home = useQuery({
    queryKey: ['home'],
    queryFn: async () => (await unwrap(api.GET('/api/me/home'))) as unknown as HomeAnswer,
  });
  const teams = home.data?.inbox ?? [];
  const teamId = params.get('team') ?? teams[0]?.teamId ?? '';
  return (
    <>
      <PageTitle>{t('inbox.title')}</PageTitle>
      {home.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {home.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: home.error.message })}</Alert>}
      {home.data !== undefined && teams.length === 0 && <Paragraph id="no-teams">{t('inbox.noTeams')}</Paragraph>}
      {teams.length > 1 && (
        <Dropdown id="inbox-team" labelText={t('inbox.team')} value={teamId} onChange={(v: string) => setParams({ team: v })} mb="m">
          {teams.map((x) => <DropdownItem key={x.teamId} value={x.teamId}>{x.teamName}</DropdownItem>)}
        </Dropdown>
      )}
      {teamId !== '' && <TeamInbox teamId={teamId} teamName={teams.find((x) => x.teamId === teamId)?.teamName ?? ''} />}
    </>
  );
}

function TeamInbox({ teamId, teamName }: { teamId: string; teamName: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [dialog, setDialog] = useState<{ kind: Decision; item: InboxItem; opener: HTMLElement | null } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const inbox = useQuery({
    queryKey: ['inbox', teamId],
    queryFn: async () => (await unwrap(api.GET('/api/teams/{teamId}/inbox', { params: { path: { teamId }, query: { limit: 200 } } }))) as unknown as InboxAnswer,
  });
  const items = inbox.data?.items ?? [];
  return (
    <section aria-labelledby="inbox-team-heading">
      <Heading variant="h2" id="inbox-team-heading" mb="s">{teamName}</Heading>
      {inbox.data !== undefined && (
        <Paragraph mb="m" id="inbox-counts">
          {t('inbox.counts', { submitted: inbox.data.counts.submitted, moreInfo: inbox.data.counts.more_info_needed, accepted: inbox.data.counts.accepted, scheduled: inbox.data.counts.scheduled })}
        </Paragraph>
      )}
      <div aria-live="polite" id="inbox-done">{done !== null && <InlineAlert status="neutral" mb="m">{done}</InlineAlert>}</div>
      {inbox.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {inbox.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: inbox.error.message })}</Alert>}
      {inbox.data !== undefined && items.length === 0 && <Card><Paragraph id="inbox-empty">{t('inbox.empty')}</Paragraph></Card>}
      {items.length > 0 && (
        <Rows id="inbox-rows" aria-label={t('inbox.listLabel', { team: teamName })}>
          {items.map((r) => (
            <Row key={r.id} $urgency={r.urgency} data-request-id={r.id} data-status={r.status} className="inbox-row">
              <Line>
                <StaticChip>{t(`urgency.${r.urgency}`)}</StaticChip>
                <Text variant="bold">{t(`status.${r.status}`)}</Text>
                <Text>{t(`clientGroup.${r.clientGroup}`)}</Text>
                {r.anonymous ? <Muted>{t('home.myRequests.anonymous')}</Muted> : <Muted>{t('inbox.identified')}</Muted>}
                <Muted>{t('inbox.waiting', { count: r.waitingDays })}</Muted>
              </Line>
              <Line>
                <Muted>{t('inbox.from', { name: r.requester.name, unit: r.requester.unit ?? '', date: formatDate(r.submittedAt, lang) })}</Muted>
                {r.deadline !== null && (
                  <span className="deadline">
                    {r.deadline.daysLeft < 0 ? (
                      <Overdue>{t('inbox.deadlineOverdue', { kind: t(`inbox.deadlineKind.${r.deadline.kind}`), date: formatDate(r.deadline.dueDate, lang), count: -r.deadline.daysLeft })}</Overdue>
                    ) : (
                      <Text>{t('inbox.deadline', { kind: t(`inbox.deadlineKind.${r.deadline.kind}`), date: formatDate(r.deadline.dueDate, lang), count: r.deadline.daysLeft })}</Text>
                    )}
                  </span>
                )}
              </Line>
              {r.question !== null && <Paragraph className="question">{r.question}</Paragraph>}
              {r.statusReason !== null && r.status === 'more_info_needed' && (
                <Paragraph><Text variant="bold">{t('inbox.asked')}</Text> {r.statusReason}</Paragraph>
              )}
              {r.booking !== null && (
                <Paragraph className="booking"><Text variant="bold">{t('inbox.booked')}</Text> {formatTimeRange(r.booking.startsAt, r.booking.endsAt, lang)}</Paragraph>
              )}
              {r.actions.some((a) => a !== 'book') && (
                <Actions>
                  {r.actions.includes('accept') && (
                    <Button className="accept" onClick={(e) => setDialog({ kind: 'accept', item: r, opener: e.currentTarget as HTMLElement })} aria-label={t('inbox.acceptLabel', { date: formatDate(r.submittedAt, lang), group: t(`clientGroup.${r.clientGroup}`) })}>
                      {t('inbox.accept')}
                    </Button>
                  )}
                  {r.actions.includes('request_info') && (
                    <Button variant="secondary" className="request-info" onClick={(e) => setDialog({ kind: 'request_info', item: r, opener: e.currentTarget as HTMLElement })}>
                      {t('inbox.requestInfo')}
                    </Button>
                  )}
                  {r.actions.includes('decline') && (
                    <Button variant="secondary" className="decline" onClick={(e) => setDialog({ kind: 'decline', item: r, opener: e.currentTarget as HTMLElement })}>
                      {t('inbox.decline')}
                    </Button>
                  )}
                </Actions>
              )}
            </Row>
          ))}
        </Rows>
      )}
      {dialog !== null && (
        <DecisionDialog
          kind={dialog.kind}
          item={dialog.item}
          teamId={teamId}
          onClose={(message) => {
            const opener = dialog.opener;
            setDialog(null);
            if (message !== undefined) setDone(message);
            else setTimeout(() => opener?.focus(), 0);
          }}
        />
      )}
    </section>
  );
}

/** A free slot the triager may pick, as the accept body names it. */
interface SlotChoice {
  id: string;
  label: string;
  body: { seriesId: string; occurrenceKey: string; slotIndex: number };
}

function DecisionDialog({ kind, item, teamId, onClose }: { kind: Decision; item: InboxItem; teamId: string; onClose: (done?: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [when, setWhen] = useState<'first_free' | 'pick' | 'later'>('first_free');
  const [slot, setSlot] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const firstRef = useRef<HTMLElement>(null);

  const sessions = useQuery({
    queryKey: ['upcoming-sessions', teamId],
    queryFn: () => upcomingSessions(teamId, new Date(), 56),
    enabled: kind === 'accept',
  });
  const choices: SlotChoice[] = (sessions.data ?? [])
    .filter((o) => o.status !== 'cancelled')
    .flatMap((o) => o.slots.filter((s) => s.requestId === null).map((s) => ({
      id: `${o.series.id}|${o.key}|${s.index}`,
      label: `${formatDateTime(s.startsAt, lang)}–${formatTime(s.endsAt, lang)} · ${o.series.title}`,
      body: { seriesId: o.series.id, occurrenceKey: o.key, slotIndex: s.index },
    })))
    .slice(0, 60);

  useEffect(() => {
    setFieldError(null);
  }, [text, when, slot]);

  const decide = useMutation({
    mutationFn: async () => {
      const path = { params: { path: { id: item.id } } };
      if (kind === 'accept') {
        const picked = choices.find((c) => c.id === slot);
        const body = when === 'later' ? { schedule: 'later' as const } : when === 'pick' && picked !== undefined ? { schedule: 'first_free' as const, ...picked.body } : { schedule: 'first_free' as const };
        return unwrap(api.POST('/api/requests/{id}/accept', { ...path, body }));
      }
      if (kind === 'request_info') return unwrap(api.POST('/api/requests/{id}/request-info', { ...path, body: { message: text.trim() } }));
      return unwrap(api.POST('/api/requests/{id}/decline', { ...path, body: { reason: text.trim() } }));
    },
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
      void queryClient.invalidateQueries({ queryKey: ['home'] });
      void queryClient.invalidateQueries({ queryKey: ['upcoming-sessions'] });
      const booking = (r as { booking?: { startsAt: string; endsAt: string; title: string } | null }).booking;
      onClose(
        kind === 'accept'
          ? booking
            ? t('inbox.done.acceptedInto', { time: formatTimeRange(booking.startsAt, booking.endsAt, lang), title: booking.title })
            : t('inbox.done.accepted')
          : kind === 'request_info' ? t('inbox.done.requestInfo') : t('inbox.done.declined'),
      );
    },
    onError: (e: Error) => {
      const f = e instanceof ApiError ? e.fields[0] : undefined;
      const kinds = e instanceof ApiError ? [...identifierFindings(e).values()].flat() : [];
      if (kinds.length > 0) setFieldError(t('identifier.foundDecision', { what: [...new Set(kinds)].map((k) => t(`identifier.kind.${k}`)).join(', ') }));
      else if (f !== undefined && (f.field === 'message' || f.field === 'reason')) setFieldError(f.reason);
      else if (f !== undefined && f.field === 'slotIndex') setError(t('inbox.slotTaken'));
      else setError(e.message);
      void queryClient.invalidateQueries({ queryKey: ['upcoming-sessions'] });
    },
  });

  const submit = (): void => {
    setError(null);
    if (kind !== 'accept' && text.trim() === '') {
      setFieldError(t(kind === 'decline' ? 'inbox.dialog.reasonRequired' : 'inbox.dialog.messageRequired'));
      return;
    }
    if (kind === 'accept' && when === 'pick' && slot === null) {
      setFieldError(t('inbox.dialog.slotRequired'));
      return;
    }
    decide.mutate();
  };

  const title = t(`inbox.dialog.${kind}.title`);
  return (
    <Modal visible appElementId="root" onEscKeyDown={() => onClose()} focusOnOpenRef={firstRef} ariaLabelledBy="decision-title" variant="default">
      <ModalContent>
        <ModalTitle id="decision-title">{title}</ModalTitle>
        <Paragraph mb="m">{item.question ?? ''}</Paragraph>
        {kind === 'accept' ? (
          <>
            <RadioButtonGroup id="accept-when" name="accept-when" labelText={t('inbox.dialog.accept.when')} value={when} onChange={(v) => setWhen(v as typeof when)} mb="m">
              <RadioButton value="first_free" id="accept-first-free" forwardedRef={firstRef as React.RefObject<HTMLInputElement>}>{t('inbox.dialog.accept.firstFree')}</RadioButton>
              <RadioButton value="pick" id="accept-pick">{t('inbox.dialog.accept.pick')}</RadioButton>
              <RadioButton value="later" id="accept-later">{t('inbox.dialog.accept.later')}</RadioButton>
            </RadioButtonGroup>
            {when === 'pick' && (
              sessions.isPending ? <LoadingSpinner status="loading" text={t('common.loading')} variant="small" /> : choices.length === 0 ? (
                <Paragraph id="no-free-slots">{t('inbox.dialog.accept.noFreeSlots')}</Paragraph>
              ) : (
                <Dropdown
                  id="accept-slot"
                  labelText={t('inbox.dialog.accept.slot')}
                  visualPlaceholder={t('newRequest.choose')}
                  value={slot}
                  onChange={(v: string) => setSlot(v)}
                  status={fieldError !== null ? 'error' : 'default'}
                  statusText={fieldError ?? undefined}
                  fullWidth
                >
                  {choices.map((c) => <DropdownItem key={c.id} value={c.id}>{c.label}</DropdownItem>)}
                </Dropdown>
              )
            )}
          </>
        ) : (
          <Textarea
            id="decision-text"
            forwardedRef={firstRef as React.RefObject<HTMLTextAreaElement>}
            labelText={t(kind === 'decline' ? 'inbox.dialog.decline.reason' : 'inbox.dialog.request_info.message')}
            hintText={t(kind === 'decline' ? 'inbox.dialog.decline.hint' : 'inbox.dialog.request_info.hint')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            fullWidth
            rows={4}
            status={fieldError !== null ? 'error' : 'default'}
            statusText={fieldError ?? undefined}
          />
        )}
        {error !== null && <InlineAlert status="error" id="decision-error" mt="m">{error}</InlineAlert>}
      </ModalContent>
      <ModalFooter>
        <Button id="decision-confirm" onClick={submit} disabled={decide.isPending}>{t(`inbox.dialog.${kind}.confirm`)}</Button>
        <Button variant="secondary" id="decision-cancel" onClick={() => onClose()}>{t('inbox.dialog.cancel')}</Button>
      </ModalFooter>
    </Modal>
  );
}
