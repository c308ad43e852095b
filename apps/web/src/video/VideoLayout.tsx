import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterDomLink } from 'react-router';
import styled from 'styled-components';
import { RouterLink, SkipLink, Text, suomifiDesignTokens as tokens } from 'suomifi-ui-components';
import { LanguageSwitch } from '../components/LanguageSwitch';
import './video.css';

const Shell = styled.div`
  min-height: 100vh;
  display: flex;
  flex-direction: column;
  background: ${tokens.colors.depthSecondary};
`;
const Bar = styled.div`
  max-width: 90rem;
  margin: 0 auto;
  padding: ${tokens.spacing.xs} ${tokens.spacing.m};
  box-sizing: border-box;
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: ${tokens.spacing.s} ${tokens.spacing.l};
`;
const Header = styled.header`
  background: ${tokens.colors.whiteBase};
  border-top: 4px solid ${tokens.colors.brandBase};
  border-bottom: 1px solid ${tokens.colors.depthLight1};
`;
const Brand = styled.span`
  ${tokens.typography.heading3}
  color: ${tokens.colors.brandBase};
  margin-right: auto;
`;
const Main = styled.main`
  flex: 1;
  width: 100%;
  max-width: 90rem;
  margin: 0 auto;
  padding: ${tokens.spacing.m};
  box-sizing: border-box;
  display: flex;
  flex-direction: column;
  @media (max-width: 40rem) { padding: ${tokens.spacing.s}; }
  &:focus { outline: none; }
`;
const Footer = styled.footer`
  background: ${tokens.colors.whiteBase};
  border-top: 1px solid ${tokens.colors.depthLight1};
`;

/**
 * The join, lobby and call pages' frame: lighter than the staff app's (guests with a link are not signed
 * in and have no menu) — the product, the language switch, the page, the accessibility statement's link,
 * and the polite live region the call speaks through (#announcer).
 */
export function VideoLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Shell className="kv">
      <SkipLink href="#main">{t('app.skipToContent')}</SkipLink>
      <Header>
        <Bar>
          <Brand>{t('app.name')}</Brand>
          <LanguageSwitch />
        </Bar>
      </Header>
      <Main id="main" tabIndex={-1}>
        {children}
      </Main>
      <div id="announcer" className="visually-hidden" aria-live="polite" aria-atomic="true" />
      <Footer>
        <Bar as="nav" aria-label={t('footer.links')}>
          <Text smallScreen>{t('app.tagline')}</Text>
          <RouterLink asComponent={RouterDomLink} to="/accessibility" id="accessibility-link">
            {t('footer.accessibility')}
          </RouterLink>
        </Bar>
      </Footer>
    </Shell>
  );
}
