import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { Actor, runAs } from '../../apps/api/src/database/actor-context';
import { actorSettingValues } from '../../apps/api/src/database/actor-settings';
import { dataSourceOptions } from '../../apps/api/src/database/data-source';
import { TestDatabase, createTestDatabase } from '../support/database';

/**
 * The two database roles and row-level security (migrations/1764900000000-database-roles.ts), checked
 * with raw SQL as the app role — what a forgotten check in a new route would see.
 */

const CLIENT_TABLES = ['client', 'consent', 'consultation_request', 'minutes', 'meeting_participant', 'notification_delivery'] as const;

interface World {
  requester: string;
  stranger: string;
  member: string;
  physician: string;
  nurse: string;
  team: string;
  client: string;
  consent: string;
  request: string;
  anonymous: string;
  meeting: string;
  staffP: string;
  school: string;
  kela: string;
  guardian: string;
  finalMinutes: string;
  draftMinutes: string;
  delivery: string;
  otherClient: string;
  otherRequest: string;
  otherMeeting: string;
  otherGuest: string;
}

const NOW = new Date('2027-03-01T10:00:00Z');

async function build(ds: DataSource): Promise<World> {
  const one = async (sql: string, params: unknown[] = []): Promise<string> => ((await ds.query(sql, params)) as Array<{ id: string }>)[0].id;
  const person = (name: string, profession = 'nurse') =>
    one(`INSERT INTO person (name, email, profession, organisation) VALUES ($1, $2, $3, 'Testi') RETURNING id`, [name, `${name.replace(/\W/g, '').toLowerCase()}@test.invalid`, profession]);
  const requester = await person('Pyytäjä');
  const stranger = await person('Ulkopuolinen');
  const member = await person('Jäsen');
  const physician = await person('Lääkäri', 'physician');
  const nurse = await person('Hoitaja');
  const team = await one(`INSERT INTO team (kind, name, unit) VALUES ('children_youth', 'LaNu', 'Perhekeskus') RETURNING id`);
  await ds.query(`INSERT INTO team_member (team_id, person_id) VALUES ($1, $2)`, [team, member]);
  await ds.query(`INSERT INTO responsible_pair (team_id, physician_id, nurse_id, valid_from, valid_to) VALUES ($1, $2, $3, '2027-01-01', '2027-06-30')`, [team, physician, nurse]);

  const identified = async (withdrawnAt: string | null) => {
    const client = await one(`INSERT INTO client (full_name, created_by_id) VALUES ('Eetu Esimerkki', $1) RETURNING id`, [requester]);
    const consent = await one(
      `INSERT INTO consent (client_id, given_by, given_by_name, organisation_types, data_categories, purpose, given_at, withdrawn_at, recorded_by_id)
       VALUES ($1, 'guardian', 'Elina', '{school,health_care}', '{request,minutes}', 'Verkosto', '2027-01-01T00:00:00Z', $2, $3) RETURNING id`,
      [client, withdrawnAt, requester],
    );
    const request = await one(
      `INSERT INTO consultation_request (requester_id, team_id, client_group, urgency, question, preferred_mode, anonymous, client_id, consent_id, status)
       VALUES ($1, $2, 'other', 'normal', 'Kysymys', 'remote', false, $3, $4, 'scheduled') RETURNING id`,
      [requester, team, client, consent],
    );
    const meeting = await one(
      `INSERT INTO meeting (kind, title, request_id, starts_at, ends_at, mode) VALUES ('network_meeting', 'Verkosto', $1, '2027-02-01T08:00:00Z', '2027-02-01T09:00:00Z', 'remote') RETURNING id`,
      [request],
    );
    return { client, consent, request, meeting };
  };
  const x = await identified('2027-04-01T00:00:00Z'); // withdrawn a month after NOW
  const participant = (meeting: string, kind: string, extra: Record<string, string | null>) =>
    one(
      `INSERT INTO meeting_participant (meeting_id, kind, person_id, display_name, organisation_type, family_relation) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [meeting, kind, extra.person ?? null, extra.name ?? kind, extra.org ?? null, extra.relation ?? null],
    );
  const staffP = await participant(x.meeting, 'staff', { person: requester, name: 'Pyytäjä' });
  const school = await participant(x.meeting, 'external', { name: 'Opettaja', org: 'school' });
  const kela = await participant(x.meeting, 'external', { name: 'Kela', org: 'kela' });
  const guardian = await participant(x.meeting, 'family', { name: 'Elina', relation: 'guardian' });
  const finalMinutes = await one(
    `INSERT INTO minutes (meeting_id, request_id, version, status, anonymous, finalised_by_id, finalised_at) VALUES ($1, $2, 1, 'finalised', false, $3, '2027-02-01T09:00:00Z') RETURNING id`,
    [x.meeting, x.request, requester],
  );
  const draftMinutes = await one(`INSERT INTO minutes (meeting_id, request_id, version, previous_id, status, anonymous) VALUES ($1, $2, 2, $3, 'draft', false) RETURNING id`, [
    x.meeting,
    x.request,
    finalMinutes,
  ]);
  const delivery = await one(
    `INSERT INTO notification_delivery (key, meeting_id, participant_id, kind, sequence, recipient, status) VALUES ('req.x', $1, $2, 'invitation', 0, '{"name":"Elina","email":"elina@koti.fi"}', 'sent') RETURNING id`,
    [x.meeting, guardian],
  );
  const anonymous = await one(
    `INSERT INTO consultation_request (requester_id, team_id, client_group, urgency, question, preferred_mode, anonymous, age_band) VALUES ($1, $2, 'other', 'normal', 'Nimetön', 'remote', true, '3-6') RETURNING id`,
    [stranger, team],
  );
  const y = await identified(null);
  const otherGuest = await participant(y.meeting, 'external', { name: 'Toinen opettaja', org: 'school' });
  return {
    requester, stranger, member, physician, nurse, team, client: x.client, consent: x.consent, request: x.request, anonymous, meeting: x.meeting,
    staffP, school, kela, guardian, finalMinutes, draftMinutes, delivery: String(delivery),
    otherClient: y.client, otherRequest: y.request, otherMeeting: y.meeting, otherGuest,
  };
}

describe('database roles and row-level security', () => {
  let db: TestDatabase;
  let app: Client;
  let w: World;

  /** Runs SQL as the app role with the actor settings the API would set (none when actor is undefined). */
  async function as<T = Record<string, unknown>>(actor: Actor | null, sql: string, params: unknown[] = [], now = NOW): Promise<T[]> {
    const [kind, id, at] = actorSettingValues(actor, now);
    await app.query(`SELECT set_config('kohtaamo.actor_kind', $1, false), set_config('kohtaamo.actor_id', $2, false), set_config('kohtaamo.now', $3, false)`, [kind, id, at]);
    return (await app.query(sql, params)).rows as T[];
  }
  const ids = async (actor: Actor | null, table: string, now = NOW) => (await as<{ id: string }>(actor, `SELECT id::text FROM ${table}`, [], now)).map((r) => r.id).sort();
  const staff = (id: string): Actor => ({ kind: 'staff', id });
  const guest = (id: string): Actor => ({ kind: 'guest', id });

  beforeAll(async () => {
    db = await createTestDatabase();
    w = await build(db.ds);
    app = new Client({ connectionString: db.appUrl });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    await db?.drop();
  });

  describe('the app role owns nothing and cannot get round the append-only log', () => {
    it('is an ordinary login role that owns no table', async () => {
      const [r] = await as<{ user: string; rolsuper: boolean; rolbypassrls: boolean; owns: number }>(
        null,
        `SELECT current_user AS user, rolsuper, rolbypassrls, (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owns FROM pg_roles r WHERE rolname = current_user`,
      );
      expect(r).toEqual({ user: 'kohtaamo_app', rolsuper: false, rolbypassrls: false, owns: 0 });
    });

    it('reads and appends to access_log, and nothing else', async () => {
      await as(null, `INSERT INTO access_log (actor_kind, actor_name, action, resource_type, purpose) VALUES ('system', 'test', 'read', 'client', 'care')`);
      expect((await as<{ n: number }>(null, `SELECT count(*)::int AS n FROM access_log`))[0].n).toBe(1);
      for (const sql of [
        `UPDATE access_log SET actor_name = 'x'`,
        `DELETE FROM access_log`,
        `TRUNCATE access_log`,
        `ALTER TABLE access_log DISABLE TRIGGER access_log_no_update`,
        `ALTER TABLE access_log DISABLE TRIGGER ALL`,
        `ALTER TABLE access_log ADD COLUMN x int`,
        `DROP TRIGGER access_log_no_update ON access_log`,
        `DROP TABLE access_log`,
        `SET session_replication_role = replica`,
        `ALTER TABLE client DISABLE ROW LEVEL SECURITY`,
        `DROP POLICY kohtaamo_actor ON client`,
        `TRUNCATE client`,
        `TRUNCATE meeting`,
        `CREATE TABLE sneaky (id int)`,
        `CREATE OR REPLACE FUNCTION staff_may_see_client(uuid, uuid, timestamptz) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$`,
        `UPDATE request_event SET reason = 'x'`,
        `SELECT * FROM migrations`,
      ]) {
        await expect(as(null, sql)).rejects.toMatchObject({ code: '42501' });
      }
      expect((await db.ds.query(`SELECT count(*)::int AS n FROM access_log`))[0].n).toBe(1);
    });

    it('gets the same row grants on a table a later migration makes, and still no TRUNCATE', async () => {
      await db.ds.query(`CREATE TABLE later_table (id serial PRIMARY KEY, v text)`);
      try {
        await as(null, `INSERT INTO later_table (v) VALUES ('a')`);
        await as(null, `UPDATE later_table SET v = 'b'`);
        expect(await as(null, `SELECT v FROM later_table`)).toEqual([{ v: 'b' }]);
        await expect(as(null, `TRUNCATE later_table`)).rejects.toMatchObject({ code: '42501' });
        await expect(as(null, `ALTER TABLE later_table ADD COLUMN w int`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await db.ds.query(`DROP TABLE later_table`);
      }
    });
  });

  describe('row-level security', () => {
    it('shows no client-identifying row to a connection with no actor set', async () => {
      for (const table of CLIENT_TABLES) expect([table, await ids(null, table)]).toEqual([table, []]);
      // and the owner sees them all (the test set-up made some in every table)
      for (const table of CLIENT_TABLES) expect((await db.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n).toBeGreaterThan(0);
    });

    it('shows an unrelated staff member nothing about the client, only anonymous requests and staff participants', async () => {
      const s = staff(w.stranger);
      expect(await ids(s, 'client')).toEqual([]);
      expect(await ids(s, 'consent')).toEqual([]);
      expect(await ids(s, 'consultation_request')).toEqual([w.anonymous]);
      expect(await ids(s, 'minutes')).toEqual([]);
      expect(await ids(s, 'meeting_participant')).toEqual([w.staffP]);
      expect(await ids(s, 'notification_delivery')).toEqual([]);
      // nor can they write about the client: an update finds nothing, an insert is refused
      expect(await as(s, `UPDATE client SET full_name = 'X' WHERE id = $1 RETURNING id`, [w.client])).toEqual([]);
      await expect(
        as(s, `INSERT INTO consent (client_id, given_by, given_by_name, organisation_types, data_categories, purpose, given_at) VALUES ($1, 'guardian', 'X', '{school}', '{minutes}', 'x', now())`, [w.client]),
      ).rejects.toMatchObject({ code: '42501' });
    });

    it('shows the requester their client, and the team while the consent is active at kohtaamo.now', async () => {
      const r = staff(w.requester);
      expect(await ids(r, 'client')).toEqual([w.client, w.otherClient].sort());
      expect(await ids(r, 'minutes')).toEqual([w.finalMinutes, w.draftMinutes].sort());
      expect(await ids(r, 'notification_delivery')).toEqual([w.delivery]);
      expect(await ids(r, 'meeting_participant')).toEqual(expect.arrayContaining([w.school, w.kela, w.guardian, w.otherGuest]));
      for (const m of [staff(w.member), staff(w.physician)]) {
        expect(await ids(m, 'client')).toEqual([w.client, w.otherClient].sort());
        expect(await ids(m, 'consultation_request')).toEqual([w.request, w.anonymous, w.otherRequest].sort());
        // after the withdrawal (2027-04-01) the team sees that client no more; the requester still does
        const later = new Date('2027-04-01T00:00:00.001Z');
        expect(await ids(m, 'client', later)).toEqual([w.otherClient]);
        expect(await ids(m, 'minutes', later)).toEqual([]);
        expect(await ids(m, 'meeting_participant', later)).not.toContain(w.guardian);
      }
      expect(await ids(r, 'client', new Date('2027-05-01T00:00:00Z'))).toEqual([w.client, w.otherClient].sort());
    });

    it('shows a guest their own meeting only, and finalised minutes only within the consent', async () => {
      const school = guest(w.school);
      expect(await ids(school, 'client')).toEqual([w.client]);
      expect(await ids(school, 'consultation_request')).toEqual([w.request]);
      expect(await ids(school, 'meeting_participant')).toEqual([w.staffP, w.school, w.kela, w.guardian].sort());
      expect(await ids(school, 'notification_delivery')).toEqual([]);
      expect(await ids(school, 'minutes')).toEqual([w.finalMinutes]); // not the draft
      expect(await ids(school, 'minutes', new Date('2027-04-01T00:00:00Z'))).toEqual([]); // the consent is withdrawn
      expect(await ids(school, 'minutes', new Date('2026-12-31T23:59:59Z'))).toEqual([]); // not yet given
      // Kela is not among the consent's organisations; the guardian (family) is covered by 'minutes'
      expect(await ids(guest(w.kela), 'minutes')).toEqual([]);
      expect(await ids(guest(w.guardian), 'minutes')).toEqual([w.finalMinutes]);
      // after the withdrawal the guardian keeps her child's minutes (her own right, migration 1765030000100),
      // but not before the consent was given, and never a draft
      expect(await ids(guest(w.guardian), 'minutes', new Date('2027-04-01T00:00:00Z'))).toEqual([w.finalMinutes]);
      expect(await ids(guest(w.guardian), 'minutes', new Date('2026-12-31T23:59:59Z'))).toEqual([]);
      expect(await ids(guest(w.guardian), 'notification_delivery')).toEqual([w.delivery]);
      // a guest of another meeting sees nothing of this one
      const other = guest(w.otherGuest);
      expect(await ids(other, 'client')).toEqual([w.otherClient]);
      expect(await ids(other, 'minutes')).toEqual([]);
      expect(await ids(other, 'meeting_participant')).toEqual([w.otherGuest]);
      // a staff member's person id is no guest
      expect(await ids(guest(w.requester), 'client')).toEqual([]);
    });

    it('shows the system actor everything', async () => {
      for (const table of CLIENT_TABLES) {
        const all = ((await db.ds.query(`SELECT id::text FROM ${table}`)) as Array<{ id: string }>).map((r) => r.id).sort();
        expect(await ids({ kind: 'system' }, table)).toEqual(all);
      }
    });
  });

  describe('the disclosure log (migration 1765030000000)', () => {
    const insert = (recipient: string, recordedBy: string | null = null) =>
      `INSERT INTO disclosure_log (at, client_id, basis, consent_id, recipient_kind, recipient_participant_id, recipient_name, channel, resource_type, service_provider, recorded_by_id)
       VALUES (now(), '${w.client}', 'consent', '${w.consent}', 'external', '${recipient}', 'Opettaja', 'link', 'minutes', 'Hyvinvointialue', ${recordedBy ? `'${recordedBy}'` : 'NULL'})`;

    it('a guest appends only entries naming themselves; staff only their own; nobody but the system and an administrator reads it', async () => {
      await as(guest(w.school), insert(w.school));
      await expect(as(guest(w.school), insert(w.kela))).rejects.toMatchObject({ code: '42501' });
      await expect(as(staff(w.requester), insert(w.school))).rejects.toMatchObject({ code: '42501' });
      await as(staff(w.requester), insert(w.school, w.requester));
      await expect(as(null, insert(w.school))).rejects.toMatchObject({ code: '42501' });
      await as({ kind: 'system' }, insert(w.kela));
      expect(await ids(guest(w.school), 'disclosure_log')).toEqual([]);
      expect(await ids(staff(w.requester), 'disclosure_log')).toEqual([]);
      expect(await ids(null, 'disclosure_log')).toEqual([]);
      expect(await ids({ kind: 'system' }, 'disclosure_log')).toHaveLength(3);
      const [{ id: admin }] = (await db.ds.query(`INSERT INTO person (name, email, profession, organisation, system_role) VALUES ('Ylläpito', 'yp@test.invalid', 'other', 'Testi', 'admin') RETURNING id`)) as Array<{ id: string }>;
      expect(await ids(staff(admin), 'disclosure_log')).toHaveLength(3);
    });

    it('is append-only for the app role and its owner alike', async () => {
      for (const sql of [`UPDATE disclosure_log SET recipient_name = 'x'`, `DELETE FROM disclosure_log`, `TRUNCATE disclosure_log`, `ALTER TABLE disclosure_log DISABLE ROW LEVEL SECURITY`]) {
        await expect(as({ kind: 'system' }, sql)).rejects.toMatchObject({ code: '42501' });
      }
      await expect(db.ds.query(`UPDATE disclosure_log SET recipient_name = 'x'`)).rejects.toThrow(/append-only/);
      await expect(db.ds.query(`DELETE FROM disclosure_log`)).rejects.toThrow(/append-only/);
    });
  });

  it('chairs_team: a responsible pair member on the days of the pair, both ends included', async () => {
    const chairs = async (person: string, day: string) => (await as<{ c: boolean }>(null, `SELECT chairs_team($1, $2, $3::date) AS c`, [person, w.team, day]))[0].c;
    expect(await chairs(w.physician, '2027-01-01')).toBe(true);
    expect(await chairs(w.nurse, '2027-06-30')).toBe(true);
    expect(await chairs(w.nurse, '2027-07-01')).toBe(false);
    expect(await chairs(w.physician, '2026-12-31')).toBe(false);
    expect(await chairs(w.member, '2027-03-01')).toBe(false);
  });

  describe('the API data source sets the actor on every connection it hands out', () => {
    let api: DataSource;
    let clock = new Date('2027-03-01T10:00:00.250Z');
    beforeAll(async () => {
      const options = dataSourceOptions(db.appUrl, { now: () => clock });
      api = new DataSource({ ...options, extra: { ...(options.extra as object), max: 1 } } as DataSourceOptions);
      await api.initialize();
    });
    afterAll(async () => {
      await api?.destroy();
    });
    const settings = async () =>
      ((await api.query(`SELECT current_setting('kohtaamo.actor_kind') AS kind, current_setting('kohtaamo.actor_id') AS id, nullif(current_setting('kohtaamo.now'), '')::timestamptz AS now`)) as Array<{ kind: string; id: string; now: Date | null }>)[0];

    it('as the current actor, with the clock rounded up to the second, and nobody outside a scope', async () => {
      expect(await runAs(staff(w.member), settings)).toEqual({ kind: 'staff', id: w.member, now: new Date('2027-03-01T10:00:01Z') });
      expect(await settings()).toMatchObject({ kind: '', id: '' });
      expect(await runAs({ kind: 'system' }, () => api.query(`SELECT count(*)::int AS n FROM client`))).toEqual([{ n: 2 }]);
      expect(await api.query(`SELECT count(*)::int AS n FROM client`)).toEqual([{ n: 0 }]);
      clock = new Date('2027-04-01T00:00:00Z');
      expect(await runAs(staff(w.member), () => api.query(`SELECT id FROM client`))).toEqual([{ id: w.otherClient }]);
      await runAs(guest(w.school), () =>
        api.transaction(async (tx) => {
          expect(await tx.query(`SELECT current_setting('kohtaamo.actor_kind') AS k`)).toEqual([{ k: 'guest' }]);
        }),
      );
    });

    it('the system actor carries no instant, so a worker connection is set once, not again each second', async () => {
      expect(actorSettingValues({ kind: 'system' }, new Date('2027-03-01T10:00:00Z'))).toEqual(actorSettingValues({ kind: 'system' }, new Date('2027-03-01T11:00:00Z')));
      expect(await runAs({ kind: 'system' }, settings)).toEqual({ kind: 'system', id: '', now: null });
      // and it still sees every row of every client table (the policies let it through before any time test)
      for (const t of CLIENT_TABLES) {
        const [{ n }] = (await runAs({ kind: 'system' }, () => api.query(`SELECT count(*)::int AS n FROM ${t}`))) as Array<{ n: number }>;
        const [{ n: all }] = (await db.ds.query(`SELECT count(*)::int AS n FROM ${t}`)) as Array<{ n: number }>;
        expect({ t, n }).toEqual({ t, n: all });
      }
      // a staff member on the same connection gets the clock's instant back
      expect(await runAs(staff(w.member), settings)).toMatchObject({ kind: 'staff', now: new Date(Math.ceil(clock.getTime() / 1000) * 1000) });
    });

    it('as the actor of whoever asked for the connection, not of whoever gave it back', async () => {
      // one connection: B waits for it while A holds it in a transaction; A's release hands it to B
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const a = runAs(staff(w.requester), () => api.transaction(() => held));
      await new Promise((r) => setTimeout(r, 50));
      const b = runAs(staff(w.stranger), () => api.query(`SELECT current_setting('kohtaamo.actor_id') AS id, (SELECT count(*)::int FROM client) AS n`));
      await new Promise((r) => setTimeout(r, 50));
      release();
      await a;
      expect(await b).toEqual([{ id: w.stranger, n: 0 }]);
    });
  });
});
