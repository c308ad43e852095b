import { bootstrapSfu } from './bootstrap';
import { ConfigError, loadSfuConfig, type SfuConfig } from './config/sfu.config';

/** `node dist/apps/sfu/src/main.js`: configuration from the environment (see apps/sfu/README.md). */
async function main(): Promise<void> {
  let config: SfuConfig;
  try {
    config = loadSfuConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`sfu: configuration error: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const sfu = await bootstrapSfu(config);
  process.stdout.write(`sfu: listening on ${sfu.url} with ${config.workers} mediasoup worker(s)\n`);
  const stop = (signal: string): void => {
    process.stdout.write(`sfu: ${signal}, closing\n`);
    sfu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`sfu: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
