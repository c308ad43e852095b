import { Suspense } from 'react';
import { Link as RouterDomLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import styled from 'styled-components';
import { Button, LoadingSpinner, RouterLink, SkipLink, Text, suomifiDesignTokens as tokens } from 'suomifi-ui-components';
import { useAuth } from '../auth/AuthProvider';
import { useMe } from '../auth/useMe';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { MainNav } from '../components/MainNav';

const Shell = styled.div`
  min-height: 100vh;
  display: flex;
  flex-direction: column;
  background: ${tokens.colors.depthSecondary};
`;
const Header = styled.header`
  background: ${tokens.colors.whiteBase};
  border-top: 4px solid ${tokens.colors.brandBase};
  border-bottom: 1px solid ${tokens.colors.depthLight1};
`;
const Bar = styled.div`
  max-width: 72rem;
  margin: 0 auto;
  padding: ${tokens.spacing.s} ${tokens.spacing.m};
  box-sizing: border-box;
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: ${tokens.spacing.s} ${tokens.spacing.l};
`;
const Brand = styled(RouterDomLink)`
  ${tokens.typography.heading3}
  color: ${tokens.colors.brandBase};
  text-decoration: none;
  margin-right: auto;
  &:focus-visible { outline: 3px solid ${tokens.colors.accentSecondary}; outline-offset: 2px; }
`;
const Who = styled.div`
  display: flex;
  flex-direction: column;
  line-height: 1.3;
`;
const Main = styled.main`
  flex: 1;
  width: 100%;
  max-width: 72rem;
  margin: 0 auto;
  padding: ${tokens.spacing.l} ${tokens.spacing.m};
  box-sizing: border-box;
  @media (max-width: 40rem) { padding: ${tokens.spacing.m} ${tokens.spacing.s}; }
  &:focus { outline: none; }
`;
const Footer = styled.footer`
  background: ${tokens.colors.whiteBase};
  border-top: 1px solid ${tokens.colors.depthLight1};
`;

/** Every page: header (product, who is signed in, language, sign-out), the page, footer. */
export function Layout() {
  const { t } = useTranslation();
  const { status, signOut } = useAuth();
  const me = useMe();
  const { pathname } = useLocation();
  return (
    <Shell>
      <SkipLink href="#main">{t('app.skipToContent')}</SkipLink>
      <Header>
        <Bar>
          <Brand to="/">{t('app.name')}</Brand>
          {status === 'signedIn' && me.data !== undefined && (
            <Who id="signed-in-person">
              <Text variant="bold" smallScreen>{t('header.signedInAs', { name: me.data.name })}</Text>
              <Text smallScreen>{me.data.organisation}</Text>
            </Who>
          )}
          <LanguageSwitch />
          {status === 'signedIn' && (
            <Button variant="secondary" id="sign-out" onClick={() => void signOut()}>
              {t('header.signOut')}
            </Button>
          )}
        </Bar>
      </Header>
      <MainNav />
      <Main id="main" tabIndex={-1}>
        <Suspense fallback={<LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}>
          <Outlet />
        </Suspense>
      </Main>
      <Footer>
        <Bar as="nav" aria-label={t('footer.links')}>
          <Text smallScreen>{t('app.tagline')}</Text>
          <RouterLink asComponent={RouterDomLink} to="/accessibility" state={{ from: pathname }} id="accessibility-link">
            {t('footer.accessibility')}
          </RouterLink>
        </Bar>
      </Footer>
    </Shell>
  );
}
