import type { Browser, Page } from 'playwright-core';
import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { turnIceServers } from '../../apps/api/src/video/turn-credentials';
import { freePort, startTurn, type RunningTurn } from '../../bench/network/coturn';
import { createImpairedLink, type ImpairedLink } from '../../bench/network/impaired-link';
import { buildWeb, eventually, hook, launchChromium } from '../video/support/browser';
import { startSfu } from '../video/support/sfu';
import { signJoinToken, type TokenClaims } from '../video/support/tokens';

const MEETING = 'meeting-firewall-1';
const host: TokenClaims = { sub: 'fw-host', mid: MEETING, name: 'Anna Lääkäri', role: 'host' };
const school: TokenClaims = { sub: 'fw-school', mid: MEETING, name: 'Keskustan koulu', role: 'member' };

/**
 * A school network: from the school's browser (a network namespace) only the SFU's signalling port and
 * coturn's TURN ports get out; the SFU's media ports are blocked. The client is not told to use the relay
 * (no relay=1): with the TURN servers from its join-token answer it finds the relayed path by itself and
 * media flows both ways.
 */
describe('a firewall that lets only signalling and TURN out: the client falls back to the relay by itself', () => {
  let link: ImpairedLink;
  let turn: RunningTurn;
  let sfu: RunningSfu;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    link = createImpairedLink();
    turn = await startTurn({ listenIp: link.hostIp });
    sfu = await startSfu({ webRoot: buildWeb(), workers: 1, listenIp: link.hostIp, rtcPortBase: await freePort() });
    link.allowOnly({ tcp: [sfu.port, portOf(turn.tcpUrl)], udp: [portOf(turn.udpUrl)] });
  }, 120_000);

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await sfu?.close();
    await turn?.stop();
    link?.close();
  });

  function portOf(url: string): number {
    return Number(/:(\d+)\?/.exec(url)?.[1]);
  }

  async function open(browser: Browser, claims: TokenClaims): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['camera', 'microphone'] });
    const page = await context.newPage();
    const ice = Buffer.from(JSON.stringify(turnIceServers({ urls: [turn.udpUrl, turn.tcpUrl], secret: turn.secret }, claims.sub, Date.now() + 3600_000))).toString('base64url');
    await page.goto(`${sfu.url}/join?meeting=${MEETING}#token=${await signJoinToken(claims)}&ice=${ice}`);
    await page.waitForSelector('#join-button');
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as { document: { querySelector(s: string): { srcObject: unknown } | null } }).document.querySelector('#preview-video');
      return v !== null && v.srcObject !== null;
    });
    await page.click('#join-button');
    return page;
  }

  it('the school’s browser reaches the SFU through the relay and both see each other', async () => {
    const secure = `--unsafely-treat-insecure-origin-as-secure=${sfu.url}`;
    const outside = await launchChromium({ extraArgs: [secure] });
    browsers.push(outside);
    const inside = await launchChromium({ executablePath: link.chromium, extraArgs: [secure] });
    browsers.push(inside);
    const hostPage = await open(outside, host);
    const schoolPage = await open(inside, school);
    const seesVideo = async (page: Page): Promise<boolean> => (await hook(page, 'stats')).some((s) => s.kind === 'video' && s.framesDecoded > 0);
    try {
      await eventually('the school to see the host', () => seesVideo(schoolPage), 30_000);
      await eventually('the host to see the school', () => seesVideo(hostPage), 30_000);
    } catch (e) {
      process.stderr.write(`school events:\n${(await hook(schoolPage, 'events')).join('\n')}\nroutes ${JSON.stringify(await hook(schoolPage, 'routes'))}\ncoturn:\n${turn.output().slice(-2000)}\n`);
      throw e;
    }
    // the school's media went through the relay (it was not forced to); the host's went direct
    for (const r of await hook(schoolPage, 'routes')) expect(r).toMatchObject({ state: 'connected', localCandidateType: 'relay' });
    for (const r of await hook(hostPage, 'routes')) expect(r.localCandidateType).not.toBe('relay');
    expect((await hook(schoolPage, 'events')).some((e) => e.includes('falling back to relay'))).toBe(false);
  }, 120_000);
});
