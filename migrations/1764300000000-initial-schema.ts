import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The domain of docs/domain.md: people, teams with responsible pairs, clients and consents, consultation
 * requests with their history, meetings with participants and agenda items. Enumerations are CHECK
 * constraints on text (easy to extend in a later migration); privacy rules the database can hold are
 * held here too (an anonymous request has no client and no consent).
 */
export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        email varchar(320) NOT NULL,
        profession varchar(40) NOT NULL CHECK (profession IN ('physician','nurse','public_health_nurse','psychologist',
          'social_worker','family_worker','speech_therapist','occupational_therapist','physiotherapist','psychiatric_nurse',
          'school_social_worker','teacher','early_childhood_educator','coordinator','other')),
        organisation varchar(200) NOT NULL,
        unit varchar(200),
        locale varchar(2) NOT NULL DEFAULT 'fi' CHECK (locale IN ('fi','sv','en')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX person_email_key ON person (lower(email))`);

    await q.query(`
      CREATE TABLE team (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(30) NOT NULL CHECK (kind IN ('children_youth','adults','neuropsychiatric','other')),
        name varchar(200) NOT NULL,
        unit varchar(200) NOT NULL,
        description varchar(2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX team_name_key ON team (lower(name))`);

    await q.query(`
      CREATE TABLE team_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
        role varchar(20) NOT NULL DEFAULT 'member' CHECK (role IN ('member','chair','coordinator')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT team_member_once UNIQUE (team_id, person_id)
      )`);
    await q.query(`CREATE INDEX team_member_person ON team_member (person_id)`);

    await q.query(`
      CREATE TABLE responsible_pair (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE CASCADE,
        physician_id uuid NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
        nurse_id uuid NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
        valid_from date NOT NULL,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CHECK (physician_id <> nurse_id),
        CONSTRAINT responsible_pair_no_overlap EXCLUDE USING gist (team_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`);

    await q.query(`
      CREATE TABLE client (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name varchar(200) NOT NULL,
        personal_identity_code varchar(11),
        birth_date date,
        locale varchar(2) NOT NULL DEFAULT 'fi' CHECK (locale IN ('fi','sv','en')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX client_pic_key ON client (personal_identity_code) WHERE personal_identity_code IS NOT NULL`);

    await q.query(`
      CREATE TABLE consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES client(id) ON DELETE RESTRICT,
        given_by varchar(10) NOT NULL CHECK (given_by IN ('client','guardian')),
        given_by_name varchar(200) NOT NULL,
        organisation_types text[] NOT NULL,
        data_categories text[] NOT NULL,
        purpose varchar(2000) NOT NULL,
        given_at timestamptz NOT NULL,
        valid_until timestamptz,
        withdrawn_at timestamptz,
        withdrawal_reason varchar(2000),
        recorded_by_id uuid REFERENCES person(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (cardinality(organisation_types) > 0 AND cardinality(data_categories) > 0),
        CHECK (valid_until IS NULL OR valid_until > given_at)
      )`);
    await q.query(`CREATE INDEX consent_client ON consent (client_id)`);

    await q.query(`
      CREATE TABLE consultation_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        requester_id uuid NOT NULL REFERENCES person(id),
        own_worker_id uuid REFERENCES person(id),
        team_id uuid NOT NULL REFERENCES team(id),
        client_group varchar(30) NOT NULL CHECK (client_group IN ('neuropsychiatric','substance_use','mental_health',
          'separating_family','custody_dispute','other')),
        urgency varchar(10) NOT NULL CHECK (urgency IN ('urgent','soon','normal')),
        question varchar(4000) NOT NULL,
        tried_so_far varchar(4000),
        situation varchar(4000),
        age_band varchar(10) CHECK (age_band IN ('0-1','1-3','3-6','7-12','13-17','18-24','25-64','65+')),
        preferred_mode varchar(10) NOT NULL CHECK (preferred_mode IN ('remote','in_person','hybrid')),
        family_attends boolean NOT NULL DEFAULT false,
        anonymous boolean NOT NULL,
        client_id uuid REFERENCES client(id),
        consent_id uuid REFERENCES consent(id),
        status varchar(20) NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','more_info_needed','accepted',
          'declined','scheduled','handled','minutes_finalised','closed')),
        status_reason varchar(2000),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT anonymous_has_no_client CHECK (
          (anonymous AND client_id IS NULL AND consent_id IS NULL) OR
          (NOT anonymous AND client_id IS NOT NULL AND consent_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX request_team_status ON consultation_request (team_id, status, submitted_at)`);
    await q.query(`CREATE INDEX request_requester ON consultation_request (requester_id)`);
    await q.query(`CREATE INDEX request_client ON consultation_request (client_id) WHERE client_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE request_event (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES consultation_request(id) ON DELETE CASCADE,
        action varchar(20) NOT NULL,
        from_status varchar(20),
        to_status varchar(20) NOT NULL,
        reason varchar(2000),
        actor_id uuid REFERENCES person(id),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX request_event_request ON request_event (request_id, at)`);

    await q.query(`
      CREATE TABLE meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(20) NOT NULL CHECK (kind IN ('team_session','network_meeting','ad_hoc')),
        title varchar(300) NOT NULL,
        team_id uuid REFERENCES team(id),
        request_id uuid REFERENCES consultation_request(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        location varchar(300),
        mode varchar(10) NOT NULL CHECK (mode IN ('remote','in_person','hybrid')),
        status varchar(10) NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','cancelled','held')),
        sequence integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK (kind <> 'team_session' OR team_id IS NOT NULL),
        CHECK (mode = 'remote' OR location IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX meeting_starts ON meeting (starts_at)`);
    await q.query(`CREATE INDEX meeting_team ON meeting (team_id, starts_at)`);

    await q.query(`
      CREATE TABLE meeting_participant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        kind varchar(10) NOT NULL CHECK (kind IN ('staff','external','family')),
        person_id uuid REFERENCES person(id),
        display_name varchar(200) NOT NULL,
        email varchar(320),
        organisation_name varchar(200),
        organisation_type varchar(20) CHECK (organisation_type IN ('school','daycare','kela','parish','ngo',
          'social_services','health_care','other')),
        family_relation varchar(10) CHECK (family_relation IN ('child','guardian','parent','other')),
        required boolean NOT NULL DEFAULT true,
        attendance varchar(10) NOT NULL DEFAULT 'invited' CHECK (attendance IN ('invited','in_person','remote','absent')),
        locale varchar(2) NOT NULL DEFAULT 'fi' CHECK (locale IN ('fi','sv','en')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'staff') = (person_id IS NOT NULL)),
        CHECK (kind <> 'external' OR organisation_type IS NOT NULL),
        CHECK (kind <> 'family' OR family_relation IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX meeting_participant_person ON meeting_participant (meeting_id, person_id) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE INDEX meeting_participant_person_any ON meeting_participant (person_id) WHERE person_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE agenda_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        request_id uuid NOT NULL REFERENCES consultation_request(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CONSTRAINT agenda_item_request_once UNIQUE (meeting_id, request_id)
      )`);
    await q.query(`CREATE INDEX agenda_item_request ON agenda_item (request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'agenda_item',
      'meeting_participant',
      'meeting',
      'request_event',
      'consultation_request',
      'consent',
      'client',
      'responsible_pair',
      'team_member',
      'team',
      'person',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
