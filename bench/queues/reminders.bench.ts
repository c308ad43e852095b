/**
 * Reminders end to end: 10,000 reminders planned from meeting_outbox rows by the relay, queued as delayed
 * BullMQ jobs, sent by the notifications worker over SMTP to a local smtp-server (in this process), on a
 * throwaway PostgreSQL database and the local Redis under a prefix of its own.
 *
 * queues.enqueue_per_s          reminders planned and queued (outbox rows → delivery rows → delayed jobs) per second
 * queues.deliver_per_s          reminders sent per second when 10,000 fall due at the same instant
 * queues.reminder_lateness_p50  how late a reminder reaches the SMTP server after its due time (ms), with
 * queues.reminder_lateness_p99  10,000 due evenly over a window at half the measured delivery rate
 * queues.sql_statements_per_delivery  SQL statements the notifications worker sent to PostgreSQL per reminder
 *                               of phase A (counted at the pg driver inside its jobs, set_config for the actor
 *                               included; the relay's polls are not a delivery's cost): unlike the rates it does
 *                               not depend on how busy the machine is, so a change can be gated on it
 *
 * BENCH_PROFILE=1 also prints, on stderr, those statements by their first words.
 * Prints one JSON line per figure on stdout; progress goes to stderr.
 * Environment: BENCH_ADMIN_URL (or TEST_DATABASE_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL.
 */
import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import pg, { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../apps/api/src/config/config';
import { createDataSource } from '../../apps/api/src/database/data-source';
import { APP_ROLE } from '../../apps/api/src/database/scratch-database';
import { NotificationsProcessor } from '../../apps/api/src/notifications/notifications.processor';
import { WorkerAppModule } from '../../apps/api/src/worker.module';

const N = Number(process.env.BENCH_REMINDERS ?? 10_000);
const PER_MEETING = 10;
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const log = (msg: string) => process.stderr.write(`queues bench: ${msg}\n`);

function report(bench: string, value: number, unit: string, context: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench, value: Math.round(value * 1000) / 1000, unit, ...context }));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const stderrLogger: LoggerService = {
  log: () => undefined,
  warn: (m: unknown) => log(`warn ${String(m)}`),
  error: (m: unknown) => log(`error ${String(m)}`),
};

/** Records when each reminder arrived, by the key the API puts in X-Kohtaamo-Delivery. */
async function startSmtp(): Promise<{ server: SMTPServer; url: string; arrivals: Map<string, { at: number; due: number }> }> {
  const arrivals = new Map<string, { at: number; due: number }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('utf8', 0, 4096).split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
        const key = /^X-Kohtaamo-Delivery: (.+)$/m.exec(head)?.[1]?.trim();
        const due = /^X-Kohtaamo-Due: (.+)$/m.exec(head)?.[1]?.trim();
        if (key && due && !arrivals.has(key)) arrivals.set(key, { at: Date.now(), due: new Date(due).getTime() });
        else if (key && arrivals.has(key)) log(`DUPLICATE ${key}`);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, arrivals };
}

/**
 * Counts the statements pg clients of this process send from inside `inJob` (a notifications job):
 * whatever the path — TypeORM, the actor settings' set_config — and none of the relay's or the benchmark's.
 */
const inJob = new AsyncLocalStorage<true>();
function countStatements(): { total: () => number; byText: Map<string, number> } {
  let total = 0;
  const byText = new Map<string, number>();
  const profile = process.env.BENCH_PROFILE === '1';
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: Client, ...args: unknown[]) {
    if (inJob.getStore()) {
      total++;
      if (profile) {
        const first = args[0] as string | { text?: string };
        const text = (typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ').trim().slice(0, 90);
        byText.set(text, (byText.get(text) ?? 0) + 1);
      }
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  return { total: () => total, byText };
}

/**
 * CPU time (ms) the database's backends have used so far, from /proc (PostgreSQL on this machine):
 * with BENCH_PROFILE=1, what a delivery costs PostgreSQL besides round trips (row-level security, say).
 */
async function backendCpuMs(db: Client, seen: Map<number, number>): Promise<number> {
  const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  for (const { pid } of rows as Array<{ pid: number }>) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      seen.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100); // utime + stime, at 100 ticks/s
    } catch {
      // a backend that has gone keeps its last reading
    }
  }
  return [...seen.values()].reduce((a, b) => a + b, 0);
}

