import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The requester hears of the team's decision by email (issue 11): a triage decision (accepted, more
 * information asked, declined) is a message of kind `triage` in notification_delivery, about a request
 * and one event of its history rather than about a meeting. It is written in the same transaction as the
 * decision and sent by the same relay and worker as every other message (claim, send, mark sent: exactly
 * once, keyed `tri.<request>.<event>`).
 *
 * Row-level security: a staff actor sees (and writes) a request's messages when it sees the request
 * itself (consultation_request's own policy answers the sub-query); guests never see them.
 */
export class TriageNotices1765020000000 implements MigrationInterface {
  name = 'TriageNotices1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification_delivery ALTER COLUMN meeting_id DROP NOT NULL`);
    await q.query(`ALTER TABLE notification_delivery ADD COLUMN request_id uuid REFERENCES consultation_request(id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE notification_delivery ADD COLUMN request_event_id bigint REFERENCES request_event(id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_about CHECK (
      (kind = 'triage' AND meeting_id IS NULL AND request_id IS NOT NULL AND request_event_id IS NOT NULL) OR
      (kind <> 'triage' AND meeting_id IS NOT NULL))`);
    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_kind_check`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_kind_check
      CHECK (kind IN ('invitation','update','cancellation','reminder','minutes','triage'))`);
    await q.query(`CREATE INDEX notification_delivery_request ON notification_delivery (request_id) WHERE request_id IS NOT NULL`);
    await q.query(`DROP POLICY kohtaamo_actor ON notification_delivery`);
    await q.query(`
      CREATE POLICY kohtaamo_actor ON notification_delivery FOR ALL USING (${RULE}) WITH CHECK (${RULE})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification_delivery WHERE kind = 'triage'`);
    await q.query(`DROP POLICY kohtaamo_actor ON notification_delivery`);
    await q.query(`CREATE POLICY kohtaamo_actor ON notification_delivery FOR ALL USING (${OLD_RULE}) WITH CHECK (${OLD_RULE})`);
    await q.query(`DROP INDEX notification_delivery_request`);
    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_kind_check`);
    await q.query(`ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_kind_check
      CHECK (kind IN ('invitation','update','cancellation','reminder','minutes'))`);
    await q.query(`ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_about`);
    await q.query(`ALTER TABLE notification_delivery DROP COLUMN request_event_id`);
    await q.query(`ALTER TABLE notification_delivery DROP COLUMN request_id`);
    await q.query(`ALTER TABLE notification_delivery ALTER COLUMN meeting_id SET NOT NULL`);
  }
}

/** As in migration 1764900000000-database-roles, with the request's messages beside the meeting's. */
const OLD_RULE = `kohtaamo_actor_kind() = 'system' OR (CASE kohtaamo_actor_kind() WHEN 'guest' THEN participant_id = kohtaamo_actor_id() ELSE kohtaamo_may_see_meeting_people(meeting_id) END)`;
const RULE = `kohtaamo_actor_kind() = 'system' OR (CASE kohtaamo_actor_kind()
  WHEN 'guest' THEN meeting_id IS NOT NULL AND participant_id = kohtaamo_actor_id()
  WHEN 'staff' THEN CASE WHEN meeting_id IS NULL THEN EXISTS (SELECT 1 FROM consultation_request r WHERE r.id = request_id)
                         ELSE kohtaamo_may_see_meeting_people(meeting_id) END
  ELSE false END)`;
