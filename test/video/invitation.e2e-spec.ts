import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { Fixture, buildFixture } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/api';
import { buildWeb, eventually, hook, launchChromium, newPage, REPO_ROOT } from './support/browser';
import { startSfu } from './support/sfu';
import { TEST_SECRET } from './support/tokens';

/**
 * The whole path, with no hand-made tokens: the API books a network meeting, a school teacher opens
 * the invitation link, the nurse signs in; the API issues both join tokens; the SFU admits the guest from
 * the lobby; both receive each other's audio and video in Chromium.
 */
describe('an invitation link and a staff sign-in, through the API, the SFU and the browser', () => {
  let sfu: RunningSfu;
  let api: TestApi;
  let apiServer: http.Server;
  let apiUrl: string;
  let f: Fixture;
  /** the nurse's sign-in: she books the meeting, so she is its organiser and its host */
  let nurseAuth: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ webRoot: buildWeb(), workers: 1 });
    api = await startTestApi({ JOIN_TOKEN_SECRET: TEST_SECRET, CORS_ORIGINS: sfu.url });
    apiServer = http.createServer(api.raw);
    await new Promise<void>((resolve) => apiServer.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}`;
    f = await buildFixture(api.http, api.setupAuth);
    nurseAuth = `Bearer ${await api.tokenFor(f.nurseId)}`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await new Promise((resolve) => apiServer?.close(resolve));
    await api?.close();
    await sfu?.close();
  });

  async function open(path: string): Promise<Page> {
    const { context, page } = await newPage(browser, { apiUrl });
    contexts.push(context);
    await page.goto(`${sfu.url}${path}`);
    return page;
  }

  async function joinCall(page: Page): Promise<void> {
    await page.waitForSelector('#join-button', { timeout: 20_000 });
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as { document: { querySelector(s: string): { srcObject: unknown } | null } }).document.querySelector('#preview-video');
      return v !== null && v.srcObject !== null;
    });
    await page.click('#join-button');
  }

  it('the guest waits in the lobby, the nurse (host) admits them, and media flows both ways', async () => {
    await request(api.http).post(`/api/requests/${f.identifiedRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    const start = new Date(Date.now() + 10 * 60_000);
    // the nurse of the team's responsible pair books the meeting about the request: she organises and hosts it
    const booked = await request(api.http).post('/api/meetings').set('authorization', nurseAuth).send({
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.identifiedRequestId, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString(), mode: 'remote',
      participants: [
        { kind: 'staff', personId: f.nurseId },
        { kind: 'external', displayName: 'Opettaja Olli', email: 'olli@koulu.fi', organisationName: 'Keskustan koulu', organisationType: 'school' },
      ],
    }).expect(201);
    const meeting = booked.body as { id: string; organiserId: string; participants: Array<{ id: string; kind: string; personId: string | null }> };
    expect(meeting.organiserId).toBe(f.nurseId);
    const teacher = meeting.participants.find((p) => p.kind === 'external')!;
    const nurse = meeting.participants.find((p) => p.kind === 'staff')!;
    // guest links are minted by whoever manages the meeting: its organiser, not the operator
    await request(api.http).post(`/api/meetings/${meeting.id}/participants/${teacher.id}/invitation`).send({}).expect(403);
    const invitation = (await request(api.http).post(`/api/meetings/${meeting.id}/participants/${teacher.id}/invitation`).set('authorization', nurseAuth).send({}).expect(201)).body as { token: string; link: string };
    expect(invitation.link).toContain(`/join?invitation=${invitation.token}`);

    // the nurse: the meeting link, then the (development) sign-in
    const staffPage = await open(`/join?meeting=${meeting.id}`);
    await staffPage.waitForSelector('#signin-email');
    const nurseEmail = (await request(api.http).get(`/api/persons/${f.nurseId}`)).body.email as string;
    await staffPage.fill('#signin-email', nurseEmail);
    await staffPage.click('#signin-form button[type=submit]');
    // the meeting's title and time (Helsinki clock, Finnish format) above the preview
    await staffPage.waitForSelector('#meeting-title', { timeout: 20_000 });
    expect(await staffPage.textContent('#meeting-title')).toBe('Verkostoneuvottelu');
    expect(new Date((await staffPage.getAttribute('#meeting-time', 'datetime')) ?? '').getTime()).toBe(start.getTime());
    expect(await staffPage.textContent('#meeting-time')).toMatch(/^(ma|ti|ke|to|pe|la|su) \d{1,2}\.\d{1,2}\.\d{4} klo \d{2}\.\d{2}(–\d{2}\.\d{2}| – (ma|ti|ke|to|pe|la|su) \d{1,2}\.\d{1,2}\.\d{4} klo \d{2}\.\d{2})$/);
    await joinCall(staffPage);
    await eventually('the nurse in the call', async () => (await hook(staffPage, 'view')) === 'call');

    // the teacher: only the invitation link
    const guestPage = await open(`/join?invitation=${invitation.token}`);
    // a guest sees a neutral word, not the title (which may name the case), as in their calendar entry
    await guestPage.waitForSelector('#meeting-title', { timeout: 20_000 });
    expect(await guestPage.textContent('#meeting-title')).toBe('Tapaaminen');
    expect(await guestPage.content()).not.toContain('Verkostoneuvottelu');
    await joinCall(guestPage);
    await eventually('the teacher in the lobby', async () => (await hook(guestPage, 'view')) === 'lobby');
    await eventually('the nurse sees the teacher waiting', async () => (await hook(staffPage, 'lobby')).includes(teacher.id));
    await staffPage.click(`#admit-${teacher.id}`);
    await eventually('the teacher in the call', async () => (await hook(guestPage, 'view')) === 'call');

    for (const [page, other] of [[staffPage, teacher.id], [guestPage, nurse.id]] as const) {
      await eventually('audio and video from the other', async () => {
        const s = await hook(page, 'stats');
        const a = s.find((x) => x.participantId === other && x.kind === 'audio');
        const v = s.find((x) => x.participantId === other && x.kind === 'video');
        return a !== undefined && a.bytesReceived > 0 && v !== undefined && v.framesDecoded > 0;
      }, 30_000);
    }
    mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await guestPage.screenshot({ path: join(REPO_ROOT, 'test-artifacts', 'guest-call-view.png'), fullPage: true });
  }, 150_000);

  it('a revoked invitation link no longer opens the meeting', async () => {
    const m = (await request(api.http).get('/api/meetings').set('authorization', nurseAuth).query({ kind: 'network_meeting' })).body.items[0] as { id: string };
    const detail = (await request(api.http).get(`/api/meetings/${m.id}`).set('authorization', nurseAuth)).body as { participants: Array<{ id: string; kind: string }> };
    const teacher = detail.participants.find((p) => p.kind === 'external')!;
    const inv = (await request(api.http).post(`/api/meetings/${m.id}/participants/${teacher.id}/invitation`).set('authorization', nurseAuth).send({}).expect(201)).body as { id: string; token: string };
    // only its organiser revokes it
    await request(api.http).delete(`/api/meetings/${m.id}/invitations/${inv.id}`).expect(403);
    await request(api.http).delete(`/api/meetings/${m.id}/invitations/${inv.id}`).set('authorization', nurseAuth).expect(204);
    const page = await open(`/join?invitation=${inv.token}`);
    await page.waitForSelector('#error-view', { timeout: 20_000 });
    // all in Finnish (the API's English message is not shown)
    expect(await page.textContent('#error-message')).toBe('Kutsulinkillä ei voi liittyä: tapaamista ei löydy tai kutsu on peruttu.');
  }, 60_000);
});
