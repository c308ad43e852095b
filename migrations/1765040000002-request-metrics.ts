import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * request_metrics: one row per request with what the metrics group by (team, submission, client group,
 * urgency, requester, client — copied from the request when filed or edited) and its facts from
 * request_event (own worker, first contact, acceptance, first consultation, meetings, organisations,
 * attendance), kept up to date by triggers in the same transaction: an incrementally maintained
 * materialisation, never stale (a materialized view would need refreshing). The metrics read one row per
 * case instead of aggregating ~8 events per case on every call: a county's year (≈ 20,000 cases) is one
 * index range scan of one table, no join (measured: the join to consultation_request made PostgreSQL hash
 * all 100,000 fact rows even for one team).
 *
 * request_event stays the source of truth: `request_metrics_rebuild()` recomputes every row from it (the
 * benchmark's bulk load, which skips triggers, calls it; so does this migration for existing history).
 *
 * The trigger fires only for the events that change a fact (not for `schedule`, which is on the booking
 * hot path). Attendance keeps the latest count per meeting (a corrected minutes' attendance replaces the
 * earlier one): `attendance` maps meeting id → [in person, remote], `in_person` and `remote` are their sums.
 */
export class RequestMetrics1765040000002 implements MigrationInterface {
  name = 'RequestMetrics1765040000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE request_metrics (
        request_id uuid PRIMARY KEY REFERENCES consultation_request(id) ON DELETE CASCADE,
        team_id uuid NOT NULL,
        submitted_at timestamptz NOT NULL,
        client_group varchar(30) NOT NULL,
        urgency varchar(10) NOT NULL,
        requester_id uuid NOT NULL,
        client_id uuid,
        own_worker_id uuid,
        own_worker_at timestamptz,
        first_contact_at timestamptz,
        accepted_at timestamptz,
        first_consultation_at timestamptz,
        meeting_ids uuid[] NOT NULL DEFAULT '{}',
        organisations text[] NOT NULL DEFAULT '{}',
        attendance jsonb NOT NULL DEFAULT '{}',
        in_person integer NOT NULL DEFAULT 0,
        remote integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX request_metrics_team_submitted ON request_metrics (team_id, submitted_at)`);
    await q.query(`CREATE INDEX request_metrics_submitted ON request_metrics (submitted_at)`);
    // it names requests and clients: like consultation_request, not for every actor (the metrics read it as the system)
    await q.query(`ALTER TABLE request_metrics ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY kohtaamo_actor ON request_metrics FOR ALL USING (kohtaamo_actor_kind() = 'system') WITH CHECK (kohtaamo_actor_kind() = 'system')`);

    // the request's own columns the metrics group and filter by, copied when it is filed or edited
    await q.query(`
      CREATE FUNCTION request_metrics_copy() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      BEGIN
        INSERT INTO request_metrics (request_id, team_id, submitted_at, client_group, urgency, requester_id, client_id)
        VALUES (NEW.id, NEW.team_id, NEW.submitted_at, NEW.client_group, NEW.urgency, NEW.requester_id, NEW.client_id)
        ON CONFLICT (request_id) DO UPDATE SET team_id = EXCLUDED.team_id, submitted_at = EXCLUDED.submitted_at, client_group = EXCLUDED.client_group,
          urgency = EXCLUDED.urgency, requester_id = EXCLUDED.requester_id, client_id = EXCLUDED.client_id;
        RETURN NULL;
      END $$`);
    // named so that it runs before request_own_worker_event (triggers of one event run in name order)
    await q.query(`
      CREATE TRIGGER request_metrics_copy AFTER INSERT OR UPDATE OF team_id, submitted_at, client_group, urgency, requester_id, client_id
        ON consultation_request FOR EACH ROW EXECUTE FUNCTION request_metrics_copy()`);

    await q.query(`
      CREATE FUNCTION request_metrics_apply() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        org text := CASE WHEN NEW.action = 'organisation_involved'
                         THEN (NEW.detail->>'organisationType') || ':' || coalesce(NEW.detail->>'organisationName', '') END;
        held boolean := NEW.action IN ('mark_handled', 'attended');
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM request_metrics WHERE request_id = NEW.request_id) THEN
          INSERT INTO request_metrics (request_id, team_id, submitted_at, client_group, urgency, requester_id, client_id)
          SELECT id, team_id, submitted_at, client_group, urgency, requester_id, client_id FROM consultation_request WHERE id = NEW.request_id
          ON CONFLICT (request_id) DO NOTHING;
        END IF;
        UPDATE request_metrics SET
          own_worker_id = CASE WHEN NEW.action = 'own_worker_named' AND (own_worker_at IS NULL OR NEW.at >= own_worker_at)
                               THEN (NEW.detail->>'ownWorkerId')::uuid ELSE own_worker_id END,
          own_worker_at = CASE WHEN NEW.action = 'own_worker_named' AND (own_worker_at IS NULL OR NEW.at >= own_worker_at)
                               THEN NEW.at ELSE own_worker_at END,
          first_contact_at = CASE WHEN NEW.action IN ('accept', 'request_info', 'decline') THEN least(first_contact_at, NEW.at) ELSE first_contact_at END,
          accepted_at = CASE WHEN NEW.action = 'accept' THEN least(accepted_at, NEW.at) ELSE accepted_at END,
          first_consultation_at = CASE WHEN held THEN least(first_consultation_at, (NEW.detail->>'startsAt')::timestamptz) ELSE first_consultation_at END,
          meeting_ids = CASE WHEN held AND NEW.meeting_id IS NOT NULL AND NOT (NEW.meeting_id = ANY (meeting_ids))
                             THEN meeting_ids || NEW.meeting_id ELSE meeting_ids END,
          organisations = CASE WHEN org IS NOT NULL AND NOT (org = ANY (organisations)) THEN organisations || org ELSE organisations END,
          in_person = CASE WHEN NEW.action = 'attended' AND NEW.meeting_id IS NOT NULL
                           THEN in_person + coalesce((NEW.detail->>'inPerson')::int, 0) - coalesce((attendance->(NEW.meeting_id::text)->>0)::int, 0) ELSE in_person END,
          remote = CASE WHEN NEW.action = 'attended' AND NEW.meeting_id IS NOT NULL
                        THEN remote + coalesce((NEW.detail->>'remote')::int, 0) - coalesce((attendance->(NEW.meeting_id::text)->>1)::int, 0) ELSE remote END,
          attendance = CASE WHEN NEW.action = 'attended' AND NEW.meeting_id IS NOT NULL
                            THEN attendance || jsonb_build_object(NEW.meeting_id::text, jsonb_build_array(coalesce((NEW.detail->>'inPerson')::int, 0), coalesce((NEW.detail->>'remote')::int, 0)))
                            ELSE attendance END
         WHERE request_id = NEW.request_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER request_metrics_apply AFTER INSERT ON request_event FOR EACH ROW
        WHEN (NEW.action IN ('own_worker_named', 'accept', 'request_info', 'decline', 'mark_handled', 'attended', 'organisation_involved'))
        EXECUTE FUNCTION request_metrics_apply()`);

    // the same facts, set-based, from the whole history
    await q.query(`
      CREATE FUNCTION request_metrics_rebuild() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        DELETE FROM request_metrics;
        WITH latest AS (
          SELECT DISTINCT ON (request_id, meeting_id) request_id, meeting_id,
                 coalesce((detail->>'inPerson')::int, 0) AS in_person, coalesce((detail->>'remote')::int, 0) AS remote
            FROM request_event WHERE action = 'attended' AND meeting_id IS NOT NULL
           ORDER BY request_id, meeting_id, id DESC
        ), att AS (
          SELECT request_id, jsonb_object_agg(meeting_id::text, jsonb_build_array(in_person, remote)) AS attendance,
                 sum(in_person)::int AS in_person, sum(remote)::int AS remote
            FROM latest GROUP BY request_id
        ), ev AS (
          SELECT request_id,
                 (array_agg((detail->>'ownWorkerId')::uuid ORDER BY at DESC, id DESC) FILTER (WHERE action = 'own_worker_named'))[1] AS own_worker_id,
                 max(at) FILTER (WHERE action = 'own_worker_named') AS own_worker_at,
                 min(at) FILTER (WHERE action IN ('accept', 'request_info', 'decline')) AS first_contact_at,
                 min(at) FILTER (WHERE action = 'accept') AS accepted_at,
                 min((detail->>'startsAt')::timestamptz) FILTER (WHERE action IN ('mark_handled', 'attended')) AS first_consultation_at,
                 coalesce(array_agg(DISTINCT meeting_id) FILTER (WHERE action IN ('mark_handled', 'attended') AND meeting_id IS NOT NULL), '{}') AS meeting_ids,
                 coalesce(array_agg(DISTINCT (detail->>'organisationType') || ':' || coalesce(detail->>'organisationName', ''))
                          FILTER (WHERE action = 'organisation_involved'), '{}') AS organisations
            FROM request_event
           WHERE action IN ('own_worker_named', 'accept', 'request_info', 'decline', 'mark_handled', 'attended', 'organisation_involved')
           GROUP BY request_id
        ), ins AS (
          INSERT INTO request_metrics (request_id, team_id, submitted_at, client_group, urgency, requester_id, client_id,
                                       own_worker_id, own_worker_at, first_contact_at, accepted_at, first_consultation_at,
                                       meeting_ids, organisations, attendance, in_person, remote)
          SELECT r.id, r.team_id, r.submitted_at, r.client_group, r.urgency, r.requester_id, r.client_id,
                 ev.own_worker_id, ev.own_worker_at, ev.first_contact_at, ev.accepted_at, ev.first_consultation_at,
                 coalesce(ev.meeting_ids, '{}'), coalesce(ev.organisations, '{}'),
                 coalesce(att.attendance, '{}'), coalesce(att.in_person, 0), coalesce(att.remote, 0)
            FROM consultation_request r LEFT JOIN ev ON ev.request_id = r.id LEFT JOIN att ON att.request_id = r.id
          RETURNING 1)
        SELECT count(*) FROM ins
      $$`);
    await q.query(`SELECT request_metrics_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION request_metrics_rebuild()`);
    await q.query(`DROP TRIGGER request_metrics_apply ON request_event`);
    await q.query(`DROP FUNCTION request_metrics_apply()`);
    await q.query(`DROP TRIGGER request_metrics_copy ON consultation_request`);
    await q.query(`DROP FUNCTION request_metrics_copy()`);
    await q.query(`DROP TABLE request_metrics`);
  }
}
