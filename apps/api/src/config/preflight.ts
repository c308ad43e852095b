import { Client } from 'pg';
import Redis from 'ioredis';
import { ApiConfig, redact } from './config';

export class PreflightError extends Error {}

/**
 * Checks that PostgreSQL and Redis answer before the application starts, so that an unreachable one is
 * reported as one clear line rather than a stack trace from deep inside a driver.
 */
export async function preflight(config: Pick<ApiConfig, 'databaseUrl' | 'redisUrl'>): Promise<void> {
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
}

function describe(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: Array<{ code?: string }> };
  if (err?.code) return err.code;
  if (err?.errors?.[0]?.code) return err.errors[0].code;
  return (err?.message ?? String(e)).split('\n')[0];
}
