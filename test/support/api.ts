import { INestApplication } from '@nestjs/common';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../apps/api/src/app.factory';
import { ApiConfig, loadConfig } from '../../apps/api/src/config/config';
import { DevIssuer } from '../../apps/api/src/auth/dev-issuer.service';
import { TestClock } from './clock';
import { TestDatabase, createTestDatabase } from './database';
import { dropQueueKeys } from './queues';

export const TEST_SECRET = 'test-join-token-secret-0123456789abcdef';

export { TestClock };

export interface TestApi {
  app: INestApplication;
  /**
   * For supertest: the API as the test operator (a coordinator who chairs the fixture's team) unless the
   * request sets its own Authorization header.
   */
  http: RequestListener;
  /** the API with no default sign-in */
  raw: RequestListener;
  operator: { personId: string; token: string };
  /**
   * `Authorization` of a second coordinator who sets things up that the operator may not do to himself
   * (nobody names themselves a chair).
   */
  setupAuth: string;
  /** a development-issuer bearer token for a person */
  tokenFor(personId: string): Promise<string>;
  /** a new staff account and its token (e.g. an administrator) */
  staff(systemRole?: 'staff' | 'coordinator' | 'admin', name?: string): Promise<{ personId: string; token: string; auth: string }>;
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
    // the API as its own role, held by row-level security; the test set-up writes as the owner (db.ds)
    DATABASE_URL: db.appUrl,
    DATABASE_OWNER_URL: db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    JOIN_TOKEN_SECRET: TEST_SECRET,
    RUN_WORKERS: 'false',
    LOG_LEVEL: 'error',
    // tests send many requests from one address; the rate-limit test sets its own
    RATE_LIMIT_PER_MINUTE: '1000000',
    // queues of their own: parallel test files and a developer's running instance never share jobs
    QUEUE_PREFIX: `kohtaamo-test-${randomBytes(4).toString('hex')}`,
    ...env,
  });
  const clock = new TestClock();
  const app = await createApp(config, clock);
  await app.init();
  const raw = app.getHttpAdapter().getInstance() as RequestListener;
  const issuer = app.get(DevIssuer);
  const tokenFor = async (personId: string) => (await issuer.tokenFor({ personId })).accessToken;
  const [{ id: operatorId }]: Array<{ id: string }> = await db.ds.query(
    `INSERT INTO person (name, email, profession, organisation, system_role) VALUES ('Testi Operaattori', 'operaattori@test.invalid', 'coordinator', 'Testi', 'coordinator') RETURNING id`,
  );
  const operatorToken = await tokenFor(operatorId);
  const [{ id: setupId }]: Array<{ id: string }> = await db.ds.query(
    `INSERT INTO person (name, email, profession, organisation, system_role) VALUES ('Testi Asettaja', 'asettaja@test.invalid', 'coordinator', 'Testi', 'coordinator') RETURNING id`,
  );
  const setupAuth = `Bearer ${await tokenFor(setupId)}`;
  const http: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization === undefined) req.headers.authorization = `Bearer ${operatorToken}`;
    raw(req, res);
  };
  return {
    app,
    http,
    raw,
    operator: { personId: operatorId, token: operatorToken },
    setupAuth,
    tokenFor,
    async staff(systemRole = 'staff', name = 'Testi Henkilö') {
      const [{ id }]: Array<{ id: string }> = await db.ds.query(
        `INSERT INTO person (name, email, profession, organisation, system_role) VALUES ($1, $2, 'nurse', 'Testi', $3) RETURNING id`,
        [name, `${systemRole}.${randomBytes(4).toString('hex')}@test.invalid`, systemRole],
      );
      const token = await tokenFor(id);
      return { personId: id, token, auth: `Bearer ${token}` };
    },
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
