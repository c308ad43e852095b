import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useEffect, useRef, useState } from 'react';
import { Link as RouterDomLink, useLocation } from 'react-router';
import styled from 'styled-components';
import { Alert, Block, Button, Heading, LoadingSpinner, Paragraph, RouterLink, StaticChip, Text, Textarea, suomifiDesignTokens as tokens } from 'suomifi-ui-components';
import { ApiError, api, unwrap } from '../api/client';
import { identifierFindings } from '../forms/identifiers';
import type { components } from '../api/schema';
import { useAuth } from '../auth/AuthProvider';
import { ConsentPanel } from '../components/ConsentPanel';
import { PageTitle } from '../components/PageTitle';
import { isLang, type Lang } from '../lib/language';
import { formatDate, formatDateTime, formatTimeRange } from '../lib/time';

type Home = components['schemas']['HomeDto'];
type MyRequest = components['schemas']['MyRequestDto'];
type MyMeeting = components['schemas']['MyMeetingDto'];
type InboxCount = components['schemas']['InboxCountDto'];

const Card = styled(Block)`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  border-top: 4px solid ${tokens.colors.highlightBase};
  padding: ${tokens.spacing.m};
  margin-bottom: ${tokens.spacing.l};
`;
const List = styled.ul`
  list-style: none;
  margin: 0;
  padding: 0;
  & > li { padding: ${tokens.spacing.s} 0; border-top: 1px solid ${tokens.colors.depthLight2}; }
  & > li:first-child { border-top: none; padding-top: 0; }
`;
const Row = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${tokens.spacing.xs} ${tokens.spacing.m};
  align-items: baseline;
`;
const Asked = styled.div`
  margin-top: ${tokens.spacing.xs};
  padding: ${tokens.spacing.xs} ${tokens.spacing.s};
  background: ${tokens.colors.warningLight1};
  border-left: 4px solid ${tokens.colors.warningBase};
`;
const JoinSlot = styled.span`
  margin-left: auto;
  font-weight: 600;
`;
const Muted = styled.span`
  color: ${tokens.colors.depthDark1};
