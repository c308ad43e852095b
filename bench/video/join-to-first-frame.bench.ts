/**
 * video.join_to_first_frame_median: in headless Chromium on loopback, from pressing Join to the first
 * decoded remote video frame (requestVideoFrameCallback / loadeddata on the remote <video>), median of 10
 * joins into a meeting where one participant already sends camera and microphone. Target < 1000 ms.
 * Each join is a fresh browser context: new socket.io connection, token check, device.load, transports,
 * ICE + DTLS, consume, resume, first keyframe, decode.
 */
import { createSecretKey } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { JOIN_TOKEN_AUDIENCE, JOIN_TOKEN_ISSUER } from '@kohtaamo/protocol';
import { SignJWT } from 'jose';
import { bootstrapSfu, type RunningSfu } from '../../apps/sfu/src/bootstrap';
import { buildWeb, ensureWorkerBin, figure, log, median, sleep } from './bench.util';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from './chromium';

const JOINS = 10;
const SECRET = 'bench-join-token-secret-0123456789abcdef';

async function token(sub: string, role: 'host' | 'member'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ mid: 'bench-meeting', name: sub, role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(JOIN_TOKEN_ISSUER)
    .setAudience(JOIN_TOKEN_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(createSecretKey(Buffer.from(SECRET)));
}

type Timings = { joinClicked?: number; joined?: number; firstRemoteFrame?: number };

async function openJoinPage(browser: Browser, url: string, sub: string, role: 'host' | 'member'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await page.goto(`${url}/join?meeting=bench-meeting#token=${await token(sub, role)}`);
  await page.waitForSelector('#join-button');
  // Camera preview ready: the join measured below starts with devices already open, as a user's would.
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { srcObject: unknown } | null } }).document;
    return doc.querySelector('#preview-video')?.srcObject != null;
  });
  return page;
}

function timings(page: Page): Promise<Timings> {
  return page.evaluate(() => (globalThis as unknown as { __kohtaamo: { timings(): Timings } }).__kohtaamo.timings());
}

async function main(): Promise<void> {
  const workerBin = ensureWorkerBin();
  log('building apps/web');
  const webRoot = buildWeb();
  const sfu: RunningSfu = await bootstrapSfu(
    { port: 0, listenIp: '127.0.0.1', rtcPortBase: 0, workers: 1, joinTokenSecret: SECRET, workerBin, webRoot, logLevel: 'error' },
    { logger: ['fatal', 'error'] },
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: CHROMIUM_ARGS });
  try {
    const presenter = await openJoinPage(browser, sfu.url, 'presenter', 'host');
    await presenter.click('#join-button');
    await presenter.waitForFunction(() => (globalThis as unknown as { __kohtaamo: { view(): string } }).__kohtaamo.view() === 'call');
    await sleep(1500); // the presenter's camera is flowing

    const samples: number[] = [];
    const answered: number[] = [];
    for (let i = 0; i < JOINS; i++) {
      const page = await openJoinPage(browser, sfu.url, `viewer-${i}`, 'member');
      await page.click('#join-button');
      await page.waitForFunction(
        () => (globalThis as unknown as { __kohtaamo: { timings(): Timings } }).__kohtaamo.timings().firstRemoteFrame !== undefined,
        undefined,
        { timeout: 20_000 },
      );
      const t = await timings(page);
      const ms = (t.firstRemoteFrame ?? NaN) - (t.joinClicked ?? NaN);
      samples.push(Math.round(ms));
      answered.push(Math.round((t.joined ?? NaN) - (t.joinClicked ?? NaN)));
      log(`join ${i + 1}/${JOINS}: ${Math.round(ms)} ms (join answered after ${answered[answered.length - 1]} ms)`);
      await page.context().close();
      await sleep(300);
    }
    figure('video.join_to_first_frame_median', median(samples), 'ms', {
      samples,
      join_answered_median_ms: median(answered),
      joins: JOINS,
      target_ms: 1000,
      reference: 'bare mediasoup + mediasoup-client + socket.io page on this machine: medians 331-426 ms (docs/measurements.md, mediasoup)',
      browser: 'Chromium (Debian) headless, fake camera, loopback',
    });
  } finally {
    await browser.close();
    await sfu.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench video.join_to_first_frame failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
