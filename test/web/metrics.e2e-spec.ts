import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { axeSeriousOrCritical, chooseLanguage, pick, shot } from './support/pages';
import { startWebStack, type WebStack } from './support/stack';

/**
 * The coordinator's metrics page (issue 13) in Chromium against the real API, IdP, PostgreSQL and Redis with
 * the demo county: the coordinator signs in through the IdP, opens Metrics from the menu and reads the same
 * figures the API gives (every chart also a table, small groups as "fewer than 5"), the at-risk list, and
 * downloads the CSV; axe in fi, sv and en; a nurse has no menu item, is told the page is not hers, and the
 * API refuses her.
 */
jest.setTimeout(240_000);

const COORDINATOR = 'sirpa.peltola@hyvaep.fi';
const NURSE = 'terhi.makela@hyvaep.fi';

interface Group {
  key: string;
  label: string;
  suppressed: boolean;
  requests: number | null;
  meetings: number | null;
  visits: number | null;
  timeToFirstContactHours: { median: number | null };
  ownWorkerShare: number | null;
  feedback: { mean: number | null } | null;
}
interface Metrics { by: string; from: string; to: string; groups: Group[] }

const fi = new Intl.NumberFormat('fi-FI', { maximumFractionDigits: 1 });
const fiPct = new Intl.NumberFormat('fi-FI', { style: 'percent', maximumFractionDigits: 0 });
/** the page's cells, spaces normalised (Intl puts narrow no-break spaces in "45 %") */
const norm = (s: string | null) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe('the coordinator’s metrics page', () => {
  let stack: WebStack;

  const tokenOf = async (email: string) => stack.tokenFor((await stack.person(email)).id);
  async function apiGet(email: string, path: string): Promise<Response> {
    return fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${await tokenOf(email)}` } });
  }
  /** waits for the page's next GET /api/metrics answer (with the query the page chose) */
  const metricsAnswer = (page: Page) => page.waitForResponse((r) => new URL(r.url()).pathname === '/api/metrics' && r.request().method() === 'GET');

  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('the coordinator reads the API’s figures as charts and tables, the at-risk list, and downloads the CSV', async () => {
    const { context, page } = await stack.newPage();
    try {
      await stack.signIn(page, COORDINATOR);
      const answer = metricsAnswer(page);
      await page.locator('#nav-metrics').click();
      await page.waitForURL(/\/metrics$/);
      const res = await answer;
      expect(res.status()).toBe(200);
      const shown = (await res.json()) as Metrics;
      // the page's answer is the API's answer to the same question
      const q = new URL(res.url()).search;
      const direct = (await (await apiGet(COORDINATOR, `/api/metrics${q}`)).json()) as Metrics;
      expect(direct.groups).toEqual(shown.groups);
      expect(shown.by).toBe('team');
      expect(shown.groups.filter((g) => !g.suppressed).length).toBe(3);

      // every figure is a table; the cells are the API's numbers in Finnish
      await page.locator('#fig-cases table tbody tr').first().waitFor();
      for (const g of shown.groups) {
        const row = page.locator(`#fig-cases tbody tr[data-key="${g.key}"]`);
        expect(norm(await row.locator('th').textContent())).toBe(g.label);
        const cells = (await row.locator('td').allTextContents()).map(norm);
        expect(cells.slice(1)).toEqual([g.requests, g.meetings, g.visits].map((v) => fi.format(v!)));
        const contact = (await page.locator(`#fig-first-contact tbody tr[data-key="${g.key}"] td`).allTextContents()).map(norm);
        expect(contact[1]).toBe(fi.format(g.timeToFirstContactHours.median!));
        const own = (await page.locator(`#fig-own-worker tbody tr[data-key="${g.key}"] td`).allTextContents()).map(norm);
        expect(own[1]).toBe(norm(fiPct.format(g.ownWorkerShare!)));
        const fb = (await page.locator(`#fig-feedback tbody tr[data-key="${g.key}"] td`).allTextContents()).map(norm);
        expect(fb[1]).toBe(fi.format(g.feedback!.mean!));
      }
      // seven figures, each drawn as a chart (a named image) once Chart.js has loaded
      expect(await page.locator('.metrics-table').count()).toBe(7);
      await page.waitForFunction(`document.querySelectorAll('canvas.metrics-chart[data-ready="true"]').length === 7`, undefined, { timeout: 30_000 });
      expect(await page.locator('canvas.metrics-chart').first().getAttribute('aria-label')).toContain('Samat luvut ovat viereisessä taulukossa');

      // the at-risk list is the API's, in its order
      const risk = (await (await apiGet(COORDINATOR, '/api/metrics/at-risk')).json()) as { items: Array<{ id: string; risk: string }> };
      expect(risk.items.some((i) => i.risk === 'overdue')).toBe(true);
      await page.locator('#at-risk-table tbody tr').first().waitFor();
      expect(await page.locator('#at-risk-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request-id')))).toEqual(risk.items.map((i) => i.id));
      expect(norm(await page.locator('#at-risk-table tbody tr[data-risk="overdue"]').first().textContent())).toMatch(/Myöhässä \d+ päivä/);
      expect(norm(await page.locator('#at-risk-rules').textContent())).toContain('1326/2010');
      expect(norm(await page.locator('#at-risk-rules').textContent())).toContain('150/1930');
      await shot(page, 'metrics-team-fi');
      expect(await axeSeriousOrCritical(page)).toEqual([]);

      // by client group: groups under five say so, with no number
      const byGroup = metricsAnswer(page);
      await pick(page, 'metrics-by', 'Asiakasryhmä');
      const byGroupRes = await byGroup;
      const grouped = (await byGroupRes.json()) as Metrics;
      const small = grouped.groups.filter((g) => g.suppressed);
      expect(small.length).toBeGreaterThan(0);
      expect(grouped.groups.filter((g) => !g.suppressed).length).toBeGreaterThanOrEqual(3);
      await page.locator(`#fig-cases tbody tr[data-key="${small[0].key}"]`).waitFor();
      for (const g of small) {
        const text = norm(await page.locator(`#fig-cases tbody tr[data-key="${g.key}"] td`).textContent());
        expect(text).toBe('alle 5 tapausta – ei näytetä');
      }
      expect(await page.locator('#fig-feedback').textContent()).toContain('Palaute kerätään tiimeittäin');
      await shot(page, 'metrics-client-group-fi');

      // the CSV download is the API's CSV for the same question
      const csvAnswer = (await (await apiGet(COORDINATOR, `/api/metrics/csv${new URL(byGroupRes.url()).search}`)).text());
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#metrics-csv').click()]);
      expect(download.suggestedFilename()).toMatch(/^kohtaamo-metrics-client_group-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
      const file = readFileSync((await download.path())!, 'utf8');
      expect(file).toBe(csvAnswer);
      expect(file.split('\r\n')[0]).toMatch(/^grouping,key,label,/);
      expect(file).toContain('client_group,mental_health,');

      // sv and en: the same page passes axe
      for (const lang of ['sv', 'en'] as const) {
        await chooseLanguage(page, lang);
        await page.locator('#fig-cases tbody tr').first().waitFor();
        expect(norm(await page.locator('#page-title').textContent())).toBe(lang === 'sv' ? 'Statistik' : 'Metrics');
        expect(await axeSeriousOrCritical(page)).toEqual([]);
        await shot(page, `metrics-${lang}`);
      }
      await chooseLanguage(page, 'fi');
    } finally {
      await context.close();
    }
  });

  it('a nurse has no Metrics in her menu; the address tells her it is for coordinators, and the API refuses her', async () => {
    const { context, page } = await stack.newPage();
    try {
      await stack.signIn(page, NURSE);
      await page.locator('#nav-home').waitFor();
      expect(await page.locator('#nav-metrics').count()).toBe(0);
      await page.goto(`${stack.webUrl}/metrics`);
      await page.locator('#metrics-forbidden').waitFor();
      expect(await page.locator('#metrics-forbidden').textContent()).toContain('koordinaattoreille');
      expect(await page.locator('.metrics-table').count()).toBe(0);
      expect(await axeSeriousOrCritical(page)).toEqual([]);
      expect((await apiGet(NURSE, '/api/metrics')).status).toBe(403);
      expect((await apiGet(NURSE, '/api/metrics/at-risk')).status).toBe(403);
      expect((await apiGet(NURSE, '/api/metrics/csv')).status).toBe(403);
    } finally {
      await context.close();
    }
  });
});
