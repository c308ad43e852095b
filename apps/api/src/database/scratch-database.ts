import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';

export interface ScratchDatabase {
  url: string;
  name: string;
  /** a TypeORM data source on the database (migrated unless created with migrate: false) */
  ds: DataSource;
  drop(): Promise<void>;
}

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
 * anybody's real data. `adminUrl` points at a database of the same server the user may create databases from.
 */
export async function createScratchDatabase(adminUrl: string, prefix: string, opts: { migrate?: boolean } = {}): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const ds = createDataSource(url.toString());
  await ds.initialize();
  if (opts.migrate !== false) await ds.runMigrations({ transaction: 'each' });
  return {
    url: url.toString(),
    name,
    ds,
    async drop() {
      if (ds.isInitialized) await ds.destroy();
      await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
