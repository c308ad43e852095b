import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: one row per message a participant is to receive (invitation or update, cancellation,
 * reminder, minutes), keyed by a deterministic idempotency key. The relay expands meeting_outbox rows
 * into these rows in one transaction, then moves them into BullMQ; a worker claims a row before it
 * sends and marks it sent after, so a retried or duplicated job never sends the same message twice.
 * Teams may set their own reminder offsets. An insert into meeting_outbox notifies the relay at commit.
 */
export class Notifications1764400000000 implements MigrationInterface {
  name = 'Notifications1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE team ADD COLUMN reminder_offsets_minutes integer[]
        CONSTRAINT team_reminder_offsets CHECK (reminder_offsets_minutes IS NULL OR (
          cardinality(reminder_offsets_minutes) <= 10 AND 0 < ALL (reminder_offsets_minutes) AND 40320 >= ALL (reminder_offsets_minutes)))`);
    await q.query(`
      CREATE TABLE notification_delivery (
        id bigserial PRIMARY KEY,
        key varchar(200) NOT NULL CONSTRAINT notification_delivery_key UNIQUE,
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        participant_id uuid,
        minutes_id uuid,
        kind varchar(12) NOT NULL CHECK (kind IN ('invitation','update','cancellation','reminder','minutes')),
        sequence integer NOT NULL,
        offset_minutes integer NOT NULL DEFAULT 0,
        recipient jsonb NOT NULL,
        status varchar(12) NOT NULL CHECK (status IN ('queued','sending','retrying','sent','failed','no_address','superseded','expired','withheld')),
        due_at timestamptz NOT NULL DEFAULT now(),
        enqueued_at timestamptz,
        generation integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        last_error varchar(2000),
        claimed_job varchar(300),
        claimed_until timestamptz,
        message_id varchar(300),
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notification_delivery_meeting ON notification_delivery (meeting_id, participant_id)`);
    await q.query(`CREATE INDEX notification_delivery_to_enqueue ON notification_delivery (id) WHERE status = 'queued' AND enqueued_at IS NULL`);
    await q.query(`CREATE INDEX notification_delivery_in_flight ON notification_delivery (claimed_until) WHERE status = 'sending'`);
    await q.query(`
      CREATE FUNCTION kohtaamo_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('kohtaamo_outbox', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER meeting_outbox_notify AFTER INSERT ON meeting_outbox FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER meeting_outbox_notify ON meeting_outbox`);
    await q.query(`DROP FUNCTION kohtaamo_outbox_notify()`);
    await q.query(`DROP TABLE notification_delivery`);
    await q.query(`ALTER TABLE team DROP COLUMN reminder_offsets_minutes`);
  }
}
