import { Client } from 'pg';
import Redis from 'ioredis';
import { ApiConfig, redact } from './config';

export class PreflightError extends Error {}

/**
 * Checks that PostgreSQL and Redis answer before the application starts, so that an unreachable one is
 * reported as one clear line rather than a stack trace from deep inside a driver.
 */
export async function preflight(config: Pick<ApiConfig, 'databaseUrl' | 'redisUrl'> & Partial<Pick<ApiConfig, 'nodeEnv'>>): Promise<void> {
  const pg = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (e) {
    throw new PreflightError(
      `cannot reach PostgreSQL at ${redact(config.databaseUrl)} (${describe(e)}); start it (e.g. pg_ctlcluster 15 main start, or docker compose up -d postgres) or fix DATABASE_URL`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 5000, retryStrategy: () => null });
  let cause: unknown;
  redis.on('error', (e: unknown) => (cause ??= e));
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new PreflightError(
      `cannot reach Redis at ${redact(config.redisUrl)} (${describe(cause ?? e)}); start it (e.g. redis-server --daemonize yes, or docker compose up -d redis) or fix REDIS_URL`,
    );
  } finally {
    redis.disconnect();
  }
  await checkAppRole(config);
}

/**
 * The API's role must be one that row-level security holds: not a superuser, not BYPASSRLS, owning no
 * table (an owner is not held either). Refused in production; outside it, a warning (a developer's
 * database from before the two roles still starts).
 */
async function checkAppRole(config: Pick<ApiConfig, 'databaseUrl'> & Partial<Pick<ApiConfig, 'nodeEnv'>>): Promise<void> {
  const pg = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 5000 });
  type Row = { role: string; superuser: boolean; bypass: boolean; owns: boolean };
  let row: Row | undefined;
  try {
    await pg.connect();
    ({ rows: [row] } = await pg.query<Row>(
      `SELECT r.rolname AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
              EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace) AS owns
         FROM pg_roles r WHERE r.rolname = current_user`,
    ));
  } finally {
    await pg.end().catch(() => undefined);
  }
  if (!row || !(row.superuser || row.bypass || row.owns)) return;
  const what = row.superuser ? 'a superuser' : row.bypass ? 'a role that bypasses row-level security' : 'the owner of tables';
  const message =
    `DATABASE_URL logs in as "${row.role}", ${what}: row-level security does not hold it; ` +
    `connect as the app role that owns nothing (e.g. DATABASE_URL=postgres://kohtaamo_app@…; README: "Database roles and row-level security")`;
  if (config.nodeEnv === 'production') throw new PreflightError(message);
  console.warn(`kohtaamo: warning: ${message}`);
}

function describe(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: Array<{ code?: string }> };
  if (err?.code) return err.code;
  if (err?.errors?.[0]?.code) return err.errors[0].code;
  return (err?.message ?? String(e)).split('\n')[0];
}
