/**
 * Networks that are not a loopback, in headless Chromium (Debian) with a fake camera:
 *   network.turn_relay_join_first_frame_ms — Join pressed → first decoded remote frame, media forced
 *     through a real coturn (`iceTransportPolicy: 'relay'`), median of JOINS joins over TURN/UDP (TCP and
 *     TLS and a direct join as context)
 *   network.impaired_audio_continuity — 1 − concealed / total audio samples the guest played during
 *     WINDOW_MS behind 300 kbit/s each way and 5 % random loss each way (namespace + tc htb + nftables)
 *   network.impaired_video_layer — mean simulcast spatial layer (0–2) the SFU forwarded to that guest
 *     during the same window; context: how long stepping down and climbing back took, frames per second
 * Needs root (ip netns, tc, nft) and coturn (`apt-get install coturn nftables`).
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSecretKey } from 'node:crypto';
import { JOIN_TOKEN_AUDIENCE, JOIN_TOKEN_ISSUER } from '@kohtaamo/protocol';
import { SignJWT } from 'jose';
import { bootstrapSfu, type RunningSfu } from '../../apps/sfu/src/bootstrap';
import { turnIceServers } from '../../apps/api/src/video/turn-credentials';
import { buildWeb, ensureWorkerBin, figure, median, sleep } from '../video/bench.util';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from '../video/chromium';
import { startTurn } from './coturn';
import { createImpairedLink } from './impaired-link';

const JOINS = 5;
const WINDOW_MS = 10_000;
const SECRET = 'bench-join-token-secret-0123456789abcdef';

function log(m: string): void {
  process.stderr.write(`[bench network] ${m}\n`);
}

async function token(meeting: string, sub: string, role: 'host' | 'member'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ mid: meeting, name: sub, role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(JOIN_TOKEN_ISSUER)
    .setAudience(JOIN_TOKEN_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(createSecretKey(Buffer.from(SECRET)));
}

type Hook = { view(): string; timings(): { joinClicked?: number; firstRemoteFrame?: number }; stats(): Promise<Array<Record<string, unknown>>> };
const evalHook = <T>(page: Page, fn: (h: Hook) => T | Promise<T>): Promise<T> =>
  page.evaluate(`(async () => (${fn.toString()})(globalThis.__kohtaamo))()`) as Promise<T>;

async function joinPage(browser: Browser, url: string, meeting: string, sub: string, role: 'host' | 'member', fragment = '', scale = 1): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: scale, permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await page.goto(`${url}/join?meeting=${meeting}#token=${await token(meeting, sub, role)}${fragment}`);
  await page.waitForSelector('#join-button');
  await page.waitForFunction('document.querySelector("#preview-video")?.srcObject != null');
  await page.click('#join-button');
  await page.waitForFunction('globalThis.__kohtaamo.view() === "call"', undefined, { timeout: 20_000 });
  return page;
}

async function firstFrameMs(page: Page): Promise<number> {
  await page.waitForFunction('globalThis.__kohtaamo.timings().firstRemoteFrame !== undefined', undefined, { timeout: 30_000 });
  const t = await evalHook(page, (h) => h.timings());
  return Math.round((t.firstRemoteFrame ?? NaN) - (t.joinClicked ?? NaN));
}

async function turnRelay(workerBin: string, webRoot: string): Promise<void> {
  const turn = await startTurn();
  const sfu: RunningSfu = await bootstrapSfu({ port: 0, listenIp: '127.0.0.1', rtcPortBase: 0, workers: 1, joinTokenSecret: SECRET, workerBin, webRoot, logLevel: 'error' }, { logger: ['fatal', 'error'] });
  const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: [...CHROMIUM_ARGS, '--ignore-certificate-errors'] });
  try {
    await joinPage(browser, sfu.url, 'bench-turn', 'presenter', 'host');
    await sleep(1500);
    const results: Record<string, number[]> = { udp: [], tcp: [], tls: [], direct: [] };
    let n = 0;
    for (const [kind, url] of [['udp', turn.udpUrl], ['tcp', turn.tcpUrl], ['tls', turn.tlsUrl], ['direct', '']] as const) {
      for (let i = 0; i < JOINS; i++) {
        let fragment = '';
        if (url !== '') {
          const ice = turnIceServers({ urls: [url], secret: turn.secret }, `viewer-${n}`, Date.now() + 3600_000);
          fragment = `&ice=${Buffer.from(JSON.stringify(ice)).toString('base64url')}&relay=1`;
        }
        const page = await joinPage(browser, sfu.url, 'bench-turn', `viewer-${n++}`, 'member', fragment);
        const ms = await firstFrameMs(page);
        results[kind]?.push(ms);
        log(`${kind} join ${i + 1}/${JOINS}: ${ms} ms`);
        await page.context().close();
        await sleep(300);
      }
    }
    figure('network.turn_relay_join_first_frame_ms', median(results['udp'] ?? []), 'ms', {
      samples_udp: results['udp'],
      median_tcp_ms: median(results['tcp'] ?? []),
      median_tls_ms: median(results['tls'] ?? []),
      median_direct_ms: median(results['direct'] ?? []),
      joins: JOINS,
      turn: 'coturn 4.6 (Debian), TURN REST credentials, loopback; TLS with a self-signed certificate',
      reference: 'docs/measurements.md (Networks): relay-only first frames 175-240 ms, direct about 150 ms (a bare page)',
    });
  } finally {
    await browser.close();
    await sfu.close();
    await turn.stop();
  }
}

async function impaired(workerBin: string, webRoot: string): Promise<void> {
  const link = createImpairedLink();
  let sfu: RunningSfu | undefined;
  const browsers: Browser[] = [];
  try {
    sfu = await bootstrapSfu({ port: 0, listenIp: link.hostIp, rtcPortBase: 0, workers: 1, joinTokenSecret: SECRET, workerBin, webRoot, logLevel: 'error' }, { logger: ['fatal', 'error'] });
    const secure = `--unsafely-treat-insecure-origin-as-secure=${sfu.url}`;
    const hostBrowser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: [...CHROMIUM_ARGS, secure] });
    browsers.push(hostBrowser);
    const guestBrowser = await chromium.launch({ executablePath: link.chromium, headless: true, args: [...CHROMIUM_ARGS, secure] });
    browsers.push(guestBrowser);
    await joinPage(hostBrowser, sfu.url, 'bench-impaired', 'sender', 'host');
    const guest = await joinPage(guestBrowser, sfu.url, 'bench-impaired', 'guest', 'member', '', 2);
    const video = async (): Promise<{ layer: number | null; frames: number; samples: number; concealed: number }> => {
      const stats = await evalHook(guest, (h) => h.stats());
      const v = stats.find((s) => s['participantId'] === 'sender' && s['kind'] === 'video');
      const a = stats.find((s) => s['participantId'] === 'sender' && s['kind'] === 'audio');
      return {
        layer: typeof v?.['spatialLayer'] === 'number' ? (v['spatialLayer'] as number) : null,
        frames: Number(v?.['framesDecoded'] ?? 0),
        samples: Number(a?.['totalSamplesReceived'] ?? 0),
        concealed: Number(a?.['concealedSamples'] ?? 0),
      };
    };
    const until = async (what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<number> => {
      const t0 = Date.now();
      while (!(await ok())) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out: ${what}`);
        await sleep(250);
      }
      return Date.now() - t0;
    };
    await until('top layer on a clear link', async () => (await video()).layer === 2, 40_000);
    link.shape({ rateKbit: 300, lossPercent: 5 });
    const stepDownMs = await until('step down', async () => ((await video()).layer ?? 2) < 2, 30_000);
    await sleep(2000);
    const a = await video();
    const layers: number[] = [];
    const t0 = Date.now();
    while (Date.now() - t0 < WINDOW_MS) {
      await sleep(500);
      layers.push((await video()).layer ?? 0);
    }
    const b = await video();
    link.clear();
    const climbMs = await until('climb back to the top layer', async () => (await video()).layer === 2, 60_000);
    const samples = b.samples - a.samples;
    const continuity = samples > 0 ? 1 - (b.concealed - a.concealed) / samples : 0;
    const link_ = { rate_kbit_each_way: 300, loss_percent_each_way: 5, window_ms: WINDOW_MS, harness: 'netns + veth, tc htb (pfifo 20), nftables numgen random; no netem in this kernel' };
    figure('network.impaired_audio_continuity', Math.round(continuity * 10000) / 10000, 'ratio', { ...link_, audio_samples: samples, concealed_samples: b.concealed - a.concealed, target: '> 0.98 (concealed < 2 %)' });
    figure('network.impaired_video_layer', Math.round((layers.reduce((x, y) => x + y, 0) / Math.max(1, layers.length)) * 100) / 100, 'spatial_layer', {
      ...link_,
      layers_sampled: layers,
      top_layer: 2,
      step_down_ms: stepDownMs,
      climb_back_ms: climbMs,
      frames_per_second: Math.round(((b.frames - a.frames) / (WINDOW_MS / 1000)) * 10) / 10,
    });
  } finally {
    for (const br of browsers) await br.close().catch(() => undefined);
    await sfu?.close();
    link.close();
  }
}

async function main(): Promise<void> {
  const workerBin = ensureWorkerBin();
  const webRoot = buildWeb();
  await turnRelay(workerBin, webRoot);
  await impaired(workerBin, webRoot);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench network failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
