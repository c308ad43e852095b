import 'reflect-metadata';
import { createDataSource } from '../database/data-source';
import { ensureDatabase } from '../database/ensure-database';
import { ConfigError, loadMigrationConfig, redact } from '../config/config';

/**
 * `npm run migrate [-- --down]`: creates the database if needed and applies (or reverts one of) the
 * migrations, as the schema owner (DATABASE_OWNER_URL). The app role (DATABASE_URL's user, default
 * kohtaamo_app) is created if missing and granted rows only (migrations/1764900000000-database-roles.ts).
 */
async function main(): Promise<void> {
  const { ownerUrl, appRole } = loadMigrationConfig();
  if (await ensureDatabase(ownerUrl)) console.log(`created database ${redact(ownerUrl)}`);
  const ds = createDataSource(ownerUrl, { appRole });
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
  const msg = e instanceof ConfigError ? `configuration error: ${e.message}` : e instanceof Error ? e.message.split('\n')[0] : String(e);
  console.error(`kohtaamo migrate: ${msg}`);
  process.exit(1);
});
