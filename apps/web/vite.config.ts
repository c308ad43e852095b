import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Works both as `npx vite build apps/web` and `npx vite --config apps/web/vite.config.ts` from the repo root.
// JSX is compiled by Vite's own transform (tsconfig "jsx": "react-jsx"); @vitejs/plugin-react would add
// only Fast Refresh and does not install next to jest's Babel 7 (its optional Babel peers want Babel 8).
const root = fileURLToPath(new URL('.', import.meta.url));
// The one library the browser shares with the API and the SFU (as tsconfig "paths" says for the type check):
// pure types and small functions, no Node API.
const alias = { '@kohtaamo/protocol': fileURLToPath(new URL('../../libs/protocol/src/index.ts', import.meta.url)) };
// Where the dev and preview servers forward /socket.io (the SFU) and /api (the API); the web tests set
// WEB_PROXY_API and WEB_PROXY_SFU to the servers they started.
const sfu = process.env['WEB_PROXY_SFU'] ?? `http://127.0.0.1:${process.env['SFU_PORT'] ?? '4000'}`;
const api = process.env['WEB_PROXY_API'] ?? `http://127.0.0.1:${process.env['PORT'] ?? '3000'}`;
// Same-origin proxy: the page talks to /socket.io (the SFU) and /api (the API) on its own origin.
const proxy = {
  '/socket.io': { target: sfu, ws: true },
  '/api': { target: api },
};

export default defineConfig({
  root,
  base: '/',
  appType: 'spa',
  resolve: { alias },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries mark modules "use client" for server components; meaningless in a browser bundle
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});
