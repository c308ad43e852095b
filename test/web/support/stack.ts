import type { INestApplication } from '@nestjs/common';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../../apps/api/src/app.factory';
import { loadConfig, type ApiConfig } from '../../../apps/api/src/config/config';
import { asSystem } from '../../../apps/api/src/database/actor-context';
import { seedDemo } from '../../../apps/api/src/seed/demo-seed';
import { TEST_SECRET, TestClock } from '../../support/api';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { dropQueueKeys } from '../../support/queues';
import { launchChromium } from '../../video/support/browser';
import { startSfu } from '../../video/support/sfu';
import { signInHeadless, startDevIdp, type DevIdp } from './idp';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * The staff web app for a test, all real: a fresh PostgreSQL database (with the demo county unless
 * `seed: false`), the API listening on a port and verifying tokens of the development IdP through its
 * production path (OIDC_ISSUER/OIDC_AUDIENCE/OIDC_JWKS_URL), the IdP (scripts/dev-idp.mjs), the web app
 * built once for this test file and served by `vite preview` (which forwards /api to the API), and
 * Chromium. Use it for any page of the staff app:
 *
 *   const stack = await startWebStack();
 *   const { page } = await stack.newPage();
 *   await stack.signIn(page, 'terhi.makela@hyvaep.fi');   // through the IdP's page, as a person would
 *   …
 *   await stack.close();
 */
export interface WebStack {
  db: TestDatabase;
  api: INestApplication;
  config: ApiConfig;
  clock: TestClock;
  apiUrl: string;
  webUrl: string;
  idp: DevIdp;
  browser: Browser;
  /** a person of the database by email (demo people: terhi.makela@hyvaep.fi, lauri.rintala@hyvaep.fi, …) */
  person(email: string): Promise<{ id: string; name: string; email: string }>;
  /** an access token for a person, got through the IdP without a browser: to set data up through the API */
  tokenFor(personId: string): Promise<string>;
  newPage(o?: { locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  /** signs in through the sign-in page and the IdP's page; resolves on Home (or where returnTo led) */
  signIn(page: Page, email: string): Promise<void>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => done(port));
    });
  });
}

const VITE = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const WEB_ROOT = join(REPO_ROOT, 'apps', 'web');

/**
 * Builds the web app into a directory of its own (parallel test files never share one). mode 'test' adds
 * the call's test hook (window.__kohtaamo), as the video tests' build does.
 */
