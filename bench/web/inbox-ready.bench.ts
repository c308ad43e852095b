/**
 * web.inbox_ready_ms — how long a member of the responsible pair's team waits for the triage inbox
 * (issue 11): from the navigation to /inbox until the first request row is visible, in ms, with 1,000
 * open requests in the team (and 2,000 closed ones it skips; the data of api.inbox_p95_ms, see
 * bench/api/inbox-data.ts).
 *
 * All real, as deployed: a scratch database filled as the owner, the compiled API in its own process as
 * the app role (row-level security), the development IdP (scripts/dev-idp.mjs, oidc-provider) whose
 * tokens the API verifies through its production path, the web app built for production and served by
 * `vite preview` (which forwards /api), and Debian's Chromium. The member signs in once through the IdP's
 * page; each timed run is then a full page load of /inbox in the same tab (scripts from the browser's
 * cache, the session from sessionStorage, TanStack Query's cache empty) — what a nurse sees when she
 * opens the inbox from a bookmark or presses reload. The in-app click from Home to the inbox is timed too,
 * as context.
 *
 * web.inbox_ready_ms   median of RUNS page loads, ms; p95, the in-app navigation's median and the rows
 *                      shown as context
 *
 * Environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL.
 * One JSON line on stdout; progress on stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createScratchDatabase } from '../../apps/api/src/database/scratch-database';
import { fillTeamInbox } from '../api/inbox-data';
import { percentile, report } from '../scheduling/bench-util';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from '../video/chromium';
import { ROOT, buildWebApp, freePort, servePreview } from './web-app';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const OPEN = 1000;
const CLOSED = 2000;
const WARMUP = 2;
const RUNS = 15;

async function waitFor(url: string, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer within 60 s (${url})`);
}

/** the development IdP on a free port; resolves with its issuer URL once it listens */
function startIdp(databaseUrl: string, webOrigin: string): Promise<{ child: ChildProcess; issuer: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'dev-idp.mjs')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, IDP_PORT: '0', IDP_HOST: '127.0.0.1', IDP_CLIENT_ID: 'kohtaamo', IDP_WEB_ORIGINS: webOrigin, IDP_KEY_FILE: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('dev-idp did not start within 30 s')), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /dev-idp: issuer (\S+)/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        done({ child, issuer: m[1] });
      }
    });
    child.once('exit', (code) => fail(new Error(`dev-idp exited (${code})`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  const db = await createScratchDatabase(ADMIN_URL, 'kohtaamo_bench');
  const outDir = mkdtempSync(path.join(tmpdir(), 'kohtaamo-bench-inbox-'));
  const children: ChildProcess[] = [];
  try {
    process.stderr.write(`web inbox bench: filling a team with ${OPEN} open and ${CLOSED} closed requests\n`);
    const data = await fillTeamInbox(db.ds, { open: OPEN, closed: CLOSED, identifiedShare: 0.2, seed: 20261201, now: new Date() });

    const [apiPort, webPort] = [await freePort(), await freePort()];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;
    const idp = await startIdp(db.appUrl, webUrl);
    children.push(idp.child);
    const api = spawn(process.execPath, [path.resolve(__dirname, '../../apps/api/src/main.js')], {
      env: {
        ...process.env,
        DATABASE_URL: db.appUrl,
        DATABASE_OWNER_URL: db.url,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        PORT: String(apiPort),
        PUBLIC_URL: webUrl,
        JOIN_TOKEN_SECRET: 'bench-secret-'.padEnd(40, 'x'),
        OIDC_ISSUER: idp.issuer,
        OIDC_AUDIENCE: 'kohtaamo',
        OIDC_JWKS_URL: `${idp.issuer}/jwks`,
        RUN_WORKERS: 'false',
        LOG_LEVEL: 'error',
        NODE_ENV: 'development',
        RATE_LIMIT_PER_MINUTE: '10000000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(api);
    process.stderr.write('web inbox bench: building the web app\n');
    buildWebApp(outDir);
    children.push(await servePreview(outDir, webPort, apiUrl));
    await waitFor(`${apiUrl}/health`, 'the API');

    const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI', timezoneId: 'Europe/Helsinki' });
      const page = await context.newPage();
      await page.goto(`${webUrl}/`);
      await page.locator('#sign-in').click();
      await page.waitForURL((u) => u.toString().startsWith(idp.issuer), { timeout: 30_000 });
      await page.locator(`button[name="person"][value="${data.member}"]`).click();
      await page.locator('#signed-in-person').waitFor({ timeout: 60_000 });

      const firstRow = page.locator('.inbox-row').first();
      const load = async (): Promise<number> => {
        const t0 = performance.now();
        await page.goto(`${webUrl}/inbox?team=${data.team}`, { waitUntil: 'commit' });
        await firstRow.waitFor({ state: 'visible', timeout: 60_000 });
        return performance.now() - t0;
      };
      const click = async (): Promise<number> => {
        await page.goto(`${webUrl}/`);
        await page.locator('#nav-inbox').waitFor();
        await page.locator('#signed-in-person').waitFor();
        const t0 = performance.now();
        await page.locator('#nav-inbox').click();
        await firstRow.waitFor({ state: 'visible', timeout: 60_000 });
        return performance.now() - t0;
      };
      for (let i = 0; i < WARMUP; i++) await load();
      const loads: number[] = [];
      for (let i = 0; i < RUNS; i++) loads.push(await load());
      const rows = await page.locator('.inbox-row').count();
      const clicks: number[] = [];
      for (let i = 0; i < 5; i++) clicks.push(await click());
      report('web.inbox_ready_ms', percentile(loads, 50), 'ms', {
        p95: Math.round(percentile(loads, 95)),
        in_app_navigation_p50: Math.round(percentile(clicks, 50)),
        runs: loads.length,
        rows_shown: rows,
        open_requests: OPEN,
        identified_open: data.identified,
        closed_requests_skipped: CLOSED,
        viewer: 'team member, signed in through the IdP; production build; app role (row-level security)',
      });
    } finally {
      await browser.close();
    }
  } finally {
    for (const c of children.reverse()) await stop(c);
    rmSync(outDir, { recursive: true, force: true });
    await db.drop();
  }
}

main().catch((e: unknown) => {
  console.error('web inbox bench failed:', e);
  process.exit(1);
});
