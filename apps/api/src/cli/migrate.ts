import 'reflect-metadata';
import { createDataSource } from '../database/data-source';
import { ensureDatabase } from '../database/ensure-database';
import { ConfigError, redact } from '../config/config';

/** `npm run migrate [-- --down]`: creates the database if needed and applies (or reverts one of) the migrations. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new ConfigError('DATABASE_URL', 'is not set; e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/kohtaamo');
  if (await ensureDatabase(url)) console.log(`created database ${redact(url)}`);
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    if (process.argv.includes('--down')) {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else {
      const applied = await ds.runMigrations({ transaction: 'each' });
      console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'database is up to date');
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(`kohtaamo migrate: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  process.exit(1);
});