export function buildWebApp(outDir: string, mode: 'production' | 'test' = 'production'): void {
  execFileSync(process.execPath, [VITE, 'build', WEB_ROOT, '--mode', mode, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    // jest sets NODE_ENV=test, which would make Vite bundle React's development build
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`vite build did not produce ${outDir}/index.html`);
}

async function servePreview(outDir: string, port: number, apiUrl: string, sfuUrl: string | undefined): Promise<ChildProcess> {
  const child = spawn(process.execPath, [VITE, 'preview', WEB_ROOT, '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: REPO_ROOT,
    env: { ...process.env, WEB_PROXY_API: apiUrl, ...(sfuUrl === undefined ? {} : { WEB_PROXY_SFU: sfuUrl }) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const end = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}): ${stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
    if (ok) return child;
    if (Date.now() > end) throw new Error(`vite preview did not answer within 30 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * o.sfu: also a real SFU (mediasoup workers; MEDIASOUP_WORKER_BIN) verifying the API's join tokens, behind
 * the page's own /socket.io, and a test-mode build (the call's test hook): for calls from the app.
 */
export async function startWebStack(o: { seed?: boolean; accessTokenTtl?: number; env?: Record<string, string>; sfu?: boolean } = {}): Promise<WebStack> {
  const cleanup: Array<() => Promise<void> | void> = [];
  const close = async (): Promise<void> => {
    for (const f of cleanup.reverse()) await Promise.resolve(f()).catch((e: unknown) => process.stderr.write(`[web stack] cleanup: ${String(e)}\n`));
  };
  try {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const webPort = await freePort();
    const webUrl = `http://127.0.0.1:${webPort}`;
    const idp = await startDevIdp({ databaseUrl: db.appUrl, webOrigins: [webUrl], accessTokenTtl: o.accessTokenTtl });
    cleanup.push(() => idp.close());

    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.appUrl,
      DATABASE_OWNER_URL: db.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      JOIN_TOKEN_SECRET: TEST_SECRET,
      RUN_WORKERS: 'false',
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: '1000000',
      QUEUE_PREFIX: `kohtaamo-test-web-${randomBytes(4).toString('hex')}`,
      PUBLIC_URL: webUrl,
      OIDC_ISSUER: idp.issuer,
      OIDC_AUDIENCE: idp.clientId,
      OIDC_JWKS_URL: idp.jwksUrl,
      ...o.env,
    });
    cleanup.push(async () => {
      await dropQueueKeys(config.redisUrl, config.queuePrefix);
    });
    const clock = new TestClock();
    const api = await createApp(config, clock);
    await api.init();
    cleanup.push(() => api.close());
    if (o.seed !== false) await asSystem(() => seedDemo(api, clock.now()));
    await api.listen(0, '127.0.0.1');
    const apiUrl = (await api.getUrl()).replace('[::1]', '127.0.0.1');

    const outDir = mkdtempSync(join(tmpdir(), 'kohtaamo-web-'));
    cleanup.push(() => rmSync(outDir, { recursive: true, force: true }));
    buildWebApp(outDir, o.sfu === true ? 'test' : 'production');
    let sfuUrl: string | undefined;
    if (o.sfu === true) {
      // reports who joined and left each call to the API (attendance from the video), as npm start does
      const sfu = await startSfu({ joinTokenSecret: config.joinTokenSecret, workers: 1, apiUrl });
      cleanup.push(() => sfu.close());
      sfuUrl = sfu.url;
    }
    const preview = await servePreview(outDir, webPort, apiUrl, sfuUrl);
    cleanup.push(() => new Promise<void>((done) => {
      if (preview.exitCode !== null) return done();
      preview.once('exit', () => done());
      preview.kill('SIGTERM');
    }));

    const browser = await launchChromium();
    cleanup.push(() => browser.close());

    // The API fetches the IdP's keys at the first token it sees (5 s limit): fetch them now, so that a
    // loaded machine does not turn the first sign-in of a test into a 401.
    const [someone]: Array<{ id: string }> = await db.ds.query('SELECT id FROM person WHERE active LIMIT 1');
    if (someone !== undefined) {
      const token = (await signInHeadless(idp, someone.id, `${webUrl}/auth/callback`)).accessToken;
      for (let i = 0; ; i++) {
        const res = await fetch(`${apiUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
        if (res.ok) break;
        if (i >= 5) throw new Error(`the API does not accept the development IdP's token: ${res.status} ${await res.text()}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }

    const person = async (email: string) => {
      const rows: Array<{ id: string; name: string; email: string }> = await db.ds.query('SELECT id, name, email FROM person WHERE lower(email) = lower($1)', [email]);
      const p = rows[0];
      if (p === undefined) throw new Error(`no person ${email}`);
      return p;
    };
    return {
      db, api, config, clock, apiUrl, webUrl, idp, browser, person,
      async tokenFor(personId) {
        return (await signInHeadless(idp, personId, `${webUrl}/auth/callback`)).accessToken;
      },
      async newPage(po = {}) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: po.locale ?? 'fi-FI', timezoneId: 'Europe/Helsinki' });
        const page = await context.newPage();
        page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
        return { context, page };
      },
      async signIn(page, email) {
        const p = await person(email);
        if (!page.url().startsWith(webUrl)) await page.goto(`${webUrl}/`);
        await page.locator('#sign-in').click();
        await page.waitForURL((u) => u.toString().startsWith(idp.issuer), { timeout: 20_000 });
        await page.locator(`button[name="person"][value="${p.id}"]`).click();
        await page.waitForURL((u) => u.toString().startsWith(webUrl) && !u.pathname.startsWith('/auth/'), { timeout: 20_000 });
        await page.locator('#signed-in-person').waitFor({ timeout: 30_000 }).catch(async () => {
          throw new Error(`signed in as ${email}, but no name in the header after 30 s; at ${page.url()}: ${await page.locator('main').textContent().catch(() => '')}`);
        });
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
