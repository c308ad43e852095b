import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import styled from 'styled-components';
import { Alert, Block, Heading, Link, LoadingSpinner, Paragraph, StaticChip, Text, suomifiDesignTokens as tokens } from 'suomifi-ui-components';
import { api, unwrap } from '../api/client';
import type { ConsultationRequest, Me, Meeting, MeetingDetail, Page, RequestStatus, Team, TeamDetail } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { useMe } from '../auth/useMe';
import { PageTitle } from '../components/PageTitle';
import { isLang, type Lang } from '../lib/language';
import { formatDate, formatDateTime, formatTimeRange, helsinkiDate, startOfHelsinkiDay } from '../lib/time';

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
const JoinLink = styled(Link)`
  margin-left: auto;
  font-weight: 600;
`;
const Muted = styled.span`
  color: ${tokens.colors.depthDark1};
`;

/** where a Join button goes: the video page, which signs staff in with the same session */
const joinHref = (meetingId: string): string => `/join?meeting=${encodeURIComponent(meetingId)}`;

function useLang(): Lang {
  const { i18n } = useTranslation();
  return isLang(i18n.language) ? i18n.language : 'fi';
}

/** Open and waiting statuses first; within them the newest first. */
const ORDER: RequestStatus[] = ['more_info_needed', 'submitted', 'accepted', 'scheduled', 'handled', 'minutes_finalised', 'declined', 'closed'];

/**
 * Home: my requests (status, next meeting, what the team asked back), my upcoming meetings with a Join
 * button, and for team members each team's inbox (requests waiting for triage).
 */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <PageTitle>{t('home.title')}</PageTitle>
      {me.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {me.isError && <Alert status="error" closeText={t('common.close')}>{me.error.message}</Alert>}
      {me.data !== undefined && (
        <>
          <Paragraph mb="l">{t('home.greeting', { name: me.data.name })}</Paragraph>
          {(me.data.roles.includes('team_member') || me.data.roles.includes('chair')) && <TeamInboxes me={me.data} />}
          <MyRequests me={me.data} />
          <MyMeetings />
        </>
      )}
    </>
  );
}

function useUpcomingMeetings() {
  const { user } = useAuth();
  // from the start of today (Helsinki), so a meeting going on now is still there to join
  const from = startOfHelsinkiDay(helsinkiDate(new Date()));
  return useQuery({
    queryKey: ['meetings', 'upcoming', user?.profile.sub],
    queryFn: async () => (await unwrap(api.GET('/api/meetings', { params: { query: { from, status: 'scheduled', limit: 50 } } }))) as unknown as Page<Meeting>,
  });
}

function useTeams() {
  return useQuery({
    queryKey: ['teams'],
    queryFn: async () => (await unwrap(api.GET('/api/teams', { params: { query: { limit: 200 } } }))) as unknown as Page<Team>,
    staleTime: 10 * 60_000,
  });
}

function MyRequests({ me }: { me: Me }) {
  const { t } = useTranslation();
  const lang = useLang();
  const requests = useQuery({
    queryKey: ['requests', 'mine', me.personId],
    queryFn: async () => (await unwrap(api.GET('/api/requests', { params: { query: { requesterId: me.personId, limit: 100 } } }))) as unknown as Page<ConsultationRequest>,
  });
  const teams = useTeams();
  const meetings = useUpcomingMeetings();
  // the next slot of each request: network meetings name their request, team sessions list it on their agenda
  const details = useQueries({
    queries: (meetings.data?.items ?? []).filter((m) => m.kind === 'team_session').map((m) => ({
      queryKey: ['meeting', m.id],
      queryFn: async () => (await unwrap(api.GET('/api/meetings/{id}', { params: { path: { id: m.id } } }))) as unknown as MeetingDetail,
    })),
  });
  const next = new Map<string, { meeting: Meeting; startsAt: string; endsAt: string }>();
  const consider = (requestId: string, meeting: Meeting, startsAt: string, endsAt: string): void => {
    const had = next.get(requestId);
    if (had === undefined || startsAt < had.startsAt) next.set(requestId, { meeting, startsAt, endsAt });
  };
  for (const m of meetings.data?.items ?? []) if (m.requestId !== null) consider(m.requestId, m, m.startsAt, m.endsAt);
  for (const d of details) for (const a of d.data?.agenda ?? []) consider(a.requestId, d.data as Meeting, a.startsAt, a.endsAt);
  const teamName = (id: string): string => teams.data?.items.find((x) => x.id === id)?.name ?? '';

  const items = [...(requests.data?.items ?? [])].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || b.submittedAt.localeCompare(a.submittedAt));
  return (
    <Card as="section" aria-labelledby="my-requests-heading" id="my-requests">
      <Heading variant="h2" id="my-requests-heading" style={{ marginBottom: tokens.spacing.s }}>
        {t('home.myRequests.title')}
      </Heading>
      {requests.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {requests.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: requests.error.message })}</Alert>}
      {requests.data !== undefined && items.length === 0 && <Paragraph>{t('home.myRequests.none')}</Paragraph>}
      {items.length > 0 && (
        <List>
          {items.map((r) => {
            const slot = next.get(r.id);
            return (
              <li key={r.id} data-request-id={r.id} data-status={r.status}>
                <Row>
                  <StaticChip>{t(`status.${r.status}`)}</StaticChip>
                  <Text variant="bold">{teamName(r.teamId)}</Text>
                  <Muted>{t('home.myRequests.submitted', { date: formatDate(r.submittedAt, lang) })}</Muted>
                  {r.anonymous && <Muted>{t('home.myRequests.anonymous')}</Muted>}
                </Row>
                <Paragraph>{r.question}</Paragraph>
                {r.status === 'more_info_needed' && r.statusReason !== null && (
                  <Asked className="asked-back">
                    <Text variant="bold">{t('home.myRequests.askedBack')}</Text> <Text>{r.statusReason}</Text>
                  </Asked>
                )}
                {r.status === 'declined' && r.statusReason !== null && (
                  <Paragraph><Text variant="bold">{t('home.myRequests.declinedBecause')}</Text> {r.statusReason}</Paragraph>
                )}
                {slot !== undefined && (
                  <Paragraph className="next-meeting">
                    <Text variant="bold">{t('home.myRequests.nextMeeting')}</Text> {formatTimeRange(slot.startsAt, slot.endsAt, lang)} · {slot.meeting.title}
                  </Paragraph>
                )}
              </li>
            );
          })}
        </List>
      )}
    </Card>
  );
}

