/**
 * scale.node_failover_rejoin_ms: two SFU nodes (processes from the build, heartbeat every 500 ms, so a
 * node counts as dead 1.5 s after its last one), the API (in this process, on a scratch database), the
 * web client in two headless Chromium pages signed in through the API. The node carrying the call is
 * SIGKILLed; the figure is the time until both pages decode video again on the other node (median of
 * ROUNDS; the killed node is started again between rounds).
 */
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../../apps/api/src/app.factory';
import { DevIssuer } from '../../apps/api/src/auth/dev-issuer.service';
import { loadConfig } from '../../apps/api/src/config/config';
import { createScratchDatabase } from '../../apps/api/src/database/scratch-database';
import { SfuNodesRepository } from '../../apps/api/src/video/sfu-nodes.repository';
import { buildWeb, ensureWorkerBin, figure, median, sleep } from '../video/bench.util';
import { forwardApi } from '../../test/video/support/browser';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from '../video/chromium';
import { SfuProcess } from './sfu-process';

const ROUNDS = 3;
const HEARTBEAT_MS = 500;
const ADMIN_URL = process.env['BENCH_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = 'bench-failover-join-token-secret-0123456789';

function log(m: string): void {
  process.stderr.write(`[bench scale] ${m}\n`);
}

function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

async function main(): Promise<void> {
  const workerBin = ensureWorkerBin();
  const dist = buildWeb();
  const web = express();
  web.get('/join', (_req, res) => res.sendFile(join(dist, 'index.html')));
  web.use(express.static(dist));
  const webServer = await listen(web as unknown as http.RequestListener);
  const db = await createScratchDatabase(ADMIN_URL, 'kohtaamo_bench');
  const prefix = `kohtaamo-bench-${process.pid}`;
  const config = loadConfig({
    NODE_ENV: 'development', DATABASE_URL: db.url, REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', JOIN_TOKEN_SECRET: SECRET,
    RUN_WORKERS: 'false', LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '1000000', QUEUE_PREFIX: prefix, CORS_ORIGINS: webServer.url,
  });
  const app = await createApp(config);
  await app.init();
  const apiServer = await listen(app.getHttpAdapter().getInstance() as http.RequestListener);
  const nodes = new Map<string, SfuProcess>();
  const startNode = async (id: string): Promise<void> => {
    nodes.set(id, await SfuProcess.start({ nodeId: id, redisUrl: config.redisUrl, prefix, joinTokenSecret: SECRET, workerBin, heartbeatMs: HEARTBEAT_MS, from: 'build' }));
  };
  let browser: Browser | undefined;
  try {
    await startNode('node-a');
    await startNode('node-b');
    // two staff members in one remote meeting
    const rows = (await db.ds.query(
      `INSERT INTO person (name, email, profession, organisation, system_role) VALUES
         ('Bench Coordinator', 'coord@bench.invalid', 'coordinator', 'Bench', 'coordinator'),
         ('Bench Nurse', 'nurse@bench.invalid', 'nurse', 'Bench', 'staff'),
         ('Bench Physician', 'physician@bench.invalid', 'physician', 'Bench', 'staff') RETURNING id, email`,
    )) as Array<{ id: string; email: string }>;
    const coordinator = rows[0]?.id ?? '';
    const auth = `Bearer ${(await app.get(DevIssuer).tokenFor({ personId: coordinator })).accessToken}`;
    const call = async (path: string, body: object): Promise<{ id: string }> => {
      const res = await fetch(`${apiServer.url}${path}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    const team = await call('/api/teams', { kind: 'adults', name: 'Bench team', unit: 'Bench' });
    const meeting = await call('/api/meetings', {
      kind: 'team_session', title: 'Bench call', teamId: team.id, startsAt: new Date(Date.now() + 60_000).toISOString(), endsAt: new Date(Date.now() + 7200_000).toISOString(), mode: 'remote',
      participants: rows.slice(1).map((r) => ({ kind: 'staff', personId: r.id })),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: CHROMIUM_ARGS });
    const pages: Page[] = [];
    for (const r of rows.slice(1)) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, permissions: ['camera', 'microphone'] });
      await forwardApi(context, apiServer.url); // the page's /api goes to its own origin; the test web server serves files only
      const page = await context.newPage();
      await page.goto(`${webServer.url}/join?meeting=${meeting.id}`);
      await page.fill('#signin-email', r.email);
      await page.click('#signin-form button[type=submit]');
      await page.waitForSelector('#join-button', { timeout: 20_000 });
      await page.waitForFunction('document.querySelector("#preview-video")?.srcObject != null');
      await page.click('#join-button');
      pages.push(page);
    }
    const frames = (page: Page): Promise<number> =>
      page.evaluate('globalThis.__kohtaamo.stats().then((s) => s.filter((x) => x.kind === "video").reduce((n, x) => n + x.framesDecoded, 0))') as Promise<number>;
    const moves = (page: Page): Promise<number> =>
      page.evaluate('globalThis.__kohtaamo.events().filter((e) => e.includes("moving to")).length') as Promise<number>;
    const repo = app.get(SfuNodesRepository);
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const p of pages) {
        const t = Date.now();
        while ((await frames(p)) === 0) {
          if (Date.now() - t > 30_000) throw new Error('no video before the failover');
          await sleep(100);
        }
      }
      const placed = (await repo.placement(meeting.id)) ?? '';
      const victim = nodes.get(placed);
      if (victim === undefined) throw new Error(`meeting placed on ${placed}`);
      const movesBefore = await Promise.all(pages.map(moves));
      const killedAt = Date.now();
      await victim.kill();
      const back = await Promise.all(
        pages.map(async (p, i) => {
          for (;;) {
            if ((await moves(p)) > (movesBefore[i] ?? 0) && (await frames(p)) > 0) return Date.now() - killedAt;
            if (Date.now() - killedAt > 60_000) throw new Error('no video after the failover');
            await sleep(50);
          }
        }),
      );
      const ms = Math.max(...back);
      samples.push(ms);
      log(`round ${round + 1}/${ROUNDS}: ${placed} killed; both pages decode video again after ${ms} ms (${back.join(', ')})`);
      await startNode(placed);
      await sleep(2000);
    }
    figure('scale.node_failover_rejoin_ms', median(samples), 'ms', {
      samples,
      heartbeat_ms: HEARTBEAT_MS,
      node_dead_after_ms: HEARTBEAT_MS * 3,
      path: 'SIGKILL → socket drops → reconnect fails → the client asks the API for a new token every second → placed on the live node → join → media',
      nodes: 2,
      participants: 2,
    });
  } finally {
    await browser?.close();
    for (const n of nodes.values()) await n.stop();
    await new Promise((r) => apiServer.server.close(r));
    await app.close();
    await new Promise((r) => webServer.server.close(r));
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench scale failover failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
