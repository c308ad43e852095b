import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transactional outbox of meeting changes. Every change that participants must hear of is written in
 * the same transaction as the change itself; a relay turns rows into queued notifications. A crash
 * between the change and the enqueue therefore loses nothing: the row stays until it is processed.
 */
export class MeetingOutbox1764300000001 implements MigrationInterface {
  name = 'MeetingOutbox1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE meeting_outbox (
        id bigserial PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        kind varchar(24) NOT NULL CHECK (kind IN ('scheduled','updated','cancelled','participant_added','participant_removed')),
        sequence integer NOT NULL,
        participant_id uuid,
        participant jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    await q.query(`CREATE INDEX meeting_outbox_pending ON meeting_outbox (id) WHERE processed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE meeting_outbox`);
  }
}
