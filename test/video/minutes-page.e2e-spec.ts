import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/api';
import { buildWeb, launchChromium, newPage, REPO_ROOT } from './support/browser';
import { startSfu } from './support/sfu';
import { TEST_SECRET } from './support/tokens';

/**
 * The page a minutes email links to, in Chromium: the school opens its own link and reads the minutes
 * and downloads the PDF; staff sign in first; after the consent is withdrawn the same link shows nothing.
 */
describe('reading minutes from the link in a minutes email', () => {
  let sfu: RunningSfu;
  let api: TestApi;
  let apiServer: http.Server;
  let apiUrl: string;
  let f: Fixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ webRoot: buildWeb(), workers: 1 });
    api = await startTestApi({ JOIN_TOKEN_SECRET: TEST_SECRET, CORS_ORIGINS: sfu.url });
    apiServer = http.createServer(api.raw);
    await new Promise<void>((resolve) => apiServer.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}`;
    f = await buildFixture(api.http, api.setupAuth);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await new Promise((resolve) => apiServer?.close(resolve));
    await api?.close();
    await sfu?.close();
  });

  async function open(fragment: string): Promise<Page> {
    const { context, page } = await newPage(browser, { apiUrl });
    contexts.push(context);
    await page.goto(`${sfu.url}/#${fragment}`);
    return page;
  }

  it('the school reads and downloads within the consent; staff sign in; a withdrawn consent closes the page', async () => {
    const consent = await post<{ id: string }>(api.http, `/api/clients/${f.clientId}/consents`, {
      givenBy: 'guardian', givenByName: 'Elina Esimerkki', organisationTypes: ['school'], dataCategories: ['request', 'minutes'], purpose: 'Koulun tuki', givenAt: '2026-01-01T00:00:00Z',
    });
    const req = await post<{ id: string }>(api.http, '/api/requests', {
      teamId: f.teamId, clientGroup: 'neuropsychiatric', urgency: 'soon', question: 'Miten koulu voi tukea?', preferredMode: 'remote', anonymous: false, clientId: f.clientId, consentId: consent.id,
    });
    await request(api.http).post(`/api/requests/${req.id}/transitions`).send({ action: 'accept' }).expect(200);
    const start = new Date(Date.now() - 40 * 60_000);
    // booked at the minute it began (a meeting is not booked into the past)
    const meeting = await api.clock.at(start, () => post<{ id: string; participants: Array<{ id: string; kind: string }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: req.id, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(), mode: 'remote',
      participants: [{ kind: 'staff', personId: f.nurseId }, { kind: 'external', displayName: 'Opettaja Olli', email: 'olli@koulu.fi', organisationName: 'Keskustan koulu', organisationType: 'school' }],
    }));
    const teacher = meeting.participants.find((p) => p.kind === 'external')!;
    const minutes = await post<{ id: string }>(api.http, `/api/meetings/${meeting.id}/minutes`, { summary: 'Sovittiin kuvatuesta koulupäivään.' });
    await request(api.http).post(`/api/minutes/${minutes.id}/finalise`).send({}).expect(200);
    const { token } = await post<{ token: string }>(api.http, `/api/meetings/${meeting.id}/participants/${teacher.id}/invitation`, {});

    const school = await open(`minutes=${minutes.id}&invitation=${token}&lang=fi`);
    await school.waitForSelector('#minutes-summary', { timeout: 20_000 });
    expect(await school.textContent('#minutes-summary')).toBe('Sovittiin kuvatuesta koulupäivään.');
    const [download] = await Promise.all([school.waitForEvent('download'), school.click('#minutes-download')]);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await school.screenshot({ path: join(REPO_ROOT, 'test-artifacts', 'minutes-page.png'), fullPage: true });

    const staff = await open(`minutes=${minutes.id}`);
    await staff.waitForSelector('#signin-email');
    await staff.fill('#signin-email', (await request(api.http).get(`/api/persons/${f.nurseId}`)).body.email as string);
    await staff.click('#signin-form button[type=submit]');
    await staff.waitForSelector('#minutes-summary', { timeout: 20_000 });

    await request(api.http).post(`/api/consents/${consent.id}/withdraw`).send({ reason: 'Huoltaja perui' }).expect(200);
    const closed = await open(`minutes=${minutes.id}&invitation=${token}&lang=fi`);
    await closed.waitForSelector('#error-message', { timeout: 20_000 });
    expect(await closed.locator('#minutes-summary').count()).toBe(0);
    expect(await closed.content()).not.toContain('Sovittiin');
  }, 120_000);
});