function MyMeetings() {
  const { t } = useTranslation();
  const lang = useLang();
  const meetings = useUpcomingMeetings();
  const items = meetings.data?.items ?? [];
  return (
    <Card as="section" aria-labelledby="my-meetings-heading" id="my-meetings">
      <Heading variant="h2" id="my-meetings-heading" style={{ marginBottom: tokens.spacing.s }}>
        {t('home.myMeetings.title')}
      </Heading>
      {meetings.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {meetings.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: meetings.error.message })}</Alert>}
      {meetings.data !== undefined && items.length === 0 && <Paragraph>{t('home.myMeetings.none')}</Paragraph>}
      {items.length > 0 && (
        <List>
          {items.map((m) => (
            <li key={m.id} data-meeting-id={m.id}>
              <Row>
                <Text variant="bold">{formatDateTime(m.startsAt, lang)}</Text>
                <Text>{m.title}</Text>
                <Muted>{t(`meetingKind.${m.kind}`)} · {t(`mode.${m.mode}`)}{m.location ? ` · ${m.location}` : ''}</Muted>
                {m.mode !== 'in_person' && (
                  <JoinLink href={joinHref(m.id)} className="join-link" aria-label={t('home.myMeetings.joinLabel', { title: m.title, time: formatDateTime(m.startsAt, lang) })}>
                    {t('home.myMeetings.join')}
                  </JoinLink>
                )}
              </Row>
            </li>
          ))}
        </List>
      )}
    </Card>
  );
}

function TeamInboxes({ me }: { me: Me }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const today = helsinkiDate(new Date());
  const details = useQueries({
    queries: (teams.data?.items ?? []).map((team) => ({
      queryKey: ['team', team.id],
      queryFn: async () => (await unwrap(api.GET('/api/teams/{id}', { params: { path: { id: team.id } } }))) as unknown as TeamDetail,
      staleTime: 10 * 60_000,
    })),
  });
  const mine = details
    .map((d) => d.data)
    .filter((d): d is TeamDetail => d !== undefined)
    .filter((d) => d.members.some((m) => m.personId === me.personId) || d.responsiblePairs.some((p) => (p.physicianId === me.personId || p.nurseId === me.personId) && p.validFrom <= today && (p.validTo === null || p.validTo >= today)));
  // the inbox: requests waiting for the team's decision
  const counts = useQueries({
    queries: mine.map((team) => ({
      queryKey: ['requests', 'inbox-count', team.id],
      queryFn: async () => ((await unwrap(api.GET('/api/requests', { params: { query: { teamId: team.id, status: 'submitted', limit: 1 } } }))) as unknown as Page<ConsultationRequest>).total,
    })),
  });
  if (teams.isPending || details.some((d) => d.isPending)) return <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />;
  if (mine.length === 0) return null;
  return (
    <Card as="section" aria-labelledby="team-inbox-heading" id="team-inboxes">
      <Heading variant="h2" id="team-inbox-heading" style={{ marginBottom: tokens.spacing.s }}>
        {t('home.inbox.title')}
      </Heading>
      <List>
        {mine.map((team, i) => (
          <li key={team.id} data-team-id={team.id}>
            <Row>
              <Text variant="bold">{team.name}</Text>
              <Text className="inbox-count">{counts[i]?.data === undefined ? t('common.loading') : t('home.inbox.count', { count: counts[i].data })}</Text>
            </Row>
          </li>
        ))}
      </List>
    </Card>
  );
}
