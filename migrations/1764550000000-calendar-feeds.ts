import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live calendar sync: one calendar feed per person (an ICS URL or a CalDAV collection), its credentials
 * sealed with AES-256-GCM (never stored in the clear), and the outcome of the last refresh, which that
 * person sees. Busy time read from a feed is kept in person_busy with source 'feed'.
 */
export class CalendarFeeds1764550000000 implements MigrationInterface {
  name = 'CalendarFeeds1764550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feed (
        person_id uuid PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
        kind varchar(8) NOT NULL CHECK (kind IN ('ics','caldav')),
        url varchar(2000) NOT NULL,
        username varchar(200),
        secret_sealed text,
        last_attempt_at timestamptz,
        last_success_at timestamptz,
        last_status varchar(8) NOT NULL DEFAULT 'pending' CHECK (last_status IN ('pending','ok','error')),
        last_error varchar(2000),
        last_error_code varchar(40),
        last_imported integer,
        last_events integer,
        last_skipped integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM person_busy WHERE source = 'feed'`);
    await q.query(`DROP TABLE calendar_feed`);
  }
}
