import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { Clock } from '../common/clock';
import { ConfigError, loadConfig } from '../config/config';
import { PreflightError, preflight } from '../config/preflight';
import { databaseIsEmpty, seedDemo } from '../seed/demo-seed';

/** `npm run seed:demo [-- --if-empty]`: loads the demo county (refuses a non-empty database unless --force). */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, RUN_WORKERS: 'false' });
  await preflight(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    if (!(await databaseIsEmpty(app))) {
      if (process.argv.includes('--if-empty')) {
        console.log('seed:demo: the database already has data; leaving it as it is');
        return;
      }
      if (!process.argv.includes('--force')) {
        throw new Error('the database already has data; run with --force to add the demo county anyway');
      }
    }
    const s = await seedDemo(app, app.get(Clock).now());
    console.log(`seed:demo: loaded ${s.persons} people, ${s.teams} teams, ${s.requests} requests, ${s.meetings} meetings`);
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  const msg = e instanceof ConfigError ? `configuration error: ${e.message}` : e instanceof PreflightError ? e.message : e instanceof Error ? e.message : String(e);
  console.error(`kohtaamo seed:demo: ${msg}`);
  process.exit(1);
});
