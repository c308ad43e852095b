import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';

export interface ScratchDatabase {
  /** the owner's URL (the admin URL's user), as migrations and test set-up use it */
  url: string;
  /** the same database as the app role (kohtaamo_app, created by the migrations): what the API connects with */
  appUrl: string;
  name: string;
  /** a TypeORM data source on the database (migrated unless created with migrate: false) */
  ds: DataSource;
  drop(): Promise<void>;
}

/** the app role the migrations create and grant (the default of migrations/1764900000000-database-roles.ts) */
export const APP_ROLE = 'kohtaamo_app';

async function admin<T>(adminUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A fresh, empty database of its own (for a test file or a benchmark run), dropped afterwards; never
 * anybody's real data. `adminUrl` points at a database of the same server the user may create databases from;
 * its user migrates (the owner), and the API is to connect with `appUrl` (the app role, no password: the
 * local server trusts 127.0.0.1, as in development and CI).
 */
export async function createScratchDatabase(adminUrl: string, prefix: string, opts: { migrate?: boolean } = {}): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const appUrl = new URL(url);
  appUrl.username = APP_ROLE;
  appUrl.password = '';
  const ds = createDataSource(url.toString());
  await ds.initialize();
  if (opts.migrate !== false) await ds.runMigrations({ transaction: 'each' });
  return {
    url: url.toString(),
    appUrl: appUrl.toString(),
    name,
    ds,
    async drop() {
      if (ds.isInitialized) await ds.destroy();
      await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
