import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import styled from 'styled-components';
import { suomifiDesignTokens as tokens } from 'suomifi-ui-components';
import { useAuth } from '../auth/AuthProvider';
import { useMe } from '../auth/useMe';

const Nav = styled.nav`
  background: ${tokens.colors.whiteBase};
  border-bottom: 1px solid ${tokens.colors.depthLight1};
`;
const Items = styled.ul`
  max-width: 72rem;
  margin: 0 auto;
  padding: 0 ${tokens.spacing.m};
  box-sizing: border-box;
  list-style: none;
  display: flex;
  flex-wrap: wrap;
  gap: 0 ${tokens.spacing.l};
  & a {
    ${tokens.typography.bodySemiBoldSmall}
    display: inline-block;
    padding: ${tokens.spacing.xs} 0;
    color: ${tokens.colors.highlightDark1};
    text-decoration: none;
    border-bottom: 4px solid transparent;
  }
  & a:hover { text-decoration: underline; }
  @media (max-width: 40rem) { padding: 0 ${tokens.spacing.s}; }
  & a[aria-current='page'] { color: ${tokens.colors.blackBase}; border-bottom-color: ${tokens.colors.highlightBase}; }
  & a:focus-visible { outline: 3px solid ${tokens.colors.accentSecondary}; outline-offset: 2px; }
`;

/** The staff app's main menu (signed in only); the triage inbox and sessions for team members, metrics for coordinators. */
export function MainNav() {
  const { t } = useTranslation();
  const { status } = useAuth();
  const me = useMe();
  if (status !== 'signedIn' || me.data === undefined) return null;
  const inTeam = me.data.roles.some((r) => r === 'team_member' || r === 'chair' || r === 'coordinator');
  // every staff member may organise a network meeting (the permission table gives requesters meeting:create); an administrator sees no client data
  const mayOrganise = me.data.kind === 'staff' && me.data.systemRole !== 'admin';
  const coordinator = me.data.roles.includes('coordinator');
  return (
    <Nav aria-label={t('app.mainNavigation')}>
      <Items>
        <li><NavLink to="/" end id="nav-home">{t('nav.home')}</NavLink></li>
        <li><NavLink to="/requests/new" id="nav-new-request">{t('nav.newRequest')}</NavLink></li>
        {inTeam && <li><NavLink to="/inbox" id="nav-inbox">{t('nav.inbox')}</NavLink></li>}
        {inTeam && <li><NavLink to="/sessions" id="nav-sessions">{t('nav.sessions')}</NavLink></li>}
        <li><NavLink to="/meetings" end id="nav-meetings">{t('nav.meetings')}</NavLink></li>
        {mayOrganise && <li><NavLink to="/meetings/new" id="nav-plan-meeting">{t('nav.planMeeting')}</NavLink></li>}
        {coordinator && <li><NavLink to="/metrics" id="nav-metrics">{t('nav.metrics')}</NavLink></li>}
      </Items>
    </Nav>
  );
}