`;

/** where a Join button goes: the app's join page, which asks the API for a join token with this session */
const joinHref = (meetingId: string): string => `/join?meeting=${encodeURIComponent(meetingId)}`;

function useLang(): Lang {
  const { i18n } = useTranslation();
  return isLang(i18n.language) ? i18n.language : 'fi';
}

/** GET /api/me/home: one answer with my open requests, my next meetings and my teams' inboxes. */
export function useHome() {
  const { user } = useAuth();
  return useQuery({
    queryKey: ['home', user?.profile.sub],
    enabled: user !== null,
    queryFn: () => unwrap<Home>(api.GET('/api/me/home')),
  });
}

/**
 * Home: my requests (status, next meeting, what the team asked back), my upcoming meetings with a Join
 * button, and for team members each team's inbox (requests waiting for triage, accepted ones to book).
 */
export function HomePage() {
  const { t } = useTranslation();
  const home = useHome();
  return (
    <>
      <PageTitle>{t('home.title')}</PageTitle>
      {home.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {home.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: home.error.message })}</Alert>}
      {home.data !== undefined && (
        <>
          <Paragraph mb="l">{t('home.greeting', { name: home.data.me.name })}</Paragraph>
          {home.data.inbox.length > 0 && <TeamInboxes inbox={home.data.inbox} />}
          <MyRequests requests={home.data.requests} />
          <MyMeetings meetings={home.data.meetings} />
        </>
      )}
    </>
  );
}

function MyRequests({ requests }: { requests: Home['requests'] }) {
  const { t } = useTranslation();
  /** the request a link opened (/requests/:id, from the triage email: RequestLinkPage) */
  const openedId = (useLocation().state as { requestId?: string } | null)?.requestId;
  return (
    <Card as="section" aria-labelledby="my-requests-heading" id="my-requests">
      <Heading variant="h2" id="my-requests-heading" style={{ marginBottom: tokens.spacing.s }}>
        {t('home.myRequests.title')}
      </Heading>
      {requests.items.length === 0 && <Paragraph>{t('home.myRequests.none')}</Paragraph>}
      {requests.waitingForYou > 0 && (
        <Paragraph mb="s" id="waiting-for-you"><Text variant="bold">{t('home.myRequests.waitingForYou', { count: requests.waitingForYou })}</Text></Paragraph>
      )}
      {requests.items.length > 0 && (
        <List>
          {requests.items.map((r) => <RequestItem key={r.id} r={r} opened={r.id === openedId} />)}
        </List>
      )}
      {requests.open > requests.items.length && <Paragraph>{t('home.myRequests.more', { count: requests.open - requests.items.length })}</Paragraph>}
    </Card>
  );
}

function RequestItem({ r, opened = false }: { r: MyRequest; opened?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const next = r.nextMeeting;
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (!opened) return;
    ref.current?.scrollIntoView({ block: 'center' });
    ref.current?.focus();
  }, [opened]);
  return (
    <li
      data-request-id={r.id}
      data-status={r.status}
      ref={ref}
      {...(opened ? { tabIndex: -1, className: 'opened', style: { outline: `3px solid ${tokens.colors.highlightBase}`, outlineOffset: tokens.spacing.xxs } } : {})}
    >
      <Row>
        <StaticChip>{t(`status.${r.status}`)}</StaticChip>
        <Text variant="bold">{r.teamName}</Text>
        <Muted>{t('home.myRequests.submitted', { date: formatDate(r.submittedAt, lang) })}</Muted>
        {r.anonymous && <Muted>{t('home.myRequests.anonymous')}</Muted>}
      </Row>
      <Paragraph>{r.question}</Paragraph>
      {r.teamMessage !== null && r.teamMessage.action === 'request_info' && (
        <Asked className="asked-back">
          <Text variant="bold">{t('home.myRequests.askedBack')}</Text> <Text>{r.teamMessage.text}</Text>
          {r.status === 'more_info_needed' && <AnswerTeam request={r} />}
        </Asked>
      )}
      {r.teamMessage !== null && r.teamMessage.action === 'decline' && (
        <Paragraph className="declined-because"><Text variant="bold">{t('home.myRequests.declinedBecause')}</Text> {r.teamMessage.text}</Paragraph>
      )}
      {!r.anonymous && r.clientId !== null && <ConsentPanel requestId={r.id} />}
      {next !== null && (
        <Paragraph className="next-meeting">
          <Text variant="bold">{t('home.myRequests.nextMeeting')}</Text> {formatTimeRange(next.startsAt, next.endsAt, lang)} · {next.title}
        </Paragraph>
      )}
    </li>
  );
}

function MyMeetings({ meetings }: { meetings: MyMeeting[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Card as="section" aria-labelledby="my-meetings-heading" id="my-meetings">
      <Heading variant="h2" id="my-meetings-heading" style={{ marginBottom: tokens.spacing.s }}>
        {t('home.myMeetings.title')}
      </Heading>
      {meetings.length === 0 && <Paragraph>{t('home.myMeetings.none')}</Paragraph>}
      {meetings.length > 0 && (
        <List>
          {meetings.map((m) => (
            <li key={m.id} data-meeting-id={m.id}>
              <Row>
                <Text variant="bold">{formatDateTime(m.startsAt, lang)}</Text>
                <Text>{m.title}</Text>
                <Muted>{t(`meetingKind.${m.kind}`)} · {t(`mode.${m.mode}`)}{m.location ? ` · ${m.location}` : ''}</Muted>
                {m.joinable && (
                  <JoinSlot>
                    <RouterLink asComponent={RouterDomLink} to={joinHref(m.id)} className="join-link" aria-label={t('home.myMeetings.joinLabel', { title: m.title, time: formatDateTime(m.startsAt, lang) })}>
                      {t('home.myMeetings.join')}
                    </RouterLink>
                  </JoinSlot>
                )}
              </Row>
              {m.yourCase !== null && (
                <Paragraph className="your-case"><Muted>{t('home.myMeetings.yourCase', { time: formatTimeRange(m.yourCase.startsAt, m.yourCase.endsAt, lang) })}</Muted></Paragraph>
              )}
            </li>
          ))}
        </List>
      )}
    </Card>
  );
}

function TeamInboxes({ inbox }: { inbox: InboxCount[] }) {
  const { t } = useTranslation();
  return (
    <Card as="section" aria-labelledby="team-inbox-heading" id="team-inboxes">
      <Heading variant="h2" id="team-inbox-heading" style={{ marginBottom: tokens.spacing.s }}>
        {t('home.inbox.title')}
      </Heading>
      <List>
        {inbox.map((team) => (
          <li key={team.teamId} data-team-id={team.teamId}>
            <Row>
              <Text variant="bold">{team.teamName}</Text>
              <Text className="inbox-count">{t('home.inbox.count', { count: team.toTriage })}</Text>
              {team.toBook > 0 && <Muted className="to-book">{t('home.inbox.toBook', { count: team.toBook })}</Muted>}
            </Row>
          </li>
        ))}
      </List>
    </Card>
  );
}

/**
 * The requester answers the team's question back: she completes her question (the team reads the request
 * again, not a chat) and sends it back to triage — PATCH /api/requests/:id { question }, then
 * POST /api/requests/:id/transitions { action: 'resubmit' } (more_info_needed → submitted; libs/domain
 * request.ts). The API's refusals (an identifier in an anonymous request: 422 naming the field, the value
 * not repeated) are shown at the field, in her language.
 */
function AnswerTeam({ request }: { request: MyRequest }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [question, setQuestion] = useState(request.question);
  const [problem, setProblem] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: async (text: string) => {
      await unwrap(api.PATCH('/api/requests/{id}', { params: { path: { id: request.id } }, body: { question: text } }));
      await unwrap(api.POST('/api/requests/{id}/transitions', { params: { path: { id: request.id } }, body: { action: 'resubmit' } }));
    },
    onSuccess: () => {
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: ['home'] });
    },
    onError: (e: Error) => {
      if (e instanceof ApiError) {
        const kinds = identifierFindings(e).get('question');
        if (kinds !== undefined) return setProblem(t('identifier.found', { what: kinds.map((k) => t(`identifier.kind.${k}`)).join(', ') }));
        const field = e.fields.find((f) => f.field === 'question');
        if (field !== undefined) return setProblem(field.reason);
      }
      setProblem(t('home.answer.failed', { reason: e.message }));
    },
  });
  if (!open) {
    return (
      <div style={{ marginTop: tokens.spacing.s }}>
        <Button variant="secondary" className="answer-team" onClick={() => setOpen(true)}>{t('home.answer.open')}</Button>
      </div>
    );
  }
  const id = `answer-${request.id}`;
  return (
    <form
      style={{ marginTop: tokens.spacing.s }}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (question.trim() === '') return setProblem(t('home.answer.empty'));
        setProblem(null);
        send.mutate(question.trim());
      }}
    >
      <Textarea
        id={id}
        className="answer-question"
        labelText={t('home.answer.label')}
        hintText={t('home.answer.hint')}
        value={question}
        onChange={(e) => { setQuestion(e.target.value); setProblem(null); }}
        status={problem === null ? 'default' : 'error'}
        statusText={problem ?? undefined}
        fullWidth
        rows={6}
      />
      <Row style={{ marginTop: tokens.spacing.s }}>
        <Button type="submit" className="answer-send" disabled={send.isPending}>{t('home.answer.send')}</Button>
        <Button variant="secondary" type="button" onClick={() => { setOpen(false); setProblem(null); setQuestion(request.question); }}>{t('home.answer.cancel')}</Button>
      </Row>
    </form>
  );
}
