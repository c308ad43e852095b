import 'reflect-metadata';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from './config/config';
import { PreflightError, preflight } from './config/preflight';
import { QueuesService } from './queues/queues.service';
import { WorkerAppModule } from './worker.module';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];

/**
 * `node dist/apps/api/src/worker.js`: every feature's workers and the outbox relay (WorkersModule), on
 * their own (run the API with RUN_WORKERS=false then). Same configuration as the API; SIGTERM lets
 * active jobs finish, and a killed worker's jobs come back to the queue after QUEUE_LOCK_MS.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  const app = await NestFactory.createApplicationContext(WorkerAppModule.forRoot(config), {
    abortOnError: false,
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  app.enableShutdownHooks();
  await app.init();
  const queues = app.get(QueuesService).names().map((name) => `${config.queuePrefix}:${name}`);
  new Logger('Kohtaamo').log(`workers running (queues ${queues.join(', ')})`);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    console.error(`kohtaamo-worker: configuration error: ${e.message}`);
  } else if (e instanceof PreflightError) {
    console.error(`kohtaamo-worker: ${e.message}`);
  } else {
    console.error('kohtaamo-worker: failed to start:', e);
  }
  process.exit(1);
});
