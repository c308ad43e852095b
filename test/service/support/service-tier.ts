import { DynamicModule, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { AuthModule } from '../../../apps/api/src/auth/auth.module';
import { DevIssuer } from '../../../apps/api/src/auth/dev-issuer.service';
import type { StaffPrincipal } from '../../../apps/api/src/auth/principal';
import { TokenVerifier } from '../../../apps/api/src/auth/token-verifier.service';
import { ApiConfig, loadConfig } from '../../../apps/api/src/config/config';
import { ConfigModule } from '../../../apps/api/src/config/config.module';
import { runAs } from '../../../apps/api/src/database/actor-context';
import { dataSourceOptions } from '../../../apps/api/src/database/data-source';
import { QueuesModule } from '../../../apps/api/src/queues/queues.module';
import { QueuesService } from '../../../apps/api/src/queues/queues.service';
import { SfuNodesRepository } from '../../../apps/api/src/video/sfu-nodes.repository';
import { VideoModule } from '../../../apps/api/src/video/video.module';
import { TestClock } from '../../support/clock';
import { TestDatabase, createTestDatabase } from '../../support/database';

/**
 * The service tier (jest project `service`, files test/service/*.service-spec.ts): the API's feature
 * modules as Nest wires them, on a real, migrated scratch PostgreSQL database, with no HTTP server.
 * Tests call the services directly, as the controllers do — with the principal the auth guard would
 * have resolved from a token (`principal`) and inside the actor scope it would have set (`as`), so
 * row-level security holds the calls exactly as it holds the API's.
 *
 * Like the API, the services connect as the app role (kohtaamo_app, under row-level security) with the
 * test's clock as `kohtaamo.now`; the test's own set-up and assertions use `db.ds`, the owner's connection.
 *
 * No Redis: the modules here hand work to the workers through the outbox (a table). The two providers
 * that would talk to Redis — QueuesService (calendar feeds) and SfuNodesRepository (join tokens, SFU
 * orders) — are stand-ins that throw when used, so a test that needed Redis fails loudly, naming the call.
 */
export interface ServiceTier {
  module: TestingModule;
  /** the scratch database; `db.ds` is the owner's connection (no row-level security) for set-up and assertions */
  db: TestDatabase;
  config: ApiConfig;
  clock: TestClock;
  get<T>(type: Type<T>): T;
  /** The principal of a person exactly as the auth guard resolves it from a development-issuer token (roles from the database, today by the clock). */
  principal(personId: string): Promise<StaffPrincipal>;
  /** Runs `fn` as `who`, as an HTTP request authenticated as them runs (the actor row-level security sees). */
  as<T>(who: StaffPrincipal, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Nest's lifecycle hooks: asked of every provider, so the stand-ins below must not answer them. */
const HOOKS = new Set(['then', 'onModuleInit', 'onApplicationBootstrap', 'onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown']);

/** A stand-in for a provider that would talk to Redis: any use throws, naming what was asked for. */
function withoutRedis(provider: string, offline: Record<string, unknown> = {}): object {
  return new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key === 'symbol' || HOOKS.has(key)) return undefined;
        if (typeof key === 'string' && key in offline) return offline[key];
        return () => {
          throw new Error(`the service tier runs without Redis: ${provider}.${key} was called`);
        };
      },
    },
  );
}

/**
 * Starts the given feature modules (e.g. SchedulingModule) with what they need from the app module:
 * configuration and clock, TypeORM, and the auth module (policy service, access repository, token
 * verification). Each call makes its own database; `close()` drops it.
 */
export async function startServiceTier(features: Array<Type<unknown> | DynamicModule>): Promise<ServiceTier> {
  const db = await createTestDatabase();
  const clock = new TestClock();
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.appUrl,
      DATABASE_OWNER_URL: db.url,
      // validated only: nothing in the service tier connects to Redis (see NoQueuesModule)
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      JOIN_TOKEN_SECRET: 'service-tier-join-token-secret-0123456789',
      RUN_WORKERS: 'false',
      LOG_LEVEL: 'error',
      QUEUE_PREFIX: `kohtaamo-test-${randomBytes(4).toString('hex')}`,
    });
    const module = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config, clock),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl, { now: () => clock.now() }), retryAttempts: 0 }),
        AuthModule.forRoot({ production: false, rateLimitPerMinute: 1_000_000 }),
        QueuesModule,
        VideoModule,
        ...features,
      ],
    })
      .overrideProvider(QueuesService)
      .useValue(withoutRedis('QueuesService', { register: (definition: unknown) => definition })) // features declare their queues at build time: no Redis in that
      .overrideProvider(SfuNodesRepository)
      .useValue(withoutRedis('SfuNodesRepository'))
      .setLogger({ log() {}, warn() {}, debug() {}, verbose() {}, error: (...m: unknown[]) => console.error(...m), fatal: (...m: unknown[]) => console.error(...m) })
      .compile();
    await module.init();
    const issuer = module.get(DevIssuer);
    const verifier = module.get(TokenVerifier);
    return {
      module,
      db,
      config,
      clock,
      get: (type) => module.get(type, { strict: false }),
      async principal(personId) {
        return verifier.verify((await issuer.tokenFor({ personId })).accessToken);
      },
      as: (who, fn) => runAs({ kind: 'staff', id: who.personId }, fn),
      async close() {
        await module.close();
        await db.drop();
      },
    };
  } catch (e) {
    await db.drop();
    throw e;
  }
}
