/**
 * Booking over HTTP: the compiled API in its own process on a scratch database; 50 concurrent clients.
 *  - disjoint: every client books its own requests into its own session's slots → bookings per second
 *  - contended: 50 clients race for the same 10 slots, round after round → attempts per second, and
 *    the number of double bookings found afterwards (must be 0)
 * Compared with the ceiling of about 5,600 one-row inserts/s into such a constraint (pgbench;
 * docs/measurements.md, PostgreSQL).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createScratchDatabase } from '../../apps/api/src/database/scratch-database';
import { report } from '../scheduling/bench-util';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CLIENTS = 50;
const PER_CLIENT = 40;
const ROUNDS = 20;
const PORT = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${PORT}`;

let authorization = '';

async function call(method: string, p: string, body?: object): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(base + p, { method, headers: { 'content-type': 'application/json', authorization }, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: (await r.json().catch(() => ({}))) as Record<string, unknown> };
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the API did not start');
}

async function main(): Promise<void> {
  const db = await createScratchDatabase(ADMIN_URL, 'kohtaamo_bench');
  const api = spawn(process.execPath, [path.resolve(__dirname, '../../apps/api/src/main.js')], {
    env: { ...process.env, DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: db.url, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', PORT: String(PORT), JOIN_TOKEN_SECRET: 'bench-secret-'.padEnd(40, 'x'), RUN_WORKERS: 'false', LOG_LEVEL: 'error', NODE_ENV: 'development', RATE_LIMIT_PER_MINUTE: '10000000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth();
    // a coordinator books (the development issuer signs the token; the same verification as production)
    const [person]: Array<{ id: string }> = await db.ds.query(
      `INSERT INTO person (name, email, profession, organisation, system_role) VALUES ('Bench Coordinator', 'bench@example.fi', 'coordinator', 'Bench', 'coordinator') RETURNING id`,
    );
    const token = await call('POST', '/api/dev-auth/token', { email: 'bench@example.fi' });
    authorization = `Bearer ${String(token.json.accessToken)}`;
    const team = await call('POST', '/api/teams', { kind: 'children_youth', name: 'Bench team', unit: 'Bench' });
    const teamId = team.json.id as string;
    const requester = person.id;

    const makeRequests = async (n: number): Promise<string[]> => {
      const rows: Array<{ id: string }> = await db.ds.query(
        `INSERT INTO consultation_request (requester_id, team_id, client_group, urgency, question, preferred_mode, anonymous, status)
           SELECT $1, $2, 'other', 'normal', 'Bench question', 'remote', true, 'accepted' FROM generate_series(1, $3) RETURNING id`,
        [requester, teamId, n],
      );
      return rows.map((r) => r.id);
    };
    const session = async (day: number, slots: number): Promise<string> => {
      const start = Date.UTC(2030, 0, 1) + day * 86_400_000;
      const r = await call('POST', '/api/meetings', { kind: 'team_session', title: `Bench ${day}`, teamId, startsAt: new Date(start).toISOString(), endsAt: new Date(start + slots * 5 * 60_000).toISOString(), mode: 'remote', slotMinutes: 5 });
      return r.json.id as string;
    };

    // Disjoint: client c books requests into session c, slots 0..PER_CLIENT-1.
    const sessions = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => session(c, PER_CLIENT)));
    const reqs = await makeRequests(CLIENTS * PER_CLIENT);
    // warm-up: a few bookings on a separate session
    const warm = await session(400, 20);
    for (const id of await makeRequests(20)) await call('POST', `/api/requests/${id}/book`, { meetingId: warm });
    // statements PostgreSQL ran for the bookings (each autocommit statement and each transaction counts one): the
    // round trips a booking costs, which the throughput on a busy machine hides in its noise
    const transactions = async (): Promise<number> => {
      await new Promise((r) => setTimeout(r, 1500)); // backends report their counters about once a second
      await db.ds.query(`SELECT pg_stat_clear_snapshot()`);
      const [{ n }] = await db.ds.query(`SELECT (xact_commit + xact_rollback)::bigint AS n FROM pg_stat_database WHERE datname = current_database()`);
      return Number(n);
    };
    const tx0 = await transactions();
    const t0 = process.hrtime.bigint();
    let ok = 0;
    await Promise.all(
      sessions.map(async (meetingId, c) => {
        for (let i = 0; i < PER_CLIENT; i++) {
          const r = await call('POST', `/api/requests/${reqs[c * PER_CLIENT + i]}/book`, { meetingId, slotIndex: i });
          if (r.status === 201) ok++;
          else throw new Error(`disjoint booking failed: ${r.status} ${JSON.stringify(r.json)}`);
        }
      }),
    );
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    report('booking.disjoint_bookings_per_s', ok / secs, 'per_s', { clients: CLIENTS, bookings: ok, seconds: Math.round(secs * 100) / 100, target: 500 });
    report('booking.db_transactions_per_booking', ((await transactions()) - tx0 - 2) / ok, 'count', { bookings: ok });

    // Contended: each round, 50 clients race for the same 10 slots of a new session.
    let attempts = 0;
    let won = 0;
    let conflicts = 0;
    let other = 0;
    const roundSessions = await Promise.all(Array.from({ length: ROUNDS }, (_, r) => session(100 + r, 10)));
    const contenders = await makeRequests(ROUNDS * CLIENTS);
    const t1 = process.hrtime.bigint();
    for (let r = 0; r < ROUNDS; r++) {
      const results = await Promise.all(
        Array.from({ length: CLIENTS }, (_, c) => call('POST', `/api/requests/${contenders[r * CLIENTS + c]}/book`, { meetingId: roundSessions[r], slotIndex: c % 10 })),
      );
      for (const res of results) {
        attempts++;
        if (res.status === 201) won++;
        else if (res.status === 409) conflicts++;
        else other++;
      }
    }
    const secs2 = Number(process.hrtime.bigint() - t1) / 1e9;
    const [{ doubles }] = await db.ds.query(
      `SELECT count(*)::int AS doubles FROM agenda_item a JOIN agenda_item b ON a.meeting_id = b.meeting_id AND a.id < b.id
         AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`,
    );
    report('booking.contended_attempts_per_s', attempts / secs2, 'per_s', { clients: CLIENTS, slots_per_round: 10, rounds: ROUNDS, won, conflicts, other_errors: other });
    report('booking.contended_double_bookings', doubles, 'count', { expected: 0, won, expected_won: ROUNDS * 10 });
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await db.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
