import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import styled from 'styled-components';
import { Alert, Block, Button, Dropdown, DropdownItem, Heading, InlineAlert, LoadingSpinner, Paragraph, Text, suomifiDesignTokens as tokens } from 'suomifi-ui-components';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import type { Page, Team } from '../api/types';
import { useMe } from '../auth/useMe';
import { PageTitle } from '../components/PageTitle';
import { LOCALES, type Lang } from '../lib/language';
import { formatDate, formatDateTime, helsinkiDate, startOfHelsinkiDay } from '../lib/time';
import { useLang } from '../lib/use-lang';
import { BarChart, type BarSeries } from '../metrics/BarChart';
import { addMetricsTexts } from '../metrics/texts';

type Metrics = components['schemas']['MetricsDto'];
type Group = components['schemas']['GroupMetricsDto'];
type AtRisk = components['schemas']['AtRiskDto'];
type Grouping = Metrics['by'];

const GROUPINGS: readonly Grouping[] = ['team', 'client_group', 'worker', 'county'];
const PERIODS = ['last12', 'last6', 'last3', 'thisYear', 'lastYear'] as const;
type Period = (typeof PERIODS)[number];

/** Suomi.fi's palette, distinguishable side by side (blue, dark blue, orange, green). */
const COLORS = [tokens.colors.highlightBase, tokens.colors.highlightDark1, tokens.colors.accentBase, tokens.colors.successBase, tokens.colors.depthDark1];

const Card = styled(Block)`
  background: ${tokens.colors.whiteBase};
  border: 1px solid ${tokens.colors.depthLight1};
  padding: ${tokens.spacing.m};
  margin-bottom: ${tokens.spacing.l};
`;
const Filters = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${tokens.spacing.m};
  align-items: flex-end;
  margin-bottom: ${tokens.spacing.m};
`;
const Figure = styled.div`
  display: grid;
  grid-template-columns: minmax(0, 1fr);
  gap: ${tokens.spacing.m};
`;
const TableWrap = styled.div`
  overflow-x: auto;
`;
const Table = styled.table`
  border-collapse: collapse;
  width: 100%;
  ${tokens.typography.bodyTextSmall}
  & caption { text-align: left; ${tokens.typography.bodySemiBoldSmall} padding-bottom: ${tokens.spacing.xxs}; }
  & th, & td { border-bottom: 1px solid ${tokens.colors.depthLight1}; padding: ${tokens.spacing.xxs} ${tokens.spacing.xs}; text-align: right; vertical-align: top; }
  & th[scope='row'], & thead th:first-child { text-align: left; }
  & thead th { ${tokens.typography.bodySemiBoldSmall} border-bottom: 2px solid ${tokens.colors.depthLight1}; }
  & td.withheld { color: ${tokens.colors.blackBase}; font-style: italic; text-align: left; }
`;
const Risk = styled.span<{ $risk: string }>`
  font-weight: 600;
  color: ${(p) => (p.$risk === 'due_soon' ? tokens.colors.blackBase : tokens.colors.alertBase)};
`;
const Small = styled.p`
  ${tokens.typography.bodyTextSmall}
  margin: ${tokens.spacing.xs} 0 0;
`;

/** The ISO instants of a period preset, on the Helsinki calendar (to = now for the running ones). */
export function periodOf(p: Period, now: Date): { from: string; to: string } {
  const today = helsinkiDate(now);
  const year = Number(today.slice(0, 4));
  const monthsBack = (n: number): string => {
    const d = new Date(`${today}T12:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - n);
    return startOfHelsinkiDay(d.toISOString().slice(0, 10));
  };
  switch (p) {
    case 'last12':
      return { from: monthsBack(12), to: now.toISOString() };
    case 'last6':
      return { from: monthsBack(6), to: now.toISOString() };
    case 'last3':
      return { from: monthsBack(3), to: now.toISOString() };
    case 'thisYear':
      return { from: startOfHelsinkiDay(`${year}-01-01`), to: now.toISOString() };
    case 'lastYear':
      return { from: startOfHelsinkiDay(`${year - 1}-01-01`), to: startOfHelsinkiDay(`${year}-01-01`) };
  }
}

/**
 * The coordinator's metrics (issue 13): the seed's figures per team, client group, worker or the county
 * for a period (GET /api/metrics), each as a chart and as a table for screen readers, groups and figures
 * from fewer than five cases shown as "fewer than 5"; a CSV download of the same; and the open requests
 * about to miss their statutory deadline (GET /api/metrics/at-risk). Coordinators only: anyone else is
 * told so, and the API would answer 403.
 */