async function until(fn: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 20): Promise<number> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return Date.now();
}

/**
 * Meetings with PER_MEETING family participants each, whose invitations count as already sent, and a
 * "scheduled" outbox row each: the relay then plans exactly one reminder per participant (offset 1 min).
 */
async function seed(pg: Client, label: string, dueAt: (i: number) => number, meetings: number): Promise<void> {
  const starts = Array.from({ length: meetings }, (_, i) => new Date(dueAt(i) + 60_000).toISOString());
  await pg.query('BEGIN');
  await pg.query(
    `WITH m AS (
       INSERT INTO meeting (kind, title, starts_at, ends_at, mode, status, sequence)
       SELECT 'ad_hoc', $1 || ' ' || i, s::timestamptz, s::timestamptz + interval '30 minutes', 'remote', 'scheduled', 0
         FROM unnest($2::text[]) WITH ORDINALITY AS x(s, i)
       RETURNING id)
     INSERT INTO meeting_participant (meeting_id, kind, display_name, email, family_relation, locale)
     SELECT m.id, 'family', 'Vastaanottaja ' || j, 'p' || j || '.' || replace(m.id::text, '-', '') || '@bench.example', 'guardian', (ARRAY['fi','sv','en'])[1 + j % 3]
       FROM m CROSS JOIN generate_series(1, $3) j`,
    [label, starts, PER_MEETING],
  );
  await pg.query(
    `INSERT INTO notification_delivery (key, meeting_id, participant_id, kind, sequence, recipient, status, sent_at)
     SELECT 'req.' || p.meeting_id || '.' || p.id || '.0', p.meeting_id, p.id, 'invitation', 0,
            jsonb_build_object('name', p.display_name, 'email', p.email, 'locale', p.locale, 'kind', p.kind), 'sent', now()
       FROM meeting_participant p JOIN meeting m ON m.id = p.meeting_id WHERE m.title LIKE $1 || ' %'`,
    [label],
  );
  await pg.query('COMMIT');
}

