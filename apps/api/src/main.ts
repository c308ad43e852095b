import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { PreflightError, preflight } from './config/preflight';

async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  const app = await createApp(config);
  await app.listen(config.port, '0.0.0.0');
  new Logger('Kohtaamo').log(`API listening on http://localhost:${config.port} (docs at /api/docs)`);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    console.error(`kohtaamo-api: configuration error: ${e.message}`);
  } else if (e instanceof PreflightError) {
    console.error(`kohtaamo-api: ${e.message}`);
  } else {
    console.error('kohtaamo-api: failed to start:', e);
  }
  process.exit(1);
});
