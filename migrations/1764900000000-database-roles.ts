import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two database roles, and row-level security on the tables that identify a client.
 *
 * Migrations run as the **owner** (in development and CI the `postgres` superuser; in production an
 * ordinary role without SUPERUSER or BYPASSRLS that owns the schema and its tables). The API logs in as
 * the **app role** (`kohtaamo_app` unless the migrating session sets `kohtaamo.app_role`), which owns
 * nothing: it may read and write rows, never alter, truncate or disable triggers, and only read and
 * append to the append-only access log. ALTER DEFAULT PRIVILEGES gives it the same grants on tables and
 * sequences that later migrations create (a later append-only table must REVOKE UPDATE, DELETE itself).
 *
 * The acting person comes from three settings that the API sets on its connection before each query or
 * transaction (apps/api/src/database/actor-settings.ts):
 *   kohtaamo.actor_kind  'staff' | 'guest' | 'system' (unset or '': nobody — no client rows at all)
 *   kohtaamo.actor_id    the person id (staff) or the meeting_participant id (guest)
 *   kohtaamo.now         the API clock's instant, rounded up to the second (ISO 8601): consent validity is
 *                        judged at it, never at the database's now(), so tests on a test clock see what
 *                        users would
 * Row-level security (for every role but the owner) then keeps rows of client, consent, identified
 * consultation_request, minutes, meeting_participant (family and external ones; staff ones are shown to
 * staff actors) and notification_delivery to those the actor may see:
 *   system  everything (queue workers, the outbox relay, the demo seed);
 *   staff   rows about client C when staff_may_see_client(actor, C, kohtaamo.now) — THE one definition of
 *           need-to-know (migration 1764500000000), now SECURITY DEFINER so that it reads the tables it
 *           checks without row-level security; rows about no identified client (anonymous requests and
 *           their minutes, ad hoc meetings without a request) to any staff actor;
 *   guest   only rows of their own meeting (their participant row → meeting → request → client), and
 *           minutes only when finalised and within the consent at kohtaamo.now (category 'minutes',
 *           external guests for their organisation type, family members of that meeting).
 * The helper functions are SECURITY DEFINER, owned by the owner, with a fixed search_path: they read
 * the tables they check as the owner, so a policy never recurses into another policy.
 *
 * `chairs_team(person, team, day)` (need-to-know migration) becomes SECURITY DEFINER here, like staff_may_see_client.
 * A trigger reports a participant's double booking with its keys, which PostgreSQL otherwise withholds
 * from a role that row-level security holds (so the 409 still names the time of the other meeting).
 */
export class DatabaseRoles1764900000000 implements MigrationInterface {
  name = 'DatabaseRoles1764900000000';