async function main(): Promise<void> {
  const dbName = `kohtaamo_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `kohtaamo-bench-${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  const smtp = await startSmtp();
  const pg = new Client({ connectionString: databaseUrl });
  const statements = countStatements();
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | null = null;
  try {
    const ds = createDataSource(databaseUrl);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    await pg.connect();

    const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50);
    // the workers as in production: the app role (created by the migrations), held by row-level security
    const appUrl = new URL(databaseUrl);
    appUrl.username = APP_ROLE;
    appUrl.password = '';
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: appUrl.toString(),
      DATABASE_OWNER_URL: databaseUrl,
      REDIS_URL,
      JOIN_TOKEN_SECRET: randomBytes(24).toString('hex'),
      QUEUE_PREFIX: prefix,
      SMTP_URL: smtp.url,
      REMINDER_OFFSETS: '1',
      WORKER_CONCURRENCY: String(concurrency),
      RELAY_POLL_MS: '200',
      LOG_LEVEL: 'error',
    });
    app = await NestFactory.createApplicationContext(WorkerAppModule.forRoot(config), { logger: stderrLogger, abortOnError: false });
    await app.init();
    // the worker calls processor.process for each job: run it where the statement counter sees it
    const processor = app.get(NotificationsProcessor, { strict: false }) as unknown as { process: (...args: unknown[]) => Promise<unknown> };
    const process0 = processor.process.bind(processor);
    processor.process = (...args: unknown[]) => inJob.run(true, () => process0(...args));
    const meetings = Math.ceil(N / PER_MEETING);
    // cheap to ask often: reminders that have reached the queue so far (both phases)
    const queued = async () => Number((await pg.query(`SELECT count(*) AS n FROM notification_delivery WHERE kind = 'reminder' AND enqueued_at IS NOT NULL`)).rows[0].n);
    const outbox = (label: string) => pg.query(`INSERT INTO meeting_outbox (meeting_id, kind, sequence) SELECT id, 'scheduled', 0 FROM meeting WHERE title LIKE $1 || ' %'`, [label]);

    // Phase A: all reminders due at one instant, far enough ahead for the enqueue to finish first
    const dueA = Date.now() + 30_000;
    await seed(pg, 'A', () => dueA, meetings);
    log(`phase A: ${N} reminders due at one instant`);
    const t0 = Date.now();
    await outbox('A');
    const t1 = await until(async () => (await queued()) >= N, 120_000, 'phase A enqueued', 50);
    const enqueuePerS = N / ((t1 - t0) / 1000);
    log(`enqueued in ${t1 - t0} ms`);
    const statements0 = statements.total();
    statements.byText.clear();
    const profile = process.env.BENCH_PROFILE === '1';
    const backends = new Map<number, number>();
    const cpu0 = { node: process.cpuUsage(), pg: profile ? await backendCpuMs(pg, backends) : 0 };
    const statuses = async () => JSON.stringify((await pg.query(`SELECT status, count(*)::int AS n FROM notification_delivery WHERE kind = 'reminder' GROUP BY status`)).rows);
    await until(() => smtp.arrivals.size >= N, 60_000 + N * 20, 'phase A delivered', 100).catch(async (e: Error) => {
      throw new Error(`${e.message}: ${smtp.arrivals.size} arrived; deliveries ${await statuses()}`);
    });
    const lastA = Math.max(...[...smtp.arrivals.values()].map((a) => a.at));
    const deliverPerS = N / ((lastA - dueA) / 1000);
    log(`delivered in ${lastA - dueA} ms after due`);
    // the last marks-as-sent may still be on their way: wait until every row says so, then count
    await until(async () => Number((await pg.query(`SELECT count(*) AS n FROM notification_delivery WHERE kind = 'reminder' AND status = 'sent'`)).rows[0].n) >= N, 30_000, 'phase A marked sent', 50);
    const statementsPerDelivery = (statements.total() - statements0) / N;
    if (profile) {
      for (const [text, n] of [...statements.byText].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`${(n / N).toFixed(3).padStart(8)} per delivery  ${text}`);
      const node = process.cpuUsage(cpu0.node);
      const pgMs = (await backendCpuMs(pg, backends)) - cpu0.pg;
      log(`CPU per delivery: this process ${((node.user + node.system) / 1000 / N).toFixed(3)} ms, PostgreSQL backends ${(pgMs / N).toFixed(3)} ms`);
    }

    // Phase B: due evenly over a window at half the measured delivery rate
    const windowMs = Math.round((N / (deliverPerS / 2)) * 1000);
    const startB = Date.now() + 20_000;
    await seed(pg, 'B', (i) => startB + Math.floor((i * windowMs) / meetings), meetings);
    smtp.arrivals.clear();
    await outbox('B');
    await until(async () => (await queued()) >= 2 * N, 120_000, 'phase B enqueued', 50);
    log(`phase B: ${N} reminders due over ${windowMs} ms`);
    await until(() => smtp.arrivals.size >= N, 60_000 + N * 20 + windowMs, 'phase B delivered', 100).catch(async (e: Error) => {
      throw new Error(`${e.message}: ${smtp.arrivals.size} arrived; deliveries ${await statuses()}`);
    });
    const lateness = [...smtp.arrivals.values()].map((a) => a.at - a.due);

    const context = { reminders: N, worker_concurrency: concurrency, smtp_connections: 5 };
    report('queues.enqueue_per_s', enqueuePerS, 'reminders/s', { ...context, path: 'outbox → delivery rows → delayed jobs' });
    report('queues.deliver_per_s', deliverPerS, 'reminders/s', { ...context, due: 'all at one instant' });
    report('queues.sql_statements_per_delivery', statementsPerDelivery, 'statements', { ...context, due: 'all at one instant', counted: 'at the pg driver inside notification jobs, set_config included' });
    report('queues.reminder_lateness_p50', percentile(lateness, 50), 'ms', { ...context, window_s: windowMs / 1000, offered_per_s: Math.round(N / (windowMs / 1000)) });
    report('queues.reminder_lateness_p99', percentile(lateness, 99), 'ms', { ...context, window_s: windowMs / 1000, offered_per_s: Math.round(N / (windowMs / 1000)), target_ms: 1000 });
  } finally {
    await app?.close().catch(() => undefined);
    await pg.end().catch(() => undefined);
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
