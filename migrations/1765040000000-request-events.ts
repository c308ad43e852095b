import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * request_event becomes the append-only history that the metrics (issue 13) are computed from, written in
 * the same transaction as what it records. The lifecycle events were already there (submit, accept,
 * request_info, decline, resubmit, schedule, unschedule, mark_handled, finalise_minutes, close, each with
 * from/to status); this adds the facts that are not status changes, written by triggers so that every
 * writer (API, workers, seed) records them and no service has to remember to:
 *
 * | action                  | when                                                        | meeting_id | detail |
 * |-------------------------|-------------------------------------------------------------|------------|--------|
 * | `own_worker_named`      | a request is filed with, or later given, an own worker      | –          | `{ownWorkerId}` |
 * | `organisation_involved` | an outside organisation joins a meeting about the request   | the meeting | `{organisationType, organisationName}` |
 * | `attended`              | minutes about the request are finalised (each version)      | the meeting | `{startsAt, minutesVersion, inPerson, remote, absent, byKind: {staff|external|family: {in_person, remote, absent}}}` |
 *
 * and `mark_handled` ("held") is stamped, before insert, with the meeting it was handled in (the latest
 * meeting about the request — network meeting or agenda slot — that had started by then, else the first
 * one) and `detail.startsAt`, the consultation's start. First contact is not a row of its own: it is the
 * first triage decision (accept, request_info or decline), derived by the metrics.
 *
 * The new events have no from/to status (to_status becomes nullable for them only). `at` is the API
 * clock (kohtaamo.now, to the second) or, for attendance, the minutes' finalisation time; the actor is
 * the acting staff member. The trigger functions are SECURITY DEFINER (owner, fixed search_path): they
 * read meetings and participants whatever row-level security shows the actor.
 */
export class RequestEvents1765040000000 implements MigrationInterface {
  name = 'RequestEvents1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_event ALTER COLUMN action TYPE varchar(32)`);
    await q.query(`ALTER TABLE request_event ALTER COLUMN to_status DROP NOT NULL`);
    await q.query(`ALTER TABLE request_event ADD COLUMN meeting_id uuid, ADD COLUMN detail jsonb`);
    await q.query(`
      ALTER TABLE request_event ADD CONSTRAINT request_event_status_or_fact
        CHECK (to_status IS NOT NULL OR action IN ('own_worker_named', 'organisation_involved', 'attended'))`);

    await q.query(`
      CREATE FUNCTION kohtaamo_event_actor() RETURNS uuid LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN kohtaamo_actor_kind() = 'staff' THEN kohtaamo_actor_id() END $$`);
    await q.query(`
      CREATE FUNCTION kohtaamo_event_now() RETURNS timestamptz LANGUAGE sql STABLE AS $$
        SELECT coalesce(kohtaamo_now(), now()) $$`);

    // own worker named: at filing (the request's submission instant) or when it changes
    await q.query(`
      CREATE FUNCTION request_event_own_worker() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR OLD.own_worker_id IS DISTINCT FROM NEW.own_worker_id THEN
          INSERT INTO request_event (request_id, action, actor_id, at, detail)
          VALUES (NEW.id, 'own_worker_named', kohtaamo_event_actor(),
                  CASE WHEN TG_OP = 'INSERT' THEN NEW.submitted_at ELSE kohtaamo_event_now() END,
                  jsonb_build_object('ownWorkerId', NEW.own_worker_id));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER request_own_worker_event AFTER INSERT OR UPDATE OF own_worker_id ON consultation_request
        FOR EACH ROW WHEN (NEW.own_worker_id IS NOT NULL) EXECUTE FUNCTION request_event_own_worker()`);

    // an outside organisation takes part in a meeting about the request
    await q.query(`
      CREATE FUNCTION request_event_organisation() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      BEGIN
        INSERT INTO request_event (request_id, action, actor_id, at, meeting_id, detail)
        SELECT m.request_id, 'organisation_involved', kohtaamo_event_actor(), kohtaamo_event_now(), m.id,
               jsonb_build_object('organisationType', NEW.organisation_type, 'organisationName', NEW.organisation_name)
          FROM meeting m WHERE m.id = NEW.meeting_id AND m.request_id IS NOT NULL;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER participant_organisation_event AFTER INSERT ON meeting_participant
        FOR EACH ROW WHEN (NEW.kind = 'external') EXECUTE FUNCTION request_event_organisation()`);

