import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { buildWeb, hook, launchChromium, newPage, REPO_ROOT, WEB_DIST } from './support/browser';
import { startSfu } from './support/sfu';
import { signJoinToken } from './support/tokens';

/** Every .js file the build wrote, concatenated. */
function bundleText(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.js')) out.push(readFileSync(join(d, e.name), 'utf8'));
    }
  };
  walk(dir);
  return out.join('\n');
}

/**
 * Where the join page sends tokens: only to its own origin (or the SFU node the API's answer names), never
 * to an address taken from its URL — before, `?sfu=` and `?api=` let a link send a join token, an
 * invitation or a staff member's sign-in to any server. And the test hook exists only in test builds.
 */
describe('the join page sends tokens only where the API says', () => {
  let sfu: RunningSfu;
  let browser: Browser;
  let trap: http.Server;
  let trapUrl: string;
  /** requests the server named in the URL received (none allowed) */
  const trapped: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ webRoot: buildWeb(), workers: 1 });
    trap = http.createServer((req, res) => {
      trapped.push(`${req.method ?? ''} ${req.url ?? ''} auth=${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await new Promise((resolve) => trap?.close(resolve));
    await sfu?.close();
  });

  it('a join token in the link goes to this origin\'s SFU even when the link names another (?sfu=)', async () => {
    const { context, page } = await newPage(browser);
    contexts.push(context);
    const token = await signJoinToken({ sub: 'host-a', mid: 'meeting-addresses', name: 'Anna Lääkäri', role: 'host' });
    await page.goto(`${sfu.url}/join?sfu=${encodeURIComponent(trapUrl)}&api=${encodeURIComponent(trapUrl)}#token=${token}`);
    await page.waitForSelector('#join-button');
    await page.click('#join-button');
    await page.waitForFunction(() => (globalThis as unknown as { __kohtaamo?: { view(): string } }).__kohtaamo?.view() === 'call', undefined, { timeout: 20_000 });
    expect(await hook(page, 'view')).toBe('call');
    expect(trapped).toEqual([]);
  }, 60_000);

  it('an invitation and a staff sign-in go to this origin\'s /api, never to ?api=', async () => {
    const seenHere: string[] = [];
    for (const path of [`/join?invitation=inv-secret&api=${encodeURIComponent(trapUrl)}`, `/join?meeting=m-1&api=${encodeURIComponent(trapUrl)}`]) {
      const { context, page } = await newPage(browser);
      contexts.push(context);
      page.on('request', (r) => {
        if (r.url().includes('/api/')) seenHere.push(r.url());
      });
      await page.goto(`${sfu.url}${path}`);
      // the SFU serves no /api: the invitation fails (in Finnish, the default), the staff page asks for a sign-in
      await page.waitForSelector('#error-view, #signin-form', { timeout: 20_000 });
      if (path.includes('meeting=')) {
        await page.fill('#signin-email', 'hoitaja@example.fi');
        await page.click('#signin-form button[type=submit]');
        await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('#signin-message')?.textContent !== '', undefined, { timeout: 20_000 });
      } else {
        expect(await page.textContent('#error-message')).toMatch(/^Kutsulinkillä ei voi liittyä: /);
      }
    }
    expect(trapped).toEqual([]);
    expect(seenHere.length).toBeGreaterThan(0);
    for (const u of seenHere) expect(u.startsWith(`${sfu.url}/api/`)).toBe(true);
  }, 60_000);

  it('the test hook and links that name TURN servers (`ice=`) are in the test build only: a production build holds no window.__kohtaamo and reads no ice=', () => {
    const test = bundleText(WEB_DIST);
    expect(test).toContain('__kohtaamo');
    expect(test).toContain('`ice`');
    const out = mkdtempSync(join(tmpdir(), 'kohtaamo-web-prod-'));
    try {
      execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error', '--outDir', out, '--emptyOutDir', join(REPO_ROOT, 'apps', 'web')], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      });
      const prod = bundleText(out);
      expect(prod.length).toBeGreaterThan(10_000);
      expect(prod).not.toContain('__kohtaamo');
      expect(prod).not.toContain('`ice`');
      // the call itself is there (the same page minus the hook)
      expect(prod).toContain('lobby:update');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