export function MetricsPage() {
  const { t, i18n } = useTranslation();
  addMetricsTexts(i18n);
  const me = useMe();
  const coordinator = me.data?.roles.includes('coordinator') === true;
  return (
    <>
      <PageTitle>{t('metrics.title')}</PageTitle>
      {me.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {me.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: me.error.message })}</Alert>}
      {me.data !== undefined && !coordinator && (
        <Alert status="warning" closeText={t('common.close')} id="metrics-forbidden">{t('metrics.forbidden')}</Alert>
      )}
      {coordinator && <CoordinatorMetrics />}
    </>
  );
}

function CoordinatorMetrics() {
  const { t } = useTranslation();
  const lang = useLang();
  const [by, setBy] = useState<Grouping>('team');
  const [teamId, setTeamId] = useState<string>('all');
  const [period, setPeriod] = useState<Period>('last12');
  // the period is fixed when chosen (not re-read each render), so the query key stays the same
  const [range, setRange] = useState(() => periodOf('last12', new Date()));
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: async () => (await unwrap(api.GET('/api/teams', { params: { query: { limit: 200 } } }))) as unknown as Page<Team>,
  });
  const query = { by, from: range.from, to: range.to, ...(teamId !== 'all' ? { teamId } : {}) };
  const metrics = useQuery({
    queryKey: ['metrics', query],
    queryFn: () => unwrap<Metrics>(api.GET('/api/metrics', { params: { query } })),
  });
  const [csvState, setCsvState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const download = async () => {
    setCsvState('busy');
    try {
      const { data, response } = await api.GET('/api/metrics/csv', { params: { query }, parseAs: 'blob' });
      if (!response.ok || data === undefined) throw new Error(`HTTP ${response.status}`);
      const url = URL.createObjectURL(data);
      const a = document.createElement('a');
      a.href = url;
      a.download = `kohtaamo-metrics-${by}-${helsinkiDate(range.from)}-${helsinkiDate(new Date(new Date(range.to).getTime() - 1))}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setCsvState('idle');
    } catch {
      setCsvState('failed');
    }
  };
  return (
    <>
      <Paragraph mb="m">{t('metrics.intro')}</Paragraph>
      <Filters role="group" aria-label={t('metrics.filters')}>
        <Dropdown id="metrics-by" labelText={t('metrics.by')} value={by} onChange={(v: string) => setBy(v as Grouping)}>
          {GROUPINGS.map((g) => <DropdownItem key={g} value={g}>{t(`metrics.grouping.${g}`)}</DropdownItem>)}
        </Dropdown>
        {teams.data !== undefined && (
          <Dropdown id="metrics-team" labelText={t('metrics.team')} value={teamId} onChange={(v: string) => setTeamId(v)}>
            {[<DropdownItem key="all" value="all">{t('metrics.allTeams')}</DropdownItem>, ...teams.data.items.map((x) => <DropdownItem key={x.id} value={x.id}>{x.name}</DropdownItem>)]}
          </Dropdown>
        )}
        <Dropdown id="metrics-period" labelText={t('metrics.period')} value={period} onChange={(v: string) => { setPeriod(v as Period); setRange(periodOf(v as Period, new Date())); }}>
          {PERIODS.map((p) => <DropdownItem key={p} value={p}>{t(`metrics.periods.${p}`)}</DropdownItem>)}
        </Dropdown>
        <Button variant="secondary" id="metrics-csv" onClick={() => void download()} disabled={csvState === 'busy'}>{t('metrics.csv')}</Button>
      </Filters>
      <div aria-live="polite">{csvState === 'failed' && <InlineAlert status="error" mb="m">{t('metrics.csvFailed')}</InlineAlert>}</div>
      {metrics.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {metrics.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: metrics.error.message })}</Alert>}
      {metrics.data !== undefined && <Figures m={metrics.data} lang={lang} />}
      <AtRiskList teamId={teamId === 'all' ? undefined : teamId} />
    </>
  );
}

/** How the figures read in a language: numbers, shares and the withheld ones. */
function useFormat(lang: Lang) {
  const { t } = useTranslation();
  const locale = LOCALES[lang];
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    locale,
    num: (v: number | null): string => (v === null ? t('metrics.fewer') : num.format(v)),
    pct: (v: number | null): string => (v === null ? t('metrics.fewer') : pct.format(v)),
  };
}

interface Column {
  label: string;
  value: (g: Group) => number | null;
  format: (v: number | null) => string;
  /** drawn in the chart (otherwise only in the table) */
  chart?: boolean;
}

function Figures({ m, lang }: { m: Metrics; lang: Lang }) {
  const { t } = useTranslation();
  const f = useFormat(lang);
  const label = (g: Group): string =>
    m.by === 'client_group' ? t(`clientGroup.${g.key}` as 'clientGroup.other') : m.by === 'county' ? t('metrics.county') : g.label;
  const shownGroups = m.groups.filter((g) => !g.suppressed);
  const hours = t('metrics.unit.hours');
  const days = t('metrics.unit.days');
  const deadlineColumns = m.rules.flatMap((rule): Column[] => {
    const of = (g: Group) => g.deadlines.find((d) => d.rule === rule);
    const name = t(`metrics.rule.${rule}` as 'metrics.rule.first_contact');
    return [
      { label: t('metrics.col.shareMet', { rule: name }), value: (g) => of(g)?.share ?? null, format: f.pct, chart: true },
      { label: t('metrics.col.met', { rule: name }), value: (g) => of(g)?.met ?? null, format: f.num },
      { label: t('metrics.col.missed', { rule: name }), value: (g) => of(g)?.missed ?? null, format: f.num },
      { label: t('metrics.col.pending', { rule: name }), value: (g) => of(g)?.pending ?? null, format: f.num },
    ];
  });
  const feedbackApplies = m.by === 'team' || m.by === 'county';
  return (
    <div id="metrics-figures" data-by={m.by}>
      <Paragraph mb="s" id="metrics-period-text">
        {t('metrics.periodText', { from: formatDate(m.from, lang), to: formatDate(new Date(new Date(m.to).getTime() - 1), lang), asOf: formatDateTime(m.asOf, lang), min: m.minGroup })}
      </Paragraph>
      {m.groups.length === 0 && <Card><Paragraph id="metrics-empty">{t('metrics.empty')}</Paragraph></Card>}
      {m.groups.length > 0 && shownGroups.length === 0 && <InlineAlert status="neutral" mb="m">{t('metrics.allSuppressed', { min: m.minGroup })}</InlineAlert>}
      {m.groups.length > 0 && (
        <>
          <MetricFigure id="cases" title={t('metrics.fig.cases')} m={m} label={label} f={f} columns={[
            { label: t('metrics.col.requests'), value: (g) => g.requests, format: f.num, chart: true },
            { label: t('metrics.col.meetings'), value: (g) => g.meetings, format: f.num, chart: true },
            { label: t('metrics.col.visits'), value: (g) => g.visits, format: f.num, chart: true },
          ]} />
          <MetricFigure id="first-contact" title={t('metrics.fig.firstContact')} m={m} label={label} f={f} columns={[
            { label: t('metrics.col.median', { unit: hours }), value: (g) => g.timeToFirstContactHours.median, format: f.num, chart: true },
            { label: t('metrics.col.p90', { unit: hours }), value: (g) => g.timeToFirstContactHours.p90, format: f.num, chart: true },
            { label: t('metrics.col.n'), value: (g) => g.timeToFirstContactHours.n, format: f.num },
          ]} />
          <MetricFigure id="waiting" title={t('metrics.fig.waiting')} m={m} label={label} f={f} columns={[
            { label: t('metrics.col.median', { unit: days }), value: (g) => g.waitingTimeDays.median, format: f.num, chart: true },
            { label: t('metrics.col.p90', { unit: days }), value: (g) => g.waitingTimeDays.p90, format: f.num, chart: true },
            { label: t('metrics.col.n'), value: (g) => g.waitingTimeDays.n, format: f.num },
          ]} />
          <MetricFigure id="deadlines" title={t('metrics.fig.deadlines')} m={m} label={label} f={f} percent max={1} columns={deadlineColumns} />
          <MetricFigure id="own-worker" title={t('metrics.fig.ownWorker')} m={m} label={label} f={f} percent max={1} columns={[
            { label: t('metrics.col.ownWorkerShare'), value: (g) => g.ownWorkerShare, format: f.pct, chart: true },
            { label: t('metrics.col.multiAgencyShare'), value: (g) => g.multiAgencyShare, format: f.pct, chart: true },
            { label: t('metrics.col.clients'), value: (g) => g.clients, format: f.num },
            { label: t('metrics.col.multiAgencyClients'), value: (g) => g.multiAgencyClients, format: f.num },
            { label: t('metrics.col.agenciesPerClient'), value: (g) => g.agenciesPerClient, format: f.num },
          ]} />
          <MetricFigure id="attendance" title={t('metrics.fig.attendance')} m={m} label={label} f={f} stacked columns={[
            { label: t('metrics.col.inPerson'), value: (g) => g.attendance.inPerson, format: f.num, chart: true },
            { label: t('metrics.col.remote'), value: (g) => g.attendance.remote, format: f.num, chart: true },
            { label: t('metrics.col.inPersonShare'), value: (g) => g.attendance.inPersonShare, format: f.pct },
          ]} />
          {feedbackApplies ? (
            <MetricFigure id="feedback" title={t('metrics.fig.feedback')} m={m} label={label} f={f} max={5} columns={[
              { label: t('metrics.col.feedbackMean'), value: (g) => g.feedback?.mean ?? null, format: f.num, chart: true },
              { label: t('metrics.col.answers'), value: (g) => g.feedback?.answers ?? null, format: f.num },
              ...[1, 2, 3, 4, 5].map((s): Column => ({ label: t('metrics.col.score', { score: s }), value: (g) => g.feedback?.distribution?.[s - 1] ?? null, format: f.num })),
            ]} />
          ) : (
            <Card as="section" aria-labelledby="fig-feedback-heading" id="fig-feedback">
              <Heading variant="h2" id="fig-feedback-heading" mb="s">{t('metrics.fig.feedback')}</Heading>
              <Paragraph>{t('metrics.feedbackTeamsOnly')}</Paragraph>
            </Card>
          )}
        </>
      )}
    </div>
  );
}

/** One figure: a bar chart of its charted columns over the groups shown, and the full table (every group, withheld ones said so). */
function MetricFigure({ id, title, m, label, f, columns, stacked, percent, max }: {
  id: string;
  title: string;
  m: Metrics;
  label: (g: Group) => string;
  f: ReturnType<typeof useFormat>;
  columns: Column[];
  stacked?: boolean;
  percent?: boolean;
  max?: number;
}) {
  const { t } = useTranslation();
  const shown = m.groups.filter((g) => !g.suppressed);
  const charted = columns.filter((c) => c.chart === true);
  const series: BarSeries[] = charted.map((c, i) => ({ label: c.label, values: shown.map((g) => c.value(g)), color: COLORS[i % COLORS.length] }));
  const headingId = `fig-${id}-heading`;
  return (
    <Card as="section" aria-labelledby={headingId} id={`fig-${id}`}>
      <Heading variant="h2" id={headingId} mb="s">{title}</Heading>
      <Figure>
        {shown.length > 0 ? (
          <BarChart labels={shown.map(label)} series={series} stacked={stacked} percent={percent} max={max} locale={f.locale} summary={t('metrics.chartSummary', { title })} />
        ) : (
          <Paragraph>{t('metrics.noChart', { min: m.minGroup })}</Paragraph>
        )}
        <TableWrap tabIndex={0} role="region" aria-label={t('metrics.tableCaption', { title })}>
          <Table className="metrics-table" data-figure={id}>
            <caption>{t('metrics.tableCaption', { title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t(`metrics.grouping.${m.by}`)}</th>
                {m.by !== 'county' && <th scope="col">{t('metrics.col.cases')}</th>}
                {columns.map((c) => <th scope="col" key={c.label}>{c.label}</th>)}
              </tr>
            </thead>
            <tbody>
              {m.groups.map((g) => (
                <tr key={g.key} data-key={g.key} data-suppressed={g.suppressed ? 'true' : 'false'}>
                  <th scope="row">{label(g)}</th>
                  {g.suppressed ? (
                    <td className="withheld" colSpan={columns.length + (m.by !== 'county' ? 1 : 0)}>{t('metrics.fewerCases', { min: m.minGroup })}</td>
                  ) : (
                    <>
                      {m.by !== 'county' && <td>{f.num(g.cases)}</td>}
                      {columns.map((c) => <td key={c.label}>{c.format(c.value(g))}</td>)}
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        </TableWrap>
      </Figure>
    </Card>
  );
}

/** GET /api/metrics/at-risk: the open requests overdue, booked too late, or due within two working days. */
function AtRiskList({ teamId }: { teamId: string | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const risk = useQuery({
    queryKey: ['at-risk', teamId ?? 'all'],
    queryFn: () => unwrap<AtRisk>(api.GET('/api/metrics/at-risk', { params: { query: teamId !== undefined ? { teamId } : {} } })),
  });
  return (
    <Card as="section" aria-labelledby="at-risk-heading" id="at-risk">
      <Heading variant="h2" id="at-risk-heading" mb="s">{t('metrics.atRisk.title')}</Heading>
      {risk.isPending && <LoadingSpinner status="loading" text={t('common.loading')} variant="small" />}
      {risk.isError && <Alert status="error" closeText={t('common.close')}>{t('common.loadFailed', { reason: risk.error.message })}</Alert>}
      {risk.data !== undefined && (
        <>
          <Paragraph mb="s">{t('metrics.atRisk.intro', { count: risk.data.withinWorkingDays, horizon: formatDate(risk.data.horizon, lang) })}</Paragraph>
          {risk.data.items.length === 0 ? (
            <Paragraph id="at-risk-empty">{t('metrics.atRisk.none')}</Paragraph>
          ) : (
            <TableWrap tabIndex={0} role="region" aria-labelledby="at-risk-heading">
              <Table id="at-risk-table">
                <caption>{t('metrics.atRisk.caption', { count: risk.data.items.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('metrics.atRisk.col.due')}</th>
                    <th scope="col">{t('metrics.atRisk.col.deadline')}</th>
                    <th scope="col">{t('metrics.atRisk.col.risk')}</th>
                    <th scope="col">{t('metrics.atRisk.col.team')}</th>
                    <th scope="col">{t('metrics.atRisk.col.request')}</th>
                    <th scope="col">{t('metrics.atRisk.col.requester')}</th>
                  </tr>
                </thead>
                <tbody>
                  {risk.data.items.map((r) => (
                    <tr key={r.id} data-request-id={r.id} data-risk={r.risk}>
                      <th scope="row" style={{ textAlign: 'left' }}>{formatDate(r.deadline.dueDate, lang)}</th>
                      <td style={{ textAlign: 'left' }}>{t(`inbox.deadlineKind.${r.deadline.kind}`)}</td>
                      <td style={{ textAlign: 'left' }}>
                        <Risk $risk={r.risk}>{t(`metrics.atRisk.risk.${r.risk}`, { count: Math.abs(r.deadline.daysLeft) })}</Risk>
                        {r.booking !== null && <Small>{t('metrics.atRisk.booked', { when: formatDateTime(r.booking.startsAt, lang) })}</Small>}
                      </td>
                      <td style={{ textAlign: 'left' }}><RouterLink to={`/inbox?team=${encodeURIComponent(r.teamId)}`}>{r.teamName}</RouterLink></td>
                      <td style={{ textAlign: 'left' }}>
                        <Text>{t(`status.${r.status}`)} · {t(`urgency.${r.urgency}`)} · {t(`clientGroup.${r.clientGroup}`)}</Text>
                        <Small>{t('metrics.atRisk.submitted', { date: formatDate(r.submittedAt, lang) })}</Small>
                      </td>
                      <td style={{ textAlign: 'left' }}>{r.requester.name}{r.requester.unit !== null ? `, ${r.requester.unit}` : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </TableWrap>
          )}
          {risk.data.notShown > 0 && <Paragraph mt="s" id="at-risk-not-shown">{t('metrics.atRisk.notShown', { count: risk.data.notShown })}</Paragraph>}
          <Heading variant="h3" mt="m" mb="xs">{t('metrics.atRisk.rulesTitle')}</Heading>
          <ul id="at-risk-rules">
            {risk.data.rules.map((r) => (
              <li key={r.kind}>
                <Text variant="bold">{t(`metrics.atRisk.rule.${r.kind}`, { count: r.period.amount })}</Text> <Text>{t('metrics.atRisk.source', { source: r.source })}</Text>
              </li>
            ))}
            <li title={risk.data.workingDays}><Text variant="bold">{t('metrics.atRisk.workingDays')}</Text> <Text>{t('metrics.atRisk.calendar')}</Text></li>
          </ul>
        </>
      )}
    </Card>
  );
}
