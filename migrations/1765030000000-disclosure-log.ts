import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The disclosure log (luovutusloki), beside the access log (käyttöloki).
 *
 * The Client Data Act 703/2023 asks a service provider to keep two logs of a client's data: who used it
 * (the access log, migration 1764500000000) and to whom it was disclosed — to whom, what, when and on
 * which basis (this one); the client may learn both, free of charge, for the last two years and for an
 * older period only for a special reason (§ 11). In Kohtaamo client data leaves the county's staff when
 * a guest or a family member reads a network meeting's page or its minutes through their own link, and
 * when a minutes notice goes to a staff participant's own (overridden, non-directory) email address.
 *
 * Both logs carry the service provider (palvelunantaja) of each entry: the organisation the staff member
 * acted for, or — for a disclosure — the organisation of the professional who brought the recipient in
 * (the meeting's organiser, else the request's requester). The access log also keeps the special reason
 * given for reading entries older than two years (its export is itself an entry).
 *
 * Append-only like the access log: a trigger refuses UPDATE, DELETE and TRUNCATE for everyone, and the
 * app role may only SELECT and INSERT. Row-level security: the system (workers) and the administrator
 * who answers a client's request read it; nobody else reads a row. A guest appends only entries that
 * name themselves as the recipient, staff only entries they record themselves, the system any.
 */
export class DisclosureLog1765030000000 implements MigrationInterface {
  name = 'DisclosureLog1765030000000';

  async up(q: QueryRunner): Promise<void> {
    const app = await appRole(q);
    await q.query(`ALTER TABLE access_log ADD COLUMN service_provider varchar(200)`);
    await q.query(`ALTER TABLE access_log ADD COLUMN reason varchar(2000)`);

    await q.query(`
      CREATE TABLE disclosure_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        client_id uuid NOT NULL,
        -- on which basis: the client's consent, the client's or guardian's own right of access, or a
        -- professional's duty (a staff participant's own address); the consent of the case when there is one
        basis varchar(20) NOT NULL CHECK (basis IN ('consent', 'own_right', 'staff_duty')),
        consent_id uuid,
        -- who received it
        recipient_kind varchar(10) NOT NULL CHECK (recipient_kind IN ('external', 'family', 'staff')),
        recipient_participant_id uuid,
        recipient_name varchar(200) NOT NULL,
        recipient_organisation varchar(200),
        recipient_organisation_type varchar(30),
        recipient_relation varchar(20),
        recipient_address varchar(320),
        -- what, and how it left
        channel varchar(12) NOT NULL CHECK (channel IN ('link', 'email')),
        resource_type varchar(30) NOT NULL,
        resource_id varchar(64),
        meeting_id uuid,
        data_categories text[] NOT NULL DEFAULT '{}',
        service_provider varchar(200) NOT NULL,
        recorded_by_id uuid,
        route varchar(300),
        ip varchar(64)
      )`);
    await q.query(`CREATE INDEX disclosure_log_client ON disclosure_log (client_id, at)`);
    await q.query(`CREATE INDEX disclosure_log_at ON disclosure_log (at)`);
    await q.query(`
      CREATE FUNCTION disclosure_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'disclosure_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER disclosure_log_no_update BEFORE UPDATE OR DELETE ON disclosure_log FOR EACH ROW EXECUTE FUNCTION disclosure_log_append_only()`);
    await q.query(`CREATE TRIGGER disclosure_log_no_truncate BEFORE TRUNCATE ON disclosure_log FOR EACH STATEMENT EXECUTE FUNCTION disclosure_log_append_only()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON disclosure_log FROM PUBLIC`);
    await q.query(`GRANT SELECT, INSERT ON disclosure_log TO "${app}"`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON disclosure_log FROM "${app}"`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE disclosure_log_id_seq TO "${app}"`);

    // the administrator answers the client's request (they see no client data elsewhere)
    await q.query(`
      CREATE FUNCTION kohtaamo_actor_is_admin() RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT kohtaamo_actor_kind() = 'staff' AND EXISTS (SELECT 1 FROM person WHERE id = kohtaamo_actor_id() AND system_role = 'admin')
      $$`);
    await q.query(`ALTER TABLE disclosure_log ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY kohtaamo_read ON disclosure_log FOR SELECT USING (kohtaamo_actor_kind() = 'system' OR kohtaamo_actor_is_admin())`);
    await q.query(`
      CREATE POLICY kohtaamo_append ON disclosure_log FOR INSERT WITH CHECK (
        kohtaamo_actor_kind() = 'system'
        OR (kohtaamo_actor_kind() = 'guest' AND recipient_participant_id = kohtaamo_actor_id())
        OR (kohtaamo_actor_kind() = 'staff' AND recorded_by_id = kohtaamo_actor_id()))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE disclosure_log`);
    await q.query(`DROP FUNCTION kohtaamo_actor_is_admin()`);
    await q.query(`DROP FUNCTION disclosure_log_append_only()`);
    await q.query(`ALTER TABLE access_log DROP COLUMN reason`);
    await q.query(`ALTER TABLE access_log DROP COLUMN service_provider`);
  }
}

/** The app role's name, as in the database-roles migration. */
async function appRole(q: QueryRunner): Promise<string> {
  const [{ name }]: Array<{ name: string }> = await q.query(`SELECT coalesce(nullif(current_setting('kohtaamo.app_role', true), ''), 'kohtaamo_app') AS name`);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`kohtaamo.app_role "${name}" must be a lower-case identifier (letters, digits, _)`);
  return name;
}
