import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access: staff accounts bound to the identity provider, guest invitations (only a hash of the token is
 * stored), and the access log of client-identifying data that the law asks for (Client Data Act
 * 703/2023: the client can learn who processed their data and to whom it was disclosed). The log is
 * append-only in the database itself: a trigger refuses UPDATE, DELETE and TRUNCATE for every user,
 * the table's owner included, and the privileges are revoked from PUBLIC as well.
 */
export class Access1764500000000 implements MigrationInterface {
  name = 'Access1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN system_role varchar(12) NOT NULL DEFAULT 'staff' CHECK (system_role IN ('staff','coordinator','admin'))`);
    await q.query(`ALTER TABLE person ADD COLUMN oidc_subject varchar(255)`);
    await q.query(`CREATE UNIQUE INDEX person_oidc_subject_key ON person (oidc_subject) WHERE oidc_subject IS NOT NULL`);
    await q.query(`ALTER TABLE client ADD COLUMN created_by_id uuid REFERENCES person(id)`);

    await q.query(`
      CREATE TABLE meeting_invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES meeting_participant(id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL UNIQUE,
        created_by_id uuid REFERENCES person(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX meeting_invitation_participant ON meeting_invitation (participant_id)`);

    await q.query(`
      CREATE TABLE access_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_kind varchar(10) NOT NULL CHECK (actor_kind IN ('staff','guest','system')),
        actor_id uuid,
        actor_name varchar(200) NOT NULL,
        actor_organisation varchar(200),
        actor_roles text[] NOT NULL DEFAULT '{}',
        action varchar(10) NOT NULL CHECK (action IN ('read','create','update','delete','export','disclose')),
        resource_type varchar(30) NOT NULL,
        resource_id varchar(64),
        client_id uuid,
        purpose varchar(40) NOT NULL,
        route varchar(300),
        ip varchar(64),
        user_agent varchar(300)
      )`);
    await q.query(`CREATE INDEX access_log_client ON access_log (client_id, at) WHERE client_id IS NOT NULL`);
    await q.query(`CREATE INDEX access_log_actor ON access_log (actor_id, at)`);
    await q.query(`CREATE INDEX access_log_at ON access_log (at)`);
    await q.query(`
      CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`);
    await q.query(`CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON access_log FROM PUBLIC`);

    // Need to know: who among the staff may see an identified client's data.
    await q.query(`
      CREATE FUNCTION staff_may_see_client(p_person uuid, p_client uuid, p_now timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION staff_may_see_client(uuid, uuid, timestamptz)`);
    await q.query(`DROP TABLE access_log`);
    await q.query(`DROP FUNCTION access_log_append_only()`);
    await q.query(`DROP TABLE meeting_invitation`);
    await q.query(`ALTER TABLE client DROP COLUMN created_by_id`);
    await q.query(`DROP INDEX person_oidc_subject_key`);
    await q.query(`ALTER TABLE person DROP COLUMN oidc_subject`);
    await q.query(`ALTER TABLE person DROP COLUMN system_role`);
  }
}
