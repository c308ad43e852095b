import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A draft's revision (issue 12, the minutes editor's autosave): every accepted edit of a draft raises it
 * by one, and the API answers it as the minutes' ETag. An edit sent with `If-Match` of an older revision is
 * refused (409) instead of silently overwriting what another tab or person saved meanwhile; the editor then
 * merges and keeps its own unsaved changes. Finalised minutes never change, so their revision stays.
 */
export class MinutesRevision1765060000010 implements MigrationInterface {
  name = 'MinutesRevision1765060000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE minutes ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE minutes DROP COLUMN revision`);
  }
}
