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
import { percentile, prng, report } from '../scheduling/bench-util';

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
  const rand = prng(20261201);
  try {
    console.error(`inbox bench: filling a team with ${OPEN} open and ${CLOSED} closed requests`);
    const q = (sql: string, params: unknown[] = []) => db.ds.query(sql, params);
    const [{ id: team }] = await q(`INSERT INTO team (kind, name, unit) VALUES ('children_youth', 'LaNu (bench)', 'Perhekeskus') RETURNING id`);
    const people: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [{ id }] = await q(`INSERT INTO person (name, email, profession, organisation) VALUES ($1, $2, 'public_health_nurse', 'Hyvinvointialue') RETURNING id`, [`Henkilö ${i}`, `henkilo.${i}@bench.test`]);
      people.push(id);
    }
    const [member, chair, ...requesters] = people;
    await q(`INSERT INTO team_member (team_id, person_id, role) VALUES ($1, $2, 'member'), ($1, $3, 'chair')`, [team, member, chair]);
    for (const p of requesters.slice(0, 8)) await q(`INSERT INTO team_member (team_id, person_id, role) VALUES ($1, $2, 'member')`, [team, p]);
    // sessions to book into: every Tuesday for 20 weeks, 6 slots of 20 minutes each
    const sessions: Array<{ id: string; start: number }> = [];
    for (let w = 0; w < 20; w++) {
      const start = NOW.getTime() + (w + 1) * 7 * 86_400_000;
      const [{ id }] = await q(
        `INSERT INTO meeting (kind, title, team_id, starts_at, ends_at, mode, slot_minutes) VALUES ('team_session', 'LaNu', $1, $2, $3, 'remote', 20) RETURNING id`,
        [team, new Date(start), new Date(start + 2 * 3_600_000)],
      );
      sessions.push({ id, start });
    }
    const statuses = ['submitted', 'submitted', 'more_info_needed', 'accepted', 'scheduled'] as const;
    const urgencies = ['urgent', 'soon', 'normal', 'normal'] as const;
    let identified = 0;
    let booked = 0;
    const rows: unknown[][] = [];
    for (let i = 0; i < OPEN + CLOSED; i++) {
      const open = i < OPEN;
      const status = open ? statuses[Math.floor(rand() * statuses.length)] : rand() < 0.5 ? 'closed' : 'handled';
      const submitted = new Date(NOW.getTime() - Math.floor(rand() * 120 * 86_400_000));
      const requester = requesters[Math.floor(rand() * requesters.length)];
      let client: string | null = null;
      let consent: string | null = null;
      if (rand() < IDENTIFIED_SHARE) {
        [{ id: client }] = await q(`INSERT INTO client (full_name, created_by_id) VALUES ($1, $2) RETURNING id`, [`Asiakas ${i}`, requester]);
        [{ id: consent }] = await q(
          `INSERT INTO consent (client_id, given_by, given_by_name, organisation_types, data_categories, purpose, given_at, recorded_by_id)
             VALUES ($1, 'guardian', 'Huoltaja', '{health_care}', '{request,minutes}', 'Konsultaatio', $2, $3) RETURNING id`,
          [client, new Date(NOW.getTime() - 200 * 86_400_000), requester],
        );
        if (open) identified++;
      }
      rows.push([requester, team, urgencies[Math.floor(rand() * urgencies.length)], `Kysymys ${i}: miten tukea perhettä?`, client === null, client, consent, status, submitted]);
    }
    const ids: Array<{ id: string; status: string; submitted_at: Date }> = await q(
      `INSERT INTO consultation_request (requester_id, team_id, client_group, urgency, question, preferred_mode, anonymous, client_id, consent_id, status, submitted_at, status_changed_at)
       SELECT x.requester, x.team, 'other', x.urgency, x.question, 'remote', x.anonymous, x.client, x.consent, x.status, x.submitted, x.submitted
         FROM jsonb_to_recordset($1::jsonb) AS x(requester uuid, team uuid, urgency text, question text, anonymous boolean, client uuid, consent uuid, status text, submitted timestamptz)
       RETURNING id, status, submitted_at`,
      [JSON.stringify(rows.map(([requester, t, urgency, question, anonymous, client, consent, status, submitted]) => ({ requester, team: t, urgency, question, anonymous, client, consent, status, submitted })))],
    );
    // their history: submitted, and accepted a day later for those past triage
    await q(
      `INSERT INTO request_event (request_id, action, from_status, to_status, at)
       SELECT id, 'submit', NULL, 'submitted', submitted_at FROM consultation_request WHERE team_id = $1
       UNION ALL
       SELECT id, 'accept', 'submitted', 'accepted', submitted_at + interval '1 day' FROM consultation_request WHERE team_id = $1 AND status IN ('accepted', 'scheduled', 'handled', 'closed')`,
      [team],
    );
    let slot = 0;
    for (const r of ids.filter((x) => x.status === 'scheduled')) {
      const s = sessions[Math.floor(slot / 6) % sessions.length];
      const start = new Date(s.start + (slot % 6) * 20 * 60_000);
      if (slot < sessions.length * 6) {
        await q(`INSERT INTO agenda_item (meeting_id, request_id, starts_at, ends_at) VALUES ($1, $2, $3, $4)`, [s.id, r.id, start, new Date(start.getTime() + 20 * 60_000)]);
        booked++;
      }
      slot++;
    }
    await q('ANALYZE');

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
