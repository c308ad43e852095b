import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from '../../../bench/video/chromium';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const WEB_DIST = join(REPO_ROOT, 'apps', 'web', 'dist');


/** extraArgs e.g. --ignore-certificate-errors (a test TURNS certificate); executablePath e.g. a wrapper that runs it in a network namespace */
export function launchChromium(o: { extraArgs?: string[]; executablePath?: string } = {}): Promise<Browser> {
  const executablePath = o.executablePath ?? CHROMIUM_BIN;
  if (!existsSync(executablePath)) throw new Error(`${executablePath} not found: apt-get install chromium`);
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...(o.extraArgs ?? [])] });
}

/** Builds apps/web into apps/web/dist (vite, about a second) so the SFU can serve the current client. */
export function buildWeb(): string {
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--mode', 'test', '--logLevel', 'error', join(REPO_ROOT, 'apps', 'web')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('vite build did not produce apps/web/dist/index.html');
  return WEB_DIST;
}

/**
 * o.apiUrl: the API this page's same-origin /api goes to. The page takes the API's address from its own
 * origin only (never from its URL), and the test SFU serves only files: this forwards the page's /api
 * requests, unchanged, to the real test API (what a reverse proxy does in a deployment).
 */
export async function newPage(browser: Browser, o: { apiUrl?: string; viewport?: { width: number; height: number } } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: o.viewport ?? { width: 1280, height: 800 }, permissions: ['camera', 'microphone'] });
  if (o.apiUrl !== undefined) await forwardApi(context, o.apiUrl);
  const page = await context.newPage();
  page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
  return { context, page };
}

/** Forwards every request to <any origin>/api/… in this context to apiUrl/api/… (method, headers and body as sent). */
export async function forwardApi(context: BrowserContext, apiUrl: string): Promise<void> {
  const api = apiUrl.replace(/\/$/, '');
  await context.route(/^https?:\/\/[^/]+\/api\//, async (route) => {
    const u = new URL(route.request().url());
    const response = await route.fetch({ url: `${api}${u.pathname}${u.search}` });
    await route.fulfill({ response });
  });
}

/** What window.__kohtaamo (apps/web/src/test-hook.ts) answers; restated here because the page's DOM
 * types do not belong in the Node test build. */
export interface PageTrackStats {
  participantId: string;
  kind: 'audio' | 'video';
  source: 'mic' | 'camera' | 'screen';
  bytesReceived: number;
  framesDecoded: number;
}
export interface KohtaamoTestHook {
  view(): 'join' | 'lobby' | 'call' | 'ended' | 'error';
  participants(): string[];
  lobby(): string[];
  stats(): Promise<PageTrackStats[]>;
  timings(): { joinClicked?: number; joined?: number; firstRemoteFrame?: number };
  events(): string[];
  routes(): Promise<Array<{ direction: 'send' | 'recv'; state: string; localCandidateType?: string; relayProtocol?: string }>>;
}

/** Calls a method of window.__kohtaamo in the page. */
export function hook<K extends keyof KohtaamoTestHook>(page: Page, method: K): Promise<Awaited<ReturnType<KohtaamoTestHook[K]>>> {
  return page.evaluate(async (m) => {
    const h = (globalThis as unknown as { __kohtaamo?: Record<string, () => unknown> }).__kohtaamo;
    if (h === undefined) throw new Error('window.__kohtaamo missing');
    const f = h[m];
    if (f === undefined) throw new Error(`__kohtaamo.${m} missing`);
    return await f();
  }, method) as Promise<Awaited<ReturnType<KohtaamoTestHook[K]>>>;
}

/** Polls until the check passes (returns true) or the time runs out; the last failure message is thrown. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 20_000, everyMs = 250): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
