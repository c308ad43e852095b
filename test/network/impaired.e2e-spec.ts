import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { createImpairedLink, type ImpairedLink } from '../../bench/network/impaired-link';
import { buildWeb, eventually, hook, launchChromium, REPO_ROOT, type PageTrackStats } from '../video/support/browser';
import { startSfu } from '../video/support/sfu';
import { signJoinToken, type TokenClaims } from '../video/support/tokens';

const MEETING = 'meeting-impaired-1';
const host: TokenClaims = { sub: 'impaired-host', mid: MEETING, name: 'Anna Lääkäri', role: 'host' };
const guest: TokenClaims = { sub: 'impaired-guest', mid: MEETING, name: 'Koulu', role: 'member' };

type Stats = PageTrackStats & { totalSamplesReceived?: number; concealedSamples?: number; spatialLayer?: number | null; preferredLayer?: number; score?: number };

/**
 * A guest behind a weak link (a network namespace: 300 kbit/s each way, 5 % random loss each way): the
 * audio keeps playing with little concealment, the video the SFU forwards steps down to a layer that fits
 * and keeps decoding, the call view says the connection is weak, and once the link clears the video climbs
 * back to the layer the tile asked for.
 */
describe('an impaired link (namespace + tc htb + nftables loss)', () => {
  let link: ImpairedLink;
  let sfu: RunningSfu;
  const browsers: Browser[] = [];
  let guestPage: Page;

  beforeAll(async () => {
    link = createImpairedLink();
    sfu = await startSfu({ webRoot: buildWeb(), workers: 1, listenIp: link.hostIp });
    // a plain-http origin that is not localhost is no secure context: mediasoup-client would refuse
    const secure = `--unsafely-treat-insecure-origin-as-secure=${sfu.url}`;
    const hostBrowser = await launchChromium({ extraArgs: [secure] });
    browsers.push(hostBrowser);
    const guestBrowser = await launchChromium({ executablePath: link.chromium, extraArgs: [secure] });
    browsers.push(guestBrowser);
    await open(hostBrowser, host, 1);
    // a large tile on a dense screen: the guest asks for the top layer
    guestPage = await open(guestBrowser, guest, 2);
  }, 120_000);

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await sfu?.close();
    link?.close();
  });

  async function open(browser: Browser, claims: TokenClaims, deviceScaleFactor: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor, permissions: ['camera', 'microphone'] });
    const page = await context.newPage();
    await page.goto(`${sfu.url}/join?meeting=${MEETING}#token=${await signJoinToken(claims)}`);
    await page.waitForSelector('#join-button');
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as { document: { querySelector(s: string): { srcObject: unknown } | null } }).document.querySelector('#preview-video');
      return v !== null && v.srcObject !== null;
    });
    await page.click('#join-button');
    await eventually('the call view', async () => (await hook(page, 'view')) === 'call', 20_000);
    return page;
  }

  async function fromHost(): Promise<{ audio: Stats; video: Stats }> {
    const stats = (await hook(guestPage, 'stats')) as Stats[];
    const audio = stats.find((s) => s.participantId === host.sub && s.kind === 'audio');
    const video = stats.find((s) => s.participantId === host.sub && s.kind === 'video');
    if (audio === undefined || video === undefined) throw new Error(`no audio or video from the host yet: ${JSON.stringify(stats)}`);
    return { audio, video };
  }

  const atTop = async (): Promise<boolean> => {
    const { video } = await fromHost().catch(() => ({ video: undefined }));
    return video !== undefined && video.preferredLayer === 2 && video.spatialLayer === 2 && video.framesDecoded > 0;
  };

  it('audio continues, video steps down and keeps decoding, the indicator says so, and video climbs back when the link clears', async () => {
    await eventually('the top layer on a clear link', atTop, 40_000, 500);
    expect(await guestPage.getAttribute('#connection-quality', 'data-quality')).toBe('good');

    link.shape({ rateKbit: 300, lossPercent: 5 });
    const shapedAt = Date.now();
    await eventually('the video to step down', async () => ((await fromHost()).video.spatialLayer ?? 2) < 2, 20_000, 250);
    process.stderr.write(`[impaired] stepped down after ${Date.now() - shapedAt} ms\n`);
    await eventually('the indicator to say the connection is weak', async () => ['fair', 'poor'].includes((await guestPage.getAttribute('#connection-quality', 'data-quality')) ?? ''), 10_000);

    // a window on the shaped link, once the step down has settled: audio concealment and video frames
    await new Promise((r) => setTimeout(r, 2000));
    const a = await fromHost();
    await new Promise((r) => setTimeout(r, 8000));
    const b = await fromHost();
    const samples = (b.audio.totalSamplesReceived ?? 0) - (a.audio.totalSamplesReceived ?? 0);
    const concealed = (b.audio.concealedSamples ?? 0) - (a.audio.concealedSamples ?? 0);
    const continuity = samples > 0 ? 1 - concealed / samples : 0;
    process.stderr.write(`[impaired] 8 s at 300 kbit/s + 5 % loss: audio ${samples} samples, ${concealed} concealed (continuity ${continuity.toFixed(4)}); video layer ${String(b.video.spatialLayer)}, ${b.video.framesDecoded - a.video.framesDecoded} frames\n`);
    expect(samples).toBeGreaterThan(48_000 * 6); // about 8 s of 48 kHz audio arrived
    expect(continuity).toBeGreaterThan(0.98); // concealed samples under 2 %
    // few frames a second at the bottom layer (keyframes after loss), but the picture keeps moving
    expect(b.video.framesDecoded - a.video.framesDecoded).toBeGreaterThan(0);
    expect(b.video.spatialLayer ?? 2).toBeLessThan(2);
    mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await guestPage.screenshot({ path: join(REPO_ROOT, 'test-artifacts', 'call-view-weak-link.png') });

    link.clear();
    const clearedAt = Date.now();
    await eventually('the video to climb back to the top layer', atTop, 40_000, 500);
    process.stderr.write(`[impaired] back at the top layer ${Date.now() - clearedAt} ms after the link cleared\n`);
    await eventually('the indicator to say good again', async () => (await guestPage.getAttribute('#connection-quality', 'data-quality')) === 'good', 15_000);
  }, 150_000);
});
