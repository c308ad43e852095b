import { createHmac } from 'node:crypto';
import request from 'supertest';
import type { IceServer } from '@kohtaamo/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { startTurn, type RunningTurn } from '../../bench/network/coturn';
import { TestApi, startTestApi } from '../support/api';
import { buildFixture, type Fixture } from '../support/fixtures';
import { buildWeb, eventually, hook, launchChromium, newPage } from '../video/support/browser';
import { startSfu } from '../video/support/sfu';
import { TEST_SECRET } from '../video/support/tokens';

interface JoinAnswer {
  token: string;
  iceServers: IceServer[];
  expiresAt: string;
}

/**
 * Schools and Kela offices let little but TCP 443 out: media must get through a TURN relay. A real coturn
 * with the TURN REST shared secret, join tokens from the API carrying time-limited credentials, and two
 * Chromium participants forced to use only the relay (`iceTransportPolicy: 'relay'`) over UDP, TCP and
 * TLS in turn: each sees the other's first frames.
 */
describe('TURN: relay-only joins through coturn with credentials from the join-token answer', () => {
  let turn: RunningTurn;
  let sfu: RunningSfu;
  let api: TestApi;
  let f: Fixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const answers: JoinAnswer[] = [];

  beforeAll(async () => {
    turn = await startTurn();
    sfu = await startSfu({ webRoot: buildWeb(), workers: 1 });
    api = await startTestApi({ JOIN_TOKEN_SECRET: TEST_SECRET, TURN_URLS: [turn.udpUrl, turn.tcpUrl, turn.tlsUrl].join(','), TURN_SECRET: turn.secret });
    f = await buildFixture(api.http, api.setupAuth);
    // the test's own certificate authority is nobody's: Chromium must be told to accept it
    browser = await launchChromium({ extraArgs: ['--ignore-certificate-errors'] });
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
    await sfu?.close();
    await turn?.stop();
  });

  it('the join-token answer carries every TURN URL with a credential coturn accepts, valid as long as the token', async () => {
    const host = await request(api.http).post(`/api/meetings/${f.meetingId}/join-token`).send({}).expect(200);
    const member = await request(api.raw).post(`/api/meetings/${f.meetingId}/join-token`).set('authorization', `Bearer ${await api.tokenFor(f.physicianId)}`).send({}).expect(200);
    for (const res of [host, member]) {
      const answer = res.body as JoinAnswer;
      expect(answer.iceServers).toHaveLength(1);
      const [server] = answer.iceServers as [IceServer];
      expect(server.urls).toEqual([turn.udpUrl, turn.tcpUrl, turn.tlsUrl]);
      const [expiry] = server.username.split(':');
      expect(Number(expiry)).toBe(Math.floor(new Date(answer.expiresAt).getTime() / 1000));
      expect(server.credential).toBe(createHmac('sha1', turn.secret).update(server.username).digest('base64'));
      answers.push(answer);
    }
    expect(answers[0]?.iceServers[0]?.username).not.toBe(answers[1]?.iceServers[0]?.username);
  });

  async function openRelayOnly(answer: JoinAnswer, url: string): Promise<Page> {
    const { context, page } = await newPage(browser);
    contexts.push(context);
    const [server] = answer.iceServers as [IceServer];
    const ice = Buffer.from(JSON.stringify([{ ...server, urls: [url] }])).toString('base64url');
    await page.goto(`${sfu.url}/join?meeting=${f.meetingId}#token=${answer.token}&ice=${ice}&relay=1`);
    await page.waitForSelector('#join-button');
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as { document: { querySelector(s: string): { srcObject: unknown } | null } }).document.querySelector('#preview-video');
      return v !== null && v.srcObject !== null;
    });
    await page.click('#join-button');
    return page;
  }

  async function seesVideo(page: Page): Promise<boolean> {
    const stats = await hook(page, 'stats');
    return stats.some((s) => s.kind === 'video' && s.framesDecoded > 0) && stats.some((s) => s.kind === 'audio' && s.bytesReceived > 0);
  }

  it.each([
    ['UDP', 'udp', (t: RunningTurn) => t.udpUrl],
    ['TCP', 'tcp', (t: RunningTurn) => t.tcpUrl],
    ['TLS', 'tls', (t: RunningTurn) => t.tlsUrl],
  ])('over %s: both participants see each other through the relay only', async (_name, protocol, urlOf) => {
    expect(answers).toHaveLength(2);
    const [a, b] = answers as [JoinAnswer, JoinAnswer];
    const pageA = await openRelayOnly(a, urlOf(turn));
    const pageB = await openRelayOnly(b, urlOf(turn));
    try {
      for (const page of [pageA, pageB]) {
        await eventually(`first frames through TURN/${protocol}`, () => seesVideo(page), 30_000);
        const routes = await hook(page, 'routes');
        expect(routes.map((r) => r.direction).sort()).toEqual(['recv', 'send']);
        for (const r of routes) expect(r).toMatchObject({ state: 'connected', localCandidateType: 'relay', relayProtocol: protocol });
      }
    } catch (e) {
      process.stderr.write(`coturn:\n${turn.output().slice(-3000)}\n`);
      throw e;
    } finally {
      await pageA.context().close();
      await pageB.context().close();
    }
  }, 90_000);

  it('a wrong TURN credential leaves media silent, and the client’s own connect timeout notices', async () => {
    const [a] = answers as [JoinAnswer];
    const [server] = a.iceServers as [IceServer];
    const bad = { ...a, iceServers: [{ ...server, credential: 'd3JvbmcgY3JlZGVudGlhbA==' }] };
    const page = await openRelayOnly(bad, turn.udpUrl);
    try {
      await eventually('the call view', async () => (await hook(page, 'view')) === 'call');
      // CONNECT_TIMEOUT_MS (10 s) in apps/web/src/media-session.ts: the banner says media cannot get through
      await page.waitForSelector('#call-banner:has-text("Kuva ja ääni eivät pääse")', { timeout: 20_000 });
      const routes = await hook(page, 'routes');
      expect(routes.some((r) => r.state === 'connected')).toBe(false);
    } finally {
      await page.context().close();
    }
  }, 60_000);
});
