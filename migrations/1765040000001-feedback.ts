import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anonymous feedback after a meeting (issue 13, part 4; the seed's "client feedback and per-visit
 * evaluation").
 *
 * When the first minutes of a meeting are finalised, every participant the minutes record as present
 * (in person or remotely; staff, partners and family alike) gets one survey link: a `feedback_invitation`
 * row and, in the same transaction, a `notification_delivery` row of kind `feedback` that the outbox relay
 * queues like any message (key `fb.<meeting>.<participant>`). The link's token is
 * `<invitation id>.<HMAC-SHA256(JOIN_TOKEN_SECRET, "feedback:" + id)>`: nothing secret is stored, and the
 * worker can write the same link again on a retry.
 *
 * Answering (one per link) stores the score and text in `feedback_answer` with only the team and the
 * month — no meeting, no participant, no time of day, no reference to the link — and, in the same
 * transaction, clears the link's participant and marks it answered: after an answer nothing connects it to
 * a person. (Before the answer, the link knows its participant: that is what the email is sent from.)
 *
 * feedback_invitation knows who was invited: row-level security lets only the system actor (the public
 * survey routes and the workers run as it) see it.
 */
export class Feedback1765040000001 implements MigrationInterface {
  name = 'Feedback1765040000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feedback_invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        participant_id uuid REFERENCES meeting_participant(id) ON DELETE SET NULL,
        team_id uuid REFERENCES team(id),
        locale varchar(2) NOT NULL CHECK (locale IN ('fi','sv','en')),
        answered boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CHECK (NOT answered OR participant_id IS NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX feedback_invitation_once ON feedback_invitation (meeting_id, participant_id) WHERE participant_id IS NOT NULL`);
    await q.query(`CREATE INDEX feedback_invitation_meeting ON feedback_invitation (meeting_id)`);
    await q.query(`
      CREATE TABLE feedback_answer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid REFERENCES team(id),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        locale varchar(2) NOT NULL CHECK (locale IN ('fi','sv','en')),
        score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
        comment varchar(2000)
      )`);
    await q.query(`CREATE INDEX feedback_answer_team_month ON feedback_answer (team_id, month)`);
    await q.query(`ALTER TABLE feedback_invitation ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY kohtaamo_actor ON feedback_invitation FOR ALL USING (kohtaamo_actor_kind() = 'system') WITH CHECK (kohtaamo_actor_kind() = 'system')`);

    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_kind_check`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_kind_check CHECK (kind IN ('invitation','update','cancellation','reminder','minutes','triage','notice','feedback'))`);

    await q.query(`
      CREATE FUNCTION feedback_after_minutes() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        now_at timestamptz := coalesce(NEW.finalised_at, kohtaamo_event_now());
      BEGIN
        IF EXISTS (SELECT 1 FROM feedback_invitation WHERE meeting_id = NEW.meeting_id) THEN
          RETURN NULL;
        END IF;
        WITH present AS (
          SELECT p.id, p.kind, p.display_name, p.email, p.locale
            FROM jsonb_array_elements(NEW.attendance) e
            JOIN meeting_participant p ON p.id = (e->>'participantId')::uuid AND p.meeting_id = NEW.meeting_id
           WHERE e->>'attendance' IN ('in_person', 'remote')
        ), team AS (
          SELECT coalesce(m.team_id, r.team_id) AS team_id FROM meeting m LEFT JOIN consultation_request r ON r.id = m.request_id WHERE m.id = NEW.meeting_id
        ), inv AS (
          INSERT INTO feedback_invitation (id, meeting_id, participant_id, team_id, locale, created_at, expires_at)
          SELECT x.id, NEW.meeting_id, x.pid, (SELECT team_id FROM team), x.locale, now_at, now_at + interval '30 days'
            FROM (SELECT gen_random_uuid() AS id, present.id AS pid, present.locale FROM present) x
          RETURNING participant_id
        )
        INSERT INTO notification_delivery (key, meeting_id, participant_id, kind, sequence, recipient, status, due_at)
        SELECT 'fb.' || NEW.meeting_id || '.' || present.id, NEW.meeting_id, present.id, 'feedback', 0,
               jsonb_build_object('name', present.display_name, 'email', present.email, 'locale', present.locale, 'kind', present.kind),
               'queued', now()
          FROM present JOIN inv ON inv.participant_id = present.id
        ON CONFLICT (key) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER minutes_feedback AFTER UPDATE OF status ON minutes
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM 'finalised' AND NEW.status = 'finalised')
        EXECUTE FUNCTION feedback_after_minutes()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER minutes_feedback ON minutes`);
    await q.query(`DROP FUNCTION feedback_after_minutes()`);
    await q.query(`DELETE FROM notification_delivery WHERE kind = 'feedback'`);
    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_kind_check`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_kind_check CHECK (kind IN ('invitation','update','cancellation','reminder','minutes','triage','notice'))`);
    await q.query(`DROP TABLE feedback_answer`);
    await q.query(`DROP TABLE feedback_invitation`);
  }
}
