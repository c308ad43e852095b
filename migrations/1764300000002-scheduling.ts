import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduling: recurring team-session series with per-occurrence exceptions, rooms, working hours and
 * imported busy time; and no double booking under any concurrency, held by PostgreSQL itself:
 * - a person cannot be in two overlapping scheduled meetings (exclusion on meeting_participant, whose
 *   `during`/`active` follow the meeting through triggers, so moving a meeting is checked too);
 * - an agenda slot cannot hold two cases (exclusion on agenda_item per meeting);
 * - a room cannot host two scheduled meetings at once (exclusion on meeting).
 * Ranges are half-open, so back-to-back meetings are allowed.
 */
export class Scheduling1764300000002 implements MigrationInterface {
  name = 'Scheduling1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE room (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        unit varchar(200) NOT NULL,
        capacity integer CHECK (capacity IS NULL OR capacity > 0),
        video_device boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX room_name_key ON room (lower(unit), lower(name))`);

    await q.query(`
      CREATE TABLE session_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE CASCADE,
        title varchar(300) NOT NULL,
        dtstart varchar(19) NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
        rrule varchar(500) NOT NULL,
        slot_minutes integer NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
        mode varchar(10) NOT NULL CHECK (mode IN ('remote','in_person','hybrid')),
        location varchar(300),
        room_id uuid REFERENCES room(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (mode = 'remote' OR location IS NOT NULL OR room_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX session_series_team ON session_series (team_id)`);
    await q.query(`
      CREATE TABLE session_exception (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        series_id uuid NOT NULL REFERENCES session_series(id) ON DELETE CASCADE,
        occurrence_key varchar(30) NOT NULL,
        kind varchar(10) NOT NULL CHECK (kind IN ('cancelled','moved')),
        starts_at timestamptz,
        ends_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_exception_once UNIQUE (series_id, occurrence_key),
        CHECK ((kind = 'moved') = (starts_at IS NOT NULL AND ends_at IS NOT NULL)),
        CHECK (ends_at IS NULL OR ends_at > starts_at)
      )`);

    await q.query(`ALTER TABLE meeting ADD COLUMN room_id uuid REFERENCES room(id)`);
    await q.query(`ALTER TABLE meeting ADD COLUMN series_id uuid REFERENCES session_series(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE meeting ADD COLUMN occurrence_key varchar(30)`);
    await q.query(`ALTER TABLE meeting ADD COLUMN slot_minutes integer CHECK (slot_minutes IS NULL OR slot_minutes BETWEEN 5 AND 480)`);
    await q.query(`ALTER TABLE meeting ADD CONSTRAINT meeting_occurrence_once UNIQUE (series_id, occurrence_key)`);
    await q.query(`ALTER TABLE meeting DROP CONSTRAINT meeting_check2`);
    await q.query(`ALTER TABLE meeting ADD CONSTRAINT meeting_place CHECK (mode = 'remote' OR location IS NOT NULL OR room_id IS NOT NULL)`);
    await q.query(`
      ALTER TABLE meeting ADD CONSTRAINT meeting_room_no_double_booking
        EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status = 'scheduled' AND room_id IS NOT NULL)`);

    await q.query(`ALTER TABLE meeting_participant ADD COLUMN during tstzrange`);
    await q.query(`ALTER TABLE meeting_participant ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(`
      UPDATE meeting_participant p SET during = tstzrange(m.starts_at, m.ends_at), active = (m.status = 'scheduled')
        FROM meeting m WHERE m.id = p.meeting_id`);
    await q.query(`ALTER TABLE meeting_participant ALTER COLUMN during SET NOT NULL`);
    await q.query(`
      CREATE FUNCTION meeting_participant_follow_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT tstzrange(m.starts_at, m.ends_at), m.status = 'scheduled' INTO NEW.during, NEW.active
          FROM meeting m WHERE m.id = NEW.meeting_id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER meeting_participant_follow_meeting BEFORE INSERT OR UPDATE OF meeting_id, during, active ON meeting_participant
        FOR EACH ROW EXECUTE FUNCTION meeting_participant_follow_meeting()`);
    await q.query(`
      CREATE FUNCTION meeting_moves_participants() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE meeting_participant SET during = tstzrange(NEW.starts_at, NEW.ends_at), active = (NEW.status = 'scheduled')
          WHERE meeting_id = NEW.id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER meeting_moves_participants AFTER UPDATE OF starts_at, ends_at, status ON meeting
        FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at OR OLD.ends_at IS DISTINCT FROM NEW.ends_at OR OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION meeting_moves_participants()`);
    await q.query(`
      ALTER TABLE meeting_participant ADD CONSTRAINT participant_no_double_booking
        EXCLUDE USING gist (person_id WITH =, during WITH &&) WHERE (active AND person_id IS NOT NULL)`);

    await q.query(`
      ALTER TABLE agenda_item ADD CONSTRAINT agenda_slot_no_double_booking
        EXCLUDE USING gist (meeting_id WITH =, tstzrange(starts_at, ends_at) WITH &&)`);

    await q.query(`ALTER TABLE person ADD COLUMN working_hours jsonb`);
    await q.query(`
      CREATE TABLE person_busy (
        id bigserial PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        during tstzrange NOT NULL,
        source varchar(20) NOT NULL DEFAULT 'ics',
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX person_busy_during ON person_busy USING gist (person_id, during)`);
    await q.query(`CREATE INDEX meeting_participant_during ON meeting_participant USING gist (person_id, during) WHERE active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person_busy`);
    await q.query(`ALTER TABLE person DROP COLUMN working_hours`);
    await q.query(`ALTER TABLE agenda_item DROP CONSTRAINT agenda_slot_no_double_booking`);
    await q.query(`DROP INDEX meeting_participant_during`);
    await q.query(`ALTER TABLE meeting_participant DROP CONSTRAINT participant_no_double_booking`);
    await q.query(`DROP TRIGGER meeting_moves_participants ON meeting`);
    await q.query(`DROP FUNCTION meeting_moves_participants()`);
    await q.query(`DROP TRIGGER meeting_participant_follow_meeting ON meeting_participant`);
    await q.query(`DROP FUNCTION meeting_participant_follow_meeting()`);
    await q.query(`ALTER TABLE meeting_participant DROP COLUMN active`);
    await q.query(`ALTER TABLE meeting_participant DROP COLUMN during`);
    await q.query(`ALTER TABLE meeting DROP CONSTRAINT meeting_room_no_double_booking`);
    await q.query(`ALTER TABLE meeting DROP CONSTRAINT meeting_place`);
    await q.query(`ALTER TABLE meeting ADD CONSTRAINT meeting_check2 CHECK (mode = 'remote' OR location IS NOT NULL)`);
    await q.query(`ALTER TABLE meeting DROP CONSTRAINT meeting_occurrence_once`);
    await q.query(`ALTER TABLE meeting DROP COLUMN slot_minutes`);
    await q.query(`ALTER TABLE meeting DROP COLUMN occurrence_key`);
    await q.query(`ALTER TABLE meeting DROP COLUMN series_id`);
    await q.query(`ALTER TABLE meeting DROP COLUMN room_id`);
    await q.query(`DROP TABLE session_exception`);
    await q.query(`DROP TABLE session_series`);
    await q.query(`DROP TABLE room`);
  }
}
