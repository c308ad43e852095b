/**
 * A team's triage inbox over HTTP with 1,000 open requests (issue 11): the compiled API in its own
 * process, connected as the app role (row-level security in the timed path), on a scratch database
 * filled directly as the owner with one team of ten members and 1,000 open requests —
 * 80 % anonymous, 20 % identified (one client each, with an active consent, so that need to know is
 * decided per row by staff_may_see_client), in every open status with its history events, a quarter of
 * them booked into sessions — plus 2,000 closed requests of the same team that the inbox must skip.
 * Signed in through the development issuer as a member of the team (not a chair), it times
 * `GET /api/teams/:id/inbox?limit=50` (the first page: sorting all 1,000 by urgency and waiting time,
 * the counts per status, the deadlines of the page) and, as context, a page deep in the list.
 *
 * api.inbox_p95_ms   95th percentile of SEQUENTIAL first-page calls, ms; p50, a deep page's p95, the rows
 *                    the member sees and the figures of the data as context
 *
 * Bounded: SEQUENTIAL calls (and DEEP deep-page calls), each phase stops early after BUDGET_MS.
 * Environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL.
 * One JSON line on stdout; progress on stderr.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createScratchDatabase } from '../../apps/api/src/database/scratch-database';
import { percentile, report } from '../scheduling/bench-util';
import { fillTeamInbox } from './inbox-data';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const OPEN = 1000;
const CLOSED = 2000;
const IDENTIFIED_SHARE = 0.2;
const WARMUP = 20;
const SEQUENTIAL = 300;
const DEEP = 100;
const BUDGET_MS = 60_000;
const PORT = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${PORT}`;
const NOW = new Date();

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

async function timed(url: string, authorization: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await fetch(url, { headers: { authorization } });
  await r.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 200) throw new Error(`GET ${url} answered ${r.status}`);
  return ms;
}

async function main(): Promise<void> {
  const db = await createScratchDatabase(ADMIN_URL, 'kohtaamo_bench');
  try {
    console.error(`inbox bench: filling a team with ${OPEN} open and ${CLOSED} closed requests`);
    const { team, member, identified, booked } = await fillTeamInbox(db.ds, { open: OPEN, closed: CLOSED, identifiedShare: IDENTIFIED_SHARE, seed: 20261201, now: NOW });

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
    const api = spawn(process.execPath, [path.resolve(__dirname, '../../apps/api/src/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    try {
      await waitForHealth();
      const token = await fetch(`${base}/api/dev-auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: member }) });
      if (token.status !== 201 && token.status !== 200) throw new Error(`sign-in answered ${token.status}`);
      const authorization = `Bearer ${String(((await token.json()) as { accessToken?: string }).accessToken)}`;
      const first = `${base}/api/teams/${team}/inbox?limit=50`;
      const check = await fetch(first, { headers: { authorization } });
      const page = (await check.json()) as { total?: number; items?: unknown[] };
      if (check.status !== 200 || page.total !== OPEN) throw new Error(`the inbox answered ${check.status} with ${page.total} rows, expected ${OPEN}`);
      for (let i = 0; i < WARMUP; i++) await timed(first, authorization);
      const times: number[] = [];
      const t0 = Date.now();
      while (times.length < SEQUENTIAL && Date.now() - t0 < BUDGET_MS) times.push(await timed(first, authorization));
      const deepUrl = `${base}/api/teams/${team}/inbox?limit=50&offset=${OPEN - 50}`;
      const deep: number[] = [];
      const t1 = Date.now();
      while (deep.length < DEEP && Date.now() - t1 < BUDGET_MS) deep.push(await timed(deepUrl, authorization));
      report('api.inbox_p95_ms', percentile(times, 95), 'ms', {
        p50: round(percentile(times, 50)),
        calls: times.length,
        limit: 50,
        open_requests: OPEN,
        identified_open: identified,
        booked,
        closed_requests_skipped: CLOSED,
        deep_page_p95: round(percentile(deep, 95)),
        viewer: 'team member, app role (row-level security)',
      });
    } finally {
      api.kill('SIGTERM');
      await new Promise((r) => api.once('exit', r));
    }
  } finally {
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
