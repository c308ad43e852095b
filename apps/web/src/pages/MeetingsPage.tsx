import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import styled from 'styled-components';
import { Alert, LoadingSpinner, Paragraph, StaticChip, suomifiDesignTokens as tokens } from 'suomifi-ui-components';
import { api, unwrap } from '../api/client';
import type { Meeting } from '../api/meetings';
import type { Page } from '../api/types';
import { useMe } from '../auth/useMe';
import { PageTitle } from '../components/PageTitle';
import { formatTimeRange } from '../lib/time';
import { useLang } from '../lib/use-lang';

const Items = styled.ul`
  list-style: none;
  margin: 0 0 ${tokens.spacing.l};
  padding: 0;
  & > li {
    display: flex;
    flex-wrap: wrap;
    gap: ${tokens.spacing.xs} ${tokens.spacing.m};
    align-items: baseline;
    padding: ${tokens.spacing.s} 0;
    border-bottom: 1px solid ${tokens.colors.depthLight2};
  }
  & a { ${tokens.typography.bodySemiBold} color: ${tokens.colors.highlightDark1}; }
`;
const New = styled(RouterLink)`
  display: inline-block;
  margin-bottom: ${tokens.spacing.m};
  ${tokens.typography.bodySemiBold}
  color: ${tokens.colors.highlightDark1};
`;

/** My meetings (/meetings): what I organise or take part in, from a month back; each opens its page. */
export function MeetingsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const meetings = useQuery({
    queryKey: ['my-meetings', me.data?.personId],
    enabled: me.data !== undefined,
    queryFn: async () => ((await unwrap(api.GET('/api/meetings', { params: { query: { from, limit: 100 } as never } }))) as unknown as Page<Meeting>).items,
  });
  const mine = (meetings.data ?? []).filter((m) => m.kind !== 'team_session' || m.organiserId === me.data?.personId);
  return (
    <>
      <PageTitle>{t('meetings.title')}</PageTitle>
      <New to="/meetings/new" id="plan-meeting">{t('meetings.plan')}</New>
      {meetings.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {meetings.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: meetings.error.message })}</Alert>}
      {meetings.data !== undefined && mine.length === 0 && <Paragraph id="no-meetings">{t('meetings.none')}</Paragraph>}
      <Items id="my-meetings" aria-label={t('meetings.title')}>
        {mine.map((m) => (
          <li key={m.id} data-meeting-id={m.id}>
            <RouterLink to={`/meetings/${m.id}`}>{m.title}</RouterLink>
            <span>{formatTimeRange(m.startsAt, m.endsAt, lang)}</span>
            <span>{t(`mode.${m.mode}`)}</span>
            {m.status !== 'scheduled' && <StaticChip>{t(`meeting.statuses.${m.status}`)}</StaticChip>}
            {m.organiserId === me.data?.personId && <StaticChip>{t('meeting.organiser')}</StaticChip>}
          </li>
        ))}
      </Items>
    </>
  );
}
