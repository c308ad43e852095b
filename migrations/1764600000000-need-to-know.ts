import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Need to know, by object and by actor (issue 9). Adds the relations the policy (libs/domain/policy.ts)
 * decides from and the two shared SQL definitions it rests on:
 * - `chairs_team(person, team, day)`: who chairs team T on the Helsinki date D — a member with the team
 *   role "chair", or the physician or nurse of the responsible pair valid on D. Every rule that asks
 *   "chair" (triage, booking, hosting, minutes, membership) asks this, with the date that counts (today
 *   for triage, the meeting's date for hosting and minutes).
 * - `staff_may_see_client(person, client, at)`: the care relationships that give need to know. Now also
 *   the organiser and the staff participants of a meeting about the client's request, within consent.
 * Meetings record their organiser, agenda items who booked them. A personal identity code is unique per
 * registering worker, so that registering a client never tells anyone else that the person is a client.
 */
export class NeedToKnow1764600000000 implements MigrationInterface {
  name = 'NeedToKnow1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting ADD COLUMN organiser_id uuid REFERENCES person(id)`);
    await q.query(`CREATE INDEX meeting_organiser ON meeting (organiser_id) WHERE organiser_id IS NOT NULL`);
    await q.query(`ALTER TABLE agenda_item ADD COLUMN booked_by_id uuid REFERENCES person(id)`);
    await q.query(`DROP INDEX client_pic_key`);
    await q.query(`CREATE UNIQUE INDEX client_pic_per_creator ON client (created_by_id, personal_identity_code) WHERE personal_identity_code IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION chairs_team(p_person uuid, p_team uuid, p_day date) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM team_member tm WHERE tm.team_id = p_team AND tm.person_id = p_person AND tm.role = 'chair')
            OR EXISTS (SELECT 1 FROM responsible_pair rp WHERE rp.team_id = p_team AND p_person IN (rp.physician_id, rp.nurse_id)
                         AND rp.valid_from <= p_day AND (rp.valid_to IS NULL OR rp.valid_to >= p_day))
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION staff_may_see_client(p_person uuid, p_client uuid, p_now timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM client c WHERE c.id = p_client AND c.created_by_id = p_person)
            OR EXISTS (SELECT 1 FROM consent s WHERE s.client_id = p_client AND s.recorded_by_id = p_person)
            OR EXISTS (SELECT 1 FROM consultation_request r WHERE r.client_id = p_client
                         AND (r.requester_id = p_person OR r.own_worker_id = p_person))
            OR EXISTS (SELECT 1 FROM consultation_request r
                         JOIN consent s ON s.id = r.consent_id
                        WHERE r.client_id = p_client
                          AND s.given_at <= p_now AND (s.valid_until IS NULL OR s.valid_until > p_now)
                          AND (s.withdrawn_at IS NULL OR s.withdrawn_at > p_now)
                          AND (EXISTS (SELECT 1 FROM team_member tm WHERE tm.team_id = r.team_id AND tm.person_id = p_person)
                               OR chairs_team(p_person, r.team_id, (p_now AT TIME ZONE 'Europe/Helsinki')::date)
                               OR EXISTS (SELECT 1 FROM meeting m WHERE m.request_id = r.id AND m.status <> 'cancelled'
                                            AND (m.organiser_id = p_person
                                                 OR EXISTS (SELECT 1 FROM meeting_participant p WHERE p.meeting_id = m.id AND p.person_id = p_person)))))
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION staff_may_see_client(p_person uuid, p_client uuid, p_now timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM client c WHERE c.id = p_client AND c.created_by_id = p_person)
            OR EXISTS (SELECT 1 FROM consent s WHERE s.client_id = p_client AND s.recorded_by_id = p_person)
            OR EXISTS (SELECT 1 FROM consultation_request r WHERE r.client_id = p_client
                         AND (r.requester_id = p_person OR r.own_worker_id = p_person))
            OR EXISTS (SELECT 1 FROM consultation_request r
                         JOIN consent s ON s.id = r.consent_id
                         JOIN team_member tm ON tm.team_id = r.team_id AND tm.person_id = p_person
                        WHERE r.client_id = p_client
                          AND s.given_at <= p_now AND (s.valid_until IS NULL OR s.valid_until > p_now)
                          AND (s.withdrawn_at IS NULL OR s.withdrawn_at > p_now))
            OR EXISTS (SELECT 1 FROM consultation_request r
                         JOIN consent s ON s.id = r.consent_id
                         JOIN responsible_pair rp ON rp.team_id = r.team_id AND p_person IN (rp.physician_id, rp.nurse_id)
                        WHERE r.client_id = p_client
                          AND s.given_at <= p_now AND (s.valid_until IS NULL OR s.valid_until > p_now)
                          AND (s.withdrawn_at IS NULL OR s.withdrawn_at > p_now))
      $$`);
    await q.query(`DROP FUNCTION chairs_team(uuid, uuid, date)`);
    await q.query(`DROP INDEX client_pic_per_creator`);
    await q.query(`CREATE UNIQUE INDEX client_pic_key ON client (personal_identity_code) WHERE personal_identity_code IS NOT NULL`);
    await q.query(`ALTER TABLE agenda_item DROP COLUMN booked_by_id`);
    await q.query(`ALTER TABLE meeting DROP COLUMN organiser_id`);
  }
}
