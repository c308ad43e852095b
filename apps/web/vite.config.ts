import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Works both as `npx vite build apps/web` and `npx vite --config apps/web/vite.config.ts` from the repo root.
const root = fileURLToPath(new URL('.', import.meta.url));
const sfu = `http://127.0.0.1:${process.env['SFU_PORT'] ?? '4000'}`;
const api = `http://127.0.0.1:${process.env['PORT'] ?? '3000'}`;
// Same-origin proxy: the page talks to /socket.io (the SFU) and /api (the API) on its own origin.
const proxy = {
  '/socket.io': { target: sfu, ws: true },
  '/api': { target: api },
};

export default defineConfig({
  root,
  base: '/',
  appType: 'spa',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  server: { proxy },
  preview: { proxy },
});
