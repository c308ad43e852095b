/**
 * The web benches' shared set-up: a free port, the web app built for production (as deployed) into a
 * scratch directory, and `vite preview` serving it with /api forwarded to `apiUrl`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
const VITE = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const WEB = path.join(ROOT, 'apps', 'web');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => done(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

/** `vite build` for production into `outDir` (NODE_ENV=production: React's production build). */
export function buildWebApp(outDir: string): void {
  execFileSync(process.execPath, [VITE, 'build', WEB, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/** `vite preview` of `outDir` on 127.0.0.1:`port`, forwarding /api to `apiUrl`; resolves once it answers (60 s at most). */
export async function servePreview(outDir: string, port: number, apiUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [VITE, 'preview', WEB, '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, WEB_PROXY_API: apiUrl },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    if (await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false)) return child;
    if (i > 300) {
      child.kill('SIGTERM');
      throw new Error('vite preview did not answer within 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
