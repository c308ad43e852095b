import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest directory above this file whose package.json is Kohtaamo's. */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'kohtaamo') return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}
export const REPO_ROOT = findRoot(__dirname);

/** One figure, one JSON line on stdout (scripts/bench.js contract). */
export function figure(bench: string, value: number, unit: string, context: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ bench, value, unit, ...context })}\n`);
}

/** Progress and diagnostics go to stderr only. */
export function log(message: string): void {
  process.stderr.write(`[bench video] ${message}\n`);
}

/** MEDIASOUP_WORKER_BIN, building (once, cached) with scripts/mediasoup-worker.sh when it is not set. */
export function ensureWorkerBin(): string {
  const set = process.env['MEDIASOUP_WORKER_BIN'];
  if (set !== undefined && set !== '') return set;
  log('MEDIASOUP_WORKER_BIN not set; running scripts/mediasoup-worker.sh (cached after the first build)');
  const out = execFileSync('bash', [join(REPO_ROOT, 'scripts', 'mediasoup-worker.sh')], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const bin = out.toString('utf8').trim().split('\n').pop() ?? '';
  if (bin === '') throw new Error('scripts/mediasoup-worker.sh printed no path');
  process.env['MEDIASOUP_WORKER_BIN'] = bin;
  return bin;
}

/** Builds the web client (apps/web/dist) with vite. */
export function buildWeb(): string {
  const dist = join(REPO_ROOT, 'apps', 'web', 'dist');
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--mode', 'test', '--logLevel', 'error', join(REPO_ROOT, 'apps', 'web')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (!existsSync(join(dist, 'index.html'))) throw new Error('vite build did not produce apps/web/dist/index.html');
  return dist;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
