import { createTestDatabase, TestDatabase } from '../support/database';
import { MIGRATIONS } from '../../migrations';

async function tables(db: TestDatabase): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await db.ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('run up, down to empty, and up again on an empty database', async () => {
    expect(await tables(db)).toEqual([]);
    const up = await db.ds.runMigrations({ transaction: 'each' });
    expect(up.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
    const schema = await tables(db);
    expect(schema).toEqual(expect.arrayContaining(['person', 'team', 'consultation_request', 'consent', 'meeting', 'agenda_item']));

    for (let i = 0; i < MIGRATIONS.length; i++) await db.ds.undoLastMigration({ transaction: 'each' });
    expect(await tables(db)).toEqual([]);

    await db.ds.runMigrations({ transaction: 'each' });
    expect(await tables(db)).toEqual(schema);
    expect(await db.ds.showMigrations()).toBe(false);
  });

  it('has synchronize off', () => {
    expect(db.ds.options.synchronize).toBe(false);
  });
});
