import { useTranslation } from 'react-i18next';
import styled from 'styled-components';
import { Heading, Paragraph, suomifiDesignTokens as tokens } from 'suomifi-ui-components';
import type { Minutes } from '../forms/minutes';
import { showDate } from '../forms/minutes';
import { formatDateTime } from '../lib/time';
import { useLang } from '../lib/use-lang';

const Table = styled.table`
  border-collapse: collapse;
  width: 100%;
  margin-bottom: ${tokens.spacing.m};
  & th, & td { text-align: left; vertical-align: top; padding: ${tokens.spacing.xxs} ${tokens.spacing.s} ${tokens.spacing.xxs} 0; border-bottom: 1px solid ${tokens.colors.depthLight1}; }
  & th { ${tokens.typography.bodySemiBoldSmall} }
`;
const Pre = styled(Paragraph)`
  white-space: pre-wrap;
`;

/**
 * One version of the minutes to read (the structure in docs/domain.md, Concepts): attendance, the question, summary,
 * actions, disclosures, next meeting. Used read-only in the staff editor and on a guest's own page.
 * `headingLevel` is the level of its section headings (the page's own h1 is above them).
 */
export function MinutesDocument({ minutes: m, headingLevel = 'h2' }: { minutes: Minutes; headingLevel?: 'h2' | 'h3' }) {
  const { t } = useTranslation();
  const lang = useLang();
  const present = m.attendance.filter((a) => a.attendance !== 'absent');
  const absent = m.attendance.filter((a) => a.attendance === 'absent');
  return (
    <div id="minutes-document">
      <Heading variant={headingLevel} mb="xs">{t('minutes.attendance')}</Heading>
      <ul id="minutes-attendance">
        {present.map((a, i) => (
          <li key={`p${i}`}>{a.name}{a.organisation ? ` (${a.organisation})` : ''} – {t(`minutes.attendanceKind.${a.attendance}`)}</li>
        ))}
        {absent.map((a, i) => (
          <li key={`a${i}`}>{a.name}{a.organisation ? ` (${a.organisation})` : ''} – {t('minutes.attendanceKind.absent')}</li>
        ))}
      </ul>
      {m.question ? (
        <>
          <Heading variant={headingLevel} mb="xs">{t('minutes.question')}</Heading>
          <Pre id="minutes-question-text" mb="m">{m.question}</Pre>
        </>
      ) : null}
      <Heading variant={headingLevel} mb="xs">{t('minutes.summary')}</Heading>
      <Pre id="minutes-summary-text" mb="m">{m.summary || '–'}</Pre>
      <Heading variant={headingLevel} mb="xs">{t('minutes.actions')}</Heading>
      {m.actions.length === 0 ? <Paragraph mb="m">{t('minutes.none')}</Paragraph> : (
        <Table id="minutes-actions">
          <thead><tr><th scope="col">{t('minutes.action.what')}</th><th scope="col">{t('minutes.action.responsible')}</th><th scope="col">{t('minutes.action.due')}</th></tr></thead>
          <tbody>
            {m.actions.map((a, i) => <tr key={i}><td>{a.what}</td><td>{a.responsibleName ?? '–'}</td><td>{showDate(a.dueDate)}</td></tr>)}
          </tbody>
        </Table>
      )}
      <Heading variant={headingLevel} mb="xs">{t('minutes.disclosures')}</Heading>
      {m.disclosures.length === 0 ? <Paragraph mb="m">{t('minutes.none')}</Paragraph> : (
        <Table id="minutes-disclosures">
          <thead><tr><th scope="col">{t('minutes.disclosure.what')}</th><th scope="col">{t('minutes.disclosure.to')}</th><th scope="col">{t('minutes.disclosure.basis')}</th></tr></thead>
          <tbody>
            {m.disclosures.map((d, i) => <tr key={i}><td>{d.what}</td><td>{d.toOrganisation}</td><td>{d.basis}</td></tr>)}
          </tbody>
        </Table>
      )}
      <Heading variant={headingLevel} mb="xs">{t('minutes.next')}</Heading>
      <Paragraph mb="m" id="minutes-next-text">
        {m.nextMeeting ? [m.nextMeeting.at ? formatDateTime(m.nextMeeting.at, lang) : null, m.nextMeeting.note].filter(Boolean).join(' – ') : t('minutes.none')}
      </Paragraph>
    </div>
  );
}
