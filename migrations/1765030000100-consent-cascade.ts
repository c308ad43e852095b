import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A withdrawn consent cascades at once (the consents service does it in the withdrawal's transaction):
 * outside participants of the client's meetings lose their links, their pending messages are withheld,
 * and each meeting that has not ended gets a notice — shown on the meeting (meeting_notice) and emailed
 * to its organiser through the outbox (meeting_outbox kind 'consent_withdrawn' → a notification_delivery
 * of kind 'notice').
 *
 * The client and a guardian keep reading the finalised minutes of their own meeting after the consent
 * has been withdrawn or has expired (libs/domain consent.ts hasOwnRight: their access is their own right
 * of access, not the consent's): kohtaamo_may_see_minutes no longer asks a family member of relation
 * 'child' or 'guardian' whether the consent is still in force — only that it was given and covered
 * minutes. Everyone else stays within the consent as before.
 */
export class ConsentCascade1765030000100 implements MigrationInterface {
  name = 'ConsentCascade1765030000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting_outbox DROP CONSTRAINT meeting_outbox_kind_check`);
    await q.query(`ALTER TABLE meeting_outbox ADD CONSTRAINT meeting_outbox_kind_check
      CHECK (kind IN ('scheduled','updated','cancelled','participant_added','participant_removed','consent_withdrawn'))`);
    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_kind_check`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_kind_check
      CHECK (kind IN ('invitation','update','cancellation','reminder','minutes','triage','notice'))`);

    // What happened to a meeting that its organiser must see on it; rows name participants by id only.
    await q.query(`
      CREATE TABLE meeting_notice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        kind varchar(30) NOT NULL CHECK (kind IN ('consent_withdrawn')),
        consent_id uuid,
        at timestamptz NOT NULL,
        -- the outside participants whose links were withdrawn
        participant_ids uuid[] NOT NULL DEFAULT '{}',
        created_by_id uuid REFERENCES person(id)
      )`);
    await q.query(`CREATE INDEX meeting_notice_meeting ON meeting_notice (meeting_id, at)`);

    await q.query(`
      CREATE OR REPLACE FUNCTION kohtaamo_may_see_minutes(p_meeting uuid, p_request uuid, p_status text) RETURNS boolean
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        k text := kohtaamo_actor_kind();
        a uuid := kohtaamo_actor_id();
        t timestamptz := kohtaamo_now();
        r record;
      BEGIN
        IF k = 'system' THEN RETURN true; END IF;
        IF a IS NULL THEN RETURN false; END IF;
        IF k = 'staff' THEN
          IF p_request IS NULL THEN RETURN true; END IF;
          SELECT cr.anonymous, cr.client_id INTO r FROM consultation_request cr WHERE cr.id = p_request;
          RETURN NOT FOUND OR r.anonymous OR coalesce(staff_may_see_client(a, r.client_id, t), false);
        END IF;
        IF k = 'guest' THEN
          RETURN p_status = 'finalised' AND p_request IS NOT NULL AND t IS NOT NULL AND EXISTS (
            SELECT 1 FROM meeting_participant g
              JOIN meeting m ON m.id = g.meeting_id AND m.request_id = p_request
              JOIN consultation_request cr ON cr.id = p_request AND NOT cr.anonymous
              JOIN consent s ON s.id = cr.consent_id AND s.client_id = cr.client_id
             WHERE g.id = a AND g.meeting_id = p_meeting
               AND 'minutes' = ANY (s.data_categories)
               AND s.given_at <= t
               AND ((g.kind = 'family' AND g.family_relation IN ('child', 'guardian'))
                    OR ((s.valid_until IS NULL OR s.valid_until > t) AND (s.withdrawn_at IS NULL OR s.withdrawn_at > t)
                        AND (g.kind = 'family' OR (g.kind = 'external' AND g.organisation_type = ANY (s.organisation_types))))));
        END IF;
        RETURN false;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION kohtaamo_may_see_minutes(p_meeting uuid, p_request uuid, p_status text) RETURNS boolean
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        k text := kohtaamo_actor_kind();
        a uuid := kohtaamo_actor_id();
        t timestamptz := kohtaamo_now();
        r record;
      BEGIN
        IF k = 'system' THEN RETURN true; END IF;
        IF a IS NULL THEN RETURN false; END IF;
        IF k = 'staff' THEN
          IF p_request IS NULL THEN RETURN true; END IF;
          SELECT cr.anonymous, cr.client_id INTO r FROM consultation_request cr WHERE cr.id = p_request;
          RETURN NOT FOUND OR r.anonymous OR coalesce(staff_may_see_client(a, r.client_id, t), false);
        END IF;
        IF k = 'guest' THEN
          RETURN p_status = 'finalised' AND p_request IS NOT NULL AND t IS NOT NULL AND EXISTS (
            SELECT 1 FROM meeting_participant g
              JOIN meeting m ON m.id = g.meeting_id AND m.request_id = p_request
              JOIN consultation_request cr ON cr.id = p_request AND NOT cr.anonymous
              JOIN consent s ON s.id = cr.consent_id AND s.client_id = cr.client_id
             WHERE g.id = a AND g.meeting_id = p_meeting
               AND 'minutes' = ANY (s.data_categories)
               AND s.given_at <= t AND (s.valid_until IS NULL OR s.valid_until > t)
               AND (s.withdrawn_at IS NULL OR s.withdrawn_at > t)
               AND (g.kind = 'family' OR (g.kind = 'external' AND g.organisation_type = ANY (s.organisation_types))));
        END IF;
        RETURN false;
      END $$`);
    await q.query(`DROP TABLE meeting_notice`);
    await q.query(`DELETE FROM notification_delivery WHERE kind = 'notice'`);
    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_kind_check`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_kind_check CHECK (kind IN ('invitation','update','cancellation','reminder','minutes','triage'))`);
    await q.query(`DELETE FROM meeting_outbox WHERE kind = 'consent_withdrawn'`);
    await q.query(`ALTER TABLE meeting_outbox DROP CONSTRAINT meeting_outbox_kind_check`);
    await q.query(`ALTER TABLE meeting_outbox ADD CONSTRAINT meeting_outbox_kind_check
      CHECK (kind IN ('scheduled','updated','cancelled','participant_added','participant_removed'))`);
  }
}
