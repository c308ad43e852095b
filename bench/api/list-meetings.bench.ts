/**
 * Listing meetings over HTTP, as the people of the demo county see them: the compiled API in its own
 * process on a scratch database seeded with the demo county by the compiled `seed:demo` command
 * (apps/api/src/cli/seed-demo.ts → apps/api/src/seed/demo-seed.ts), signed in through the development
 * issuer (POST /api/dev-auth/token) as
 *  - the family centre's coordinator, Sirpa Peltola (system role coordinator), and
 *  - a neuvola public health nurse, Terhi Mäkelä (sees what she takes part in or needs to know),
 * each timing `GET /api/meetings?limit=50`:
 *
 * api.list_meetings_p95             95th percentile of SEQUENTIAL calls, ms ({role}); p50 and the number
 *                                   of meetings the role sees (items on the page, total) as context
 * api.list_meetings_concurrent_p95  95th percentile per call with CLIENTS callers at once, ms ({role});
 *                                   calls per second as context
 *
 * The API and the seed connect as the app role (row-level security applies), as in production.
 * Bounded: SEQUENTIAL + CLIENTS×PER_CLIENT calls per role, and each phase stops early after BUDGET_MS.
 * Environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL.
 * One JSON line per figure on stdout; progress on stderr.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createScratchDatabase } from '../../apps/api/src/database/scratch-database';
import { percentile, report } from '../scheduling/bench-util';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WARMUP = 20;
const SEQUENTIAL = 300;
const CLIENTS = 10;
const PER_CLIENT = 30;
const BUDGET_MS = 60_000;
const PORT = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${PORT}`;
const PATH = '/api/meetings?limit=50';

/** The demo county's people, by the e-mail the seed derives from their names. */
const ROLES: Array<{ role: string; email: string }> = [
  { role: 'coordinator', email: 'sirpa.peltola@hyvaep.fi' },
  { role: 'nurse', email: 'terhi.makela@hyvaep.fi' },
];

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the API did not start');
}

/** Runs a compiled command to completion with `env`; its output goes to stderr (progress). */
function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', process.stderr, 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(script)} exited with ${code}`))));
  });
}

/** One timed list call; throws unless it is a 200. Returns milliseconds. */
async function timedList(authorization: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await fetch(base + PATH, { headers: { authorization } });
  await r.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 200) throw new Error(`GET ${PATH} answered ${r.status}`);
  return ms;
}

async function main(): Promise<void> {
  const db = await createScratchDatabase(ADMIN_URL, 'kohtaamo_bench');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.appUrl,
    DATABASE_OWNER_URL: db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    PORT: String(PORT),
    JOIN_TOKEN_SECRET: 'bench-secret-'.padEnd(40, 'x'),
    RUN_WORKERS: 'false',
    LOG_LEVEL: 'error',
    NODE_ENV: 'development',
    RATE_LIMIT_PER_MINUTE: '10000000',
  };
  await run(path.resolve(__dirname, '../../apps/api/src/cli/seed-demo.js'), [], env);
  const api = spawn(process.execPath, [path.resolve(__dirname, '../../apps/api/src/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitForHealth();
    for (const { role, email } of ROLES) {
      const token = await fetch(`${base}/api/dev-auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
      const accessToken = ((await token.json()) as { accessToken?: string }).accessToken;
      if (token.status !== 201 && token.status !== 200) throw new Error(`sign-in as ${email} answered ${token.status}`);
      const authorization = `Bearer ${String(accessToken)}`;
      const first = await fetch(base + PATH, { headers: { authorization } });
      const page = (await first.json()) as { items?: unknown[]; total?: number };
      if (first.status !== 200) throw new Error(`GET ${PATH} as ${role} answered ${first.status}`);
      const seen = { meetings_on_page: page.items?.length ?? 0, meetings_total: page.total ?? 0 };

      for (let i = 0; i < WARMUP; i++) await timedList(authorization);

      const sequential: number[] = [];
      const t0 = Date.now();
      while (sequential.length < SEQUENTIAL && Date.now() - t0 < BUDGET_MS) sequential.push(await timedList(authorization));
      report('api.list_meetings_p95', percentile(sequential, 95), 'ms', { role, mode: 'sequential', p50: round(percentile(sequential, 50)), calls: sequential.length, limit: 50, ...seen });

      const concurrent: number[] = [];
      const t1 = Date.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let i = 0; i < PER_CLIENT && Date.now() - t1 < BUDGET_MS; i++) concurrent.push(await timedList(authorization));
        }),
      );
      const secs = (Date.now() - t1) / 1000;
      report('api.list_meetings_concurrent_p95', percentile(concurrent, 95), 'ms', { role, clients: CLIENTS, p50: round(percentile(concurrent, 50)), calls: concurrent.length, calls_per_s: round(concurrent.length / secs), limit: 50, ...seen });
    }
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await db.drop();
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
