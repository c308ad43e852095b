import { ScratchDatabase, createScratchDatabase } from '../../apps/api/src/database/scratch-database';

export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type TestDatabase = ScratchDatabase;

/** A fresh, empty database of its own for one test file; never the developer's data. */
export function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  return createScratchDatabase(ADMIN_URL, 'kohtaamo_test', opts);
}
