import { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../apps/api/src/app.factory';
import { ApiConfig, loadConfig } from '../../apps/api/src/config/config';
import { Clock } from '../../apps/api/src/common/clock';
import { TestDatabase, createTestDatabase } from './database';
import { dropQueueKeys } from './queues';

export const TEST_SECRET = 'test-join-token-secret-0123456789abcdef';

/** A clock that tests can set; defaults to the real time. */
export class TestClock extends Clock {
  private fixed: Date | null = null;
  override now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }
  set(at: Date | string | null): void {
    this.fixed = at === null ? null : new Date(at);
  }
}

export interface TestApi {
  app: INestApplication;
  http: Server;
  db: TestDatabase;
  config: ApiConfig;
  clock: TestClock;
  close(): Promise<void>;
}

/** The real API on a real, fresh PostgreSQL database and the local Redis; not listening on a port (supertest). */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    JOIN_TOKEN_SECRET: TEST_SECRET,
    RUN_WORKERS: 'false',
    LOG_LEVEL: 'error',
    // queues of their own: parallel test files and a developer's running instance never share jobs
    QUEUE_PREFIX: `kohtaamo-test-${randomBytes(4).toString('hex')}`,
    ...env,
  });
  const clock = new TestClock();
  const app = await createApp(config, clock);
  await app.init();
  return {
    app,
    http: app.getHttpServer() as Server,
    db,
    config,
    clock,
    async close() {
      await app.close();
      await db.drop();
      await dropQueueKeys(config.redisUrl, config.queuePrefix);
    },
  };
}
