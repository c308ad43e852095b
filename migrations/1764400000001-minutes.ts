import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Minutes (muistio) in versions: a draft is edited, then finalised; a finalised version is immutable
 * (a trigger refuses any change but the rendered PDF and the distribution mark) and a correction is a
 * new version pointing to the one it corrects. A finalisation notifies the relay, which queues the
 * rendering and distribution; `distribution_queued_at` makes that an outbox of its own.
 */
export class Minutes1764400000001 implements MigrationInterface {
  name = 'Minutes1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE minutes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE RESTRICT,
        request_id uuid REFERENCES consultation_request(id),
        version integer NOT NULL CHECK (version >= 1),
        previous_id uuid REFERENCES minutes(id) CONSTRAINT minutes_corrected_once UNIQUE,
        status varchar(10) NOT NULL CHECK (status IN ('draft','finalised')),
        anonymous boolean NOT NULL,
        locale varchar(2) NOT NULL DEFAULT 'fi' CHECK (locale IN ('fi','sv','en')),
        attendance jsonb NOT NULL DEFAULT '[]',
        question varchar(4000),
        summary varchar(20000) NOT NULL DEFAULT '',
        actions jsonb NOT NULL DEFAULT '[]',
        disclosures jsonb NOT NULL DEFAULT '[]',
        next_meeting jsonb,
        correction_reason varchar(2000),
        created_by_id uuid REFERENCES person(id),
        finalised_by_id uuid REFERENCES person(id),
        finalised_at timestamptz,
        pdf bytea,
        distribution_queued_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((version = 1) = (previous_id IS NULL)),
        CHECK ((status = 'finalised') = (finalised_at IS NOT NULL AND finalised_by_id IS NOT NULL)),
        CHECK (status = 'finalised' OR (pdf IS NULL AND distribution_queued_at IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX minutes_version ON minutes (meeting_id, coalesce(request_id::text, ''), version)`);
    await q.query(`CREATE UNIQUE INDEX minutes_one_draft ON minutes (meeting_id, coalesce(request_id::text, '')) WHERE status = 'draft'`);
    await q.query(`CREATE INDEX minutes_to_distribute ON minutes (finalised_at) WHERE status = 'finalised' AND distribution_queued_at IS NULL`);
    await q.query(`
      CREATE FUNCTION minutes_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status = 'finalised' THEN
            RAISE EXCEPTION 'finalised minutes % cannot be deleted', OLD.id USING ERRCODE = '23514', CONSTRAINT = 'minutes_finalised_immutable';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'finalised' AND (
             (to_jsonb(NEW) - 'pdf' - 'distribution_queued_at' - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'pdf' - 'distribution_queued_at' - 'updated_at')
             OR (OLD.pdf IS NOT NULL AND NEW.pdf IS DISTINCT FROM OLD.pdf)) THEN
          RAISE EXCEPTION 'finalised minutes % are immutable; make a correction', OLD.id USING ERRCODE = '23514', CONSTRAINT = 'minutes_finalised_immutable';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER minutes_immutable BEFORE UPDATE OR DELETE ON minutes FOR EACH ROW EXECUTE FUNCTION minutes_immutable()`);
    await q.query(`
      CREATE TRIGGER minutes_finalised_notify AFTER UPDATE OF status ON minutes
        FOR EACH ROW WHEN (NEW.status = 'finalised' AND OLD.status = 'draft') EXECUTE FUNCTION kohtaamo_outbox_notify()`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_minutes FOREIGN KEY (minutes_id) REFERENCES minutes(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_minutes`);
    await q.query(`DROP TABLE minutes`);
    await q.query(`DROP FUNCTION minutes_immutable()`);
  }
}
