/**
 * web.initial_js_gzip_kb — the JavaScript a browser downloads to show the staff app's sign-in page
 * (/sign-in), gzip-compressed, in kB (1,000 bytes): what a nurse on a weak link waits for before she can
 * press "Kirjaudu sisään".
 *
 * The web app is built for production (vite build, as deployed) into a scratch directory and served by
 * `vite preview`; Debian's Chromium opens /sign-in and every script response of the page's own origin is
 * recorded until the network is idle (the API is not started: the page's one API call fails, which loads
 * no further code). Each script is compressed with zlib at level 6 (the usual server default; nginx's
 * gzip_comp_level is 1–9). Context: the uncompressed bytes, the number of scripts, and the largest one.
 * One JSON line on stdout; progress on stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from '../video/chromium';
import { report } from '../scheduling/bench-util';
import { buildWebApp, freePort, servePreview } from './web-app';

async function main(): Promise<void> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'kohtaamo-bench-web-'));
  const port = await freePort();
  // a port nothing listens on: the page's API call fails fast
  const deadApi = `http://127.0.0.1:${await freePort()}`;
  process.stderr.write('web bench: building the web app\n');
  buildWebApp(outDir);
  const server = await servePreview(outDir, port, deadApi);
  const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: CHROMIUM_ARGS });
  try {
    const origin = `http://127.0.0.1:${port}`;
    const page = await browser.newPage();
    const scripts: Array<{ url: string; raw: number; gzip: number }> = [];
    const pending: Array<Promise<void>> = [];
    page.on('response', (res) => {
      if (res.request().resourceType() !== 'script' || !res.url().startsWith(origin)) return;
      pending.push(res.body().then((body) => {
        scripts.push({ url: res.url().slice(origin.length), raw: body.length, gzip: gzipSync(body, { level: 6 }).length });
      }));
    });
    await page.goto(`${origin}/sign-in`, { waitUntil: 'networkidle' });
    await page.locator('#page-title').waitFor({ timeout: 20_000 });
    await Promise.all(pending);
    const gzip = scripts.reduce((s, x) => s + x.gzip, 0);
    const raw = scripts.reduce((s, x) => s + x.raw, 0);
    const largest = [...scripts].sort((a, b) => b.gzip - a.gzip)[0];
    report('web.initial_js_gzip_kb', gzip / 1000, 'kB', {
      route: '/sign-in',
      raw_kb: Math.round(raw / 100) / 10,
      scripts: scripts.length,
      largest: largest === undefined ? null : { file: largest.url, gzip_kb: Math.round(largest.gzip / 100) / 10 },
    });
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error('web bench failed:', e);
  process.exit(1);
});