  async up(q: QueryRunner): Promise<void> {
    const app = await appRole(q);

    // The role is cluster-wide; several test databases migrate at once, so creating it may race.
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app}') THEN
          BEGIN
            CREATE ROLE "${app}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
          EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN
              RAISE EXCEPTION 'the database role "${app}" does not exist and the owner may not create it; create it first: CREATE ROLE ${app} LOGIN PASSWORD ''…'''
                USING ERRCODE = 'insufficient_privilege';
          END;
        END IF;
      END $$`);
    const [{ super: isSuper, bypass }]: Array<{ super: boolean; bypass: boolean }> = await q.query(
      `SELECT rolsuper AS super, rolbypassrls AS bypass FROM pg_roles WHERE rolname = $1`,
      [app],
    );
    if (isSuper || bypass) throw new Error(`the app role "${app}" is a superuser or bypasses row-level security; it must be an ordinary LOGIN role`);

    // ── grants: rows only, nothing structural ──────────────────────────────────────────────────────
    // nobody but the owner creates objects (PostgreSQL 15's default; older databases may still allow it)
    await q.query(`
      DO $$
      BEGIN
        IF pg_has_role(current_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'public'), 'USAGE') THEN
          REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO "${app}"`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${app}"`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "${app}"`);
    // append-only: read and add, never change or remove
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON access_log FROM "${app}"`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON request_event FROM "${app}"`);
    // the migrations' own bookkeeping is the owner's business
    await q.query(`REVOKE ALL ON TABLE migrations FROM "${app}"`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${app}"`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "${app}"`);

    // ── the acting person ──────────────────────────────────────────────────────────────────────────
    await q.query(`CREATE FUNCTION kohtaamo_actor_kind() RETURNS text LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('kohtaamo.actor_kind', true), '') $$`);
    await q.query(`CREATE FUNCTION kohtaamo_actor_id() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('kohtaamo.actor_id', true), '')::uuid $$`);
    await q.query(`CREATE FUNCTION kohtaamo_now() RETURNS timestamptz LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('kohtaamo.now', true), '')::timestamptz $$`);

    // need-to-know reads the tables it checks as their owner (no policy recursion, no partial view)
    await q.query(`ALTER FUNCTION staff_may_see_client(uuid, uuid, timestamptz) SECURITY DEFINER SET search_path = pg_catalog, public`);
    // a moved meeting moves all its participants' rows, whoever moved it
    await q.query(`ALTER FUNCTION meeting_moves_participants() SECURITY DEFINER SET search_path = pg_catalog, public`);

    // PostgreSQL leaves the keys out of an exclusion violation's detail for a role that row-level security
    // holds; this trigger (as the owner) reports the same violation with the keys first, so a 409 can still
    // name the conflicting meeting. The exclusion constraint remains what settles races.
    await q.query(`
      CREATE FUNCTION meeting_participant_no_clash() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        o record;
      BEGIN
        IF NEW.active AND NEW.person_id IS NOT NULL THEN
          SELECT p.person_id, p.during INTO o FROM meeting_participant p
           WHERE p.person_id = NEW.person_id AND p.active AND p.during && NEW.during AND p.id <> NEW.id LIMIT 1;
          IF FOUND THEN
            RAISE EXCEPTION 'conflicting key value violates exclusion constraint "participant_no_double_booking"'
              USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'participant_no_double_booking', TABLE = 'meeting_participant',
                    DETAIL = format('Key (person_id, during)=(%s, %s) conflicts with existing key (person_id, during)=(%s, %s).', NEW.person_id, NEW.during, o.person_id, o.during);
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    // after meeting_participant_follow_meeting (triggers fire in name order), which sets during and active
    await q.query(`
      CREATE TRIGGER meeting_participant_no_clash BEFORE INSERT OR UPDATE OF person_id, during, active ON meeting_participant
        FOR EACH ROW EXECUTE FUNCTION meeting_participant_no_clash()`);

    // chairs_team(person, team, day) is defined once, in the need-to-know migration (a team chair, or the
    // responsible pair valid on that Helsinki date); here it only becomes readable from behind RLS.
    await q.query(`ALTER FUNCTION chairs_team(uuid, uuid, date) SECURITY DEFINER SET search_path = pg_catalog, public`);

    await q.query(`
      CREATE FUNCTION kohtaamo_may_see_client(p_client uuid) RETURNS boolean
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        k text := kohtaamo_actor_kind();
        a uuid := kohtaamo_actor_id();
      BEGIN
        IF k = 'system' THEN RETURN true; END IF;
        IF p_client IS NULL OR a IS NULL THEN RETURN false; END IF;
        IF k = 'staff' THEN RETURN coalesce(staff_may_see_client(a, p_client, kohtaamo_now()), false); END IF;
        IF k = 'guest' THEN
          RETURN EXISTS (SELECT 1 FROM meeting_participant g
                           JOIN meeting m ON m.id = g.meeting_id
                           JOIN consultation_request r ON r.id = m.request_id
                          WHERE g.id = a AND g.kind <> 'staff' AND r.client_id = p_client);
        END IF;
        RETURN false;
      END $$`);

    // a guest sees the request of their own meeting, no other
    await q.query(`
      CREATE FUNCTION kohtaamo_guest_sees_request(p_request uuid) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT kohtaamo_actor_kind() = 'guest' AND EXISTS (
          SELECT 1 FROM meeting_participant g JOIN meeting m ON m.id = g.meeting_id
           WHERE g.id = kohtaamo_actor_id() AND g.kind <> 'staff' AND m.request_id = p_request)
      $$`);

    // family and external participants (and what is sent to anyone) of a meeting: its client's people
    await q.query(`
      CREATE FUNCTION kohtaamo_may_see_meeting_people(p_meeting uuid) RETURNS boolean
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        k text := kohtaamo_actor_kind();
        a uuid := kohtaamo_actor_id();
        c uuid;
      BEGIN
        IF k = 'system' THEN RETURN true; END IF;
        IF a IS NULL THEN RETURN false; END IF;
        IF k = 'staff' THEN
          SELECT r.client_id INTO c FROM meeting m LEFT JOIN consultation_request r ON r.id = m.request_id WHERE m.id = p_meeting;
          RETURN c IS NULL OR coalesce(staff_may_see_client(a, c, kohtaamo_now()), false);
        END IF;
        IF k = 'guest' THEN
          RETURN EXISTS (SELECT 1 FROM meeting_participant g WHERE g.id = a AND g.kind <> 'staff' AND g.meeting_id = p_meeting);
        END IF;
        RETURN false;
      END $$`);

    await q.query(`
      CREATE FUNCTION kohtaamo_may_see_minutes(p_meeting uuid, p_request uuid, p_status text) RETURNS boolean
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

    // ── row-level security ─────────────────────────────────────────────────────────────────────────
    // Each policy is one expression for reading and writing. The column tests beside the function calls
    // let an actor insert (with RETURNING) a row that names them, which no lookup could find yet.
    await policy(q, 'client', `kohtaamo_may_see_client(id) OR (kohtaamo_actor_kind() = 'staff' AND created_by_id = kohtaamo_actor_id())`);
    await policy(q, 'consent', `kohtaamo_may_see_client(client_id) OR (kohtaamo_actor_kind() = 'staff' AND recorded_by_id = kohtaamo_actor_id())`);
    await policy(
      q,
      'consultation_request',
      `CASE kohtaamo_actor_kind()
         WHEN 'system' THEN true
         WHEN 'staff' THEN anonymous OR kohtaamo_actor_id() IN (requester_id, own_worker_id) OR kohtaamo_may_see_client(client_id)
         WHEN 'guest' THEN kohtaamo_guest_sees_request(id)
         ELSE false END`,
    );
    await policy(q, 'minutes', `kohtaamo_may_see_minutes(meeting_id, request_id, status)`);
    await policy(q, 'meeting_participant', `(kind = 'staff' AND kohtaamo_actor_kind() = 'staff') OR kohtaamo_may_see_meeting_people(meeting_id)`);
    await policy(
      q,
      'notification_delivery',
      `CASE kohtaamo_actor_kind() WHEN 'guest' THEN participant_id = kohtaamo_actor_id() ELSE kohtaamo_may_see_meeting_people(meeting_id) END`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const app = await appRole(q);
    for (const t of POLICY_TABLES) {
      await q.query(`DROP POLICY IF EXISTS kohtaamo_actor ON ${t}`);
      await q.query(`ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP FUNCTION kohtaamo_may_see_minutes(uuid, uuid, text)`);
    await q.query(`DROP FUNCTION kohtaamo_may_see_meeting_people(uuid)`);
    await q.query(`DROP FUNCTION kohtaamo_guest_sees_request(uuid)`);
    await q.query(`DROP FUNCTION kohtaamo_may_see_client(uuid)`);
    await q.query(`ALTER FUNCTION chairs_team(uuid, uuid, date) SECURITY INVOKER RESET search_path`);
    await q.query(`DROP TRIGGER meeting_participant_no_clash ON meeting_participant`);
    await q.query(`DROP FUNCTION meeting_participant_no_clash()`);
    await q.query(`ALTER FUNCTION meeting_moves_participants() SECURITY INVOKER RESET search_path`);
    await q.query(`ALTER FUNCTION staff_may_see_client(uuid, uuid, timestamptz) SECURITY INVOKER RESET search_path`);
    await q.query(`DROP FUNCTION kohtaamo_now()`);
    await q.query(`DROP FUNCTION kohtaamo_actor_id()`);
    await q.query(`DROP FUNCTION kohtaamo_actor_kind()`);
    if ((await q.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [app])).length) {
      await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM "${app}"`);
      await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM "${app}"`);
      await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM "${app}"`);
      await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "${app}"`);
      await q.query(`REVOKE ALL ON SCHEMA public FROM "${app}"`);
    }
    // the role itself stays: it is cluster-wide and other databases of the cluster may use it
  }
}

const POLICY_TABLES = ['client', 'consent', 'consultation_request', 'minutes', 'meeting_participant', 'notification_delivery'];

/**
 * One policy for reading and writing. The system actor is tested first, in plain SQL, so that the
 * workers' bulk work (thousands of delivery rows) never calls the PL/pgSQL checks.
 */
async function policy(q: QueryRunner, table: string, expression: string): Promise<void> {
  const rule = `kohtaamo_actor_kind() = 'system' OR (${expression})`;
  await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await q.query(`CREATE POLICY kohtaamo_actor ON ${table} FOR ALL USING (${rule}) WITH CHECK (${rule})`);
}

/** The app role's name: `kohtaamo.app_role` of the migrating session (the migrate command sets it from DATABASE_URL), else kohtaamo_app. */
export async function appRole(q: QueryRunner): Promise<string> {
  const [{ name }]: Array<{ name: string }> = await q.query(`SELECT coalesce(nullif(current_setting('kohtaamo.app_role', true), ''), 'kohtaamo_app') AS name`);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`kohtaamo.app_role "${name}" must be a lower-case identifier (letters, digits, _)`);
  return name;
}