    // attendance, as the finalised minutes record it (a correction records it again; the latest counts)
    await q.query(`
      CREATE FUNCTION request_event_attendance() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        starts timestamptz;
      BEGIN
        SELECT coalesce(
                 (SELECT a.starts_at FROM agenda_item a WHERE a.meeting_id = NEW.meeting_id AND a.request_id = NEW.request_id),
                 m.starts_at)
          INTO starts FROM meeting m WHERE m.id = NEW.meeting_id;
        INSERT INTO request_event (request_id, action, actor_id, at, meeting_id, detail)
        SELECT NEW.request_id, 'attended', NEW.finalised_by_id, coalesce(NEW.finalised_at, kohtaamo_event_now()), NEW.meeting_id,
               jsonb_build_object(
                 'startsAt', starts,
                 'minutesVersion', NEW.version,
                 'inPerson', count(*) FILTER (WHERE e->>'attendance' = 'in_person'),
                 'remote', count(*) FILTER (WHERE e->>'attendance' = 'remote'),
                 'absent', count(*) FILTER (WHERE e->>'attendance' = 'absent'),
                 'byKind', jsonb_build_object(
                   'staff', jsonb_build_object(
                     'in_person', count(*) FILTER (WHERE e->>'kind' = 'staff' AND e->>'attendance' = 'in_person'),
                     'remote', count(*) FILTER (WHERE e->>'kind' = 'staff' AND e->>'attendance' = 'remote'),
                     'absent', count(*) FILTER (WHERE e->>'kind' = 'staff' AND e->>'attendance' = 'absent')),
                   'external', jsonb_build_object(
                     'in_person', count(*) FILTER (WHERE e->>'kind' = 'external' AND e->>'attendance' = 'in_person'),
                     'remote', count(*) FILTER (WHERE e->>'kind' = 'external' AND e->>'attendance' = 'remote'),
                     'absent', count(*) FILTER (WHERE e->>'kind' = 'external' AND e->>'attendance' = 'absent')),
                   'family', jsonb_build_object(
                     'in_person', count(*) FILTER (WHERE e->>'kind' = 'family' AND e->>'attendance' = 'in_person'),
                     'remote', count(*) FILTER (WHERE e->>'kind' = 'family' AND e->>'attendance' = 'remote'),
                     'absent', count(*) FILTER (WHERE e->>'kind' = 'family' AND e->>'attendance' = 'absent'))))
          FROM jsonb_array_elements(NEW.attendance) e;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER minutes_attendance_event AFTER UPDATE OF status ON minutes
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM 'finalised' AND NEW.status = 'finalised' AND NEW.request_id IS NOT NULL)
        EXECUTE FUNCTION request_event_attendance()`);

    // "held": the lifecycle's mark_handled names the meeting the case was handled in
    await q.query(`
      CREATE FUNCTION request_event_held_meeting() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        found_id uuid;
        found_start timestamptz;
      BEGIN
        IF NEW.meeting_id IS NULL THEN
          SELECT x.id, x.starts_at INTO found_id, found_start FROM (
              SELECT m.id, m.starts_at FROM meeting m WHERE m.request_id = NEW.request_id AND m.status <> 'cancelled'
              UNION ALL
              SELECT a.meeting_id, a.starts_at FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id
               WHERE a.request_id = NEW.request_id AND m.status <> 'cancelled') x
           ORDER BY (x.starts_at <= NEW.at) DESC, CASE WHEN x.starts_at <= NEW.at THEN x.starts_at END DESC, x.starts_at ASC
           LIMIT 1;
          IF found_id IS NOT NULL THEN
            NEW.meeting_id := found_id;
            NEW.detail := coalesce(NEW.detail, '{}'::jsonb) || jsonb_build_object('startsAt', found_start);
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER request_event_held_meeting BEFORE INSERT ON request_event
        FOR EACH ROW WHEN (NEW.action = 'mark_handled') EXECUTE FUNCTION request_event_held_meeting()`);

    // the metrics read events by kind and time, and requests by team and submission
    await q.query(`CREATE INDEX request_event_action_at ON request_event (action, at)`);
    await q.query(`CREATE INDEX request_team_submitted ON consultation_request (team_id, submitted_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX request_team_submitted`);
    await q.query(`DROP INDEX request_event_action_at`);
    await q.query(`DROP TRIGGER request_event_held_meeting ON request_event`);
    await q.query(`DROP FUNCTION request_event_held_meeting()`);
    await q.query(`DROP TRIGGER minutes_attendance_event ON minutes`);
    await q.query(`DROP FUNCTION request_event_attendance()`);
    await q.query(`DROP TRIGGER participant_organisation_event ON meeting_participant`);
    await q.query(`DROP FUNCTION request_event_organisation()`);
    await q.query(`DROP TRIGGER request_own_worker_event ON consultation_request`);
    await q.query(`DROP FUNCTION request_event_own_worker()`);
    await q.query(`DROP FUNCTION kohtaamo_event_now()`);
    await q.query(`DROP FUNCTION kohtaamo_event_actor()`);
    await q.query(`DELETE FROM request_event WHERE to_status IS NULL`);
    await q.query(`ALTER TABLE request_event DROP CONSTRAINT request_event_status_or_fact`);
    await q.query(`ALTER TABLE request_event DROP COLUMN meeting_id, DROP COLUMN detail`);
    await q.query(`ALTER TABLE request_event ALTER COLUMN to_status SET NOT NULL`);
  }
}
