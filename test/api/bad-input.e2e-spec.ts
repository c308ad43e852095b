import request from 'supertest';
import { Fixture, buildFixture } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/api';

/**
 * Every create/update endpoint × every kind of bad input → a 4xx whose body names the field, never a
 * 500, and nothing stored (all rows of every table counted before and after).
 */
type Kind = { t: 'string'; max: number } | { t: 'enum' } | { t: 'uuid' } | { t: 'bool' } | { t: 'date' } | { t: 'enumArray' };
const str = (max: number): Kind => ({ t: 'string', max });
const ENUM: Kind = { t: 'enum' };
const UUID: Kind = { t: 'uuid' };
const BOOL: Kind = { t: 'bool' };
const DATE: Kind = { t: 'date' };
const ENUMS: Kind = { t: 'enumArray' };

interface Endpoint {
  name: string;
  method: 'post' | 'patch';
  path: (f: Fixture) => string;
  valid: (f: Fixture) => Record<string, unknown>;
  fields: Record<string, Kind>;
  required: string[];
  /** Fields that once named the acting person: the actor is the signed-in principal, so each is now an unknown field (400). */
  removed?: (f: Fixture) => Record<string, unknown>;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'create person',
    method: 'post',
    path: () => '/api/persons',
    valid: () => ({ name: 'Uusi Työntekijä', email: 'uusi@example.fi', profession: 'psychologist', organisation: 'Hyvinvointialue', unit: 'Perheneuvola', locale: 'sv' }),
    fields: { name: str(200), email: str(320), profession: ENUM, organisation: str(200), unit: str(200), locale: ENUM },
    required: ['name', 'email', 'profession', 'organisation'],
  },
  {
    name: 'update person',
    method: 'patch',
    path: (f) => `/api/persons/${f.psychologistId}`,
    valid: () => ({ name: 'Pia P.', unit: 'Perheneuvola', active: false }),
    fields: { name: str(200), email: str(320), profession: ENUM, unit: str(200), active: BOOL },
    required: [],
  },
  {
    name: 'create team',
    method: 'post',
    path: () => '/api/teams',
    valid: () => ({ kind: 'neuropsychiatric', name: 'Nepsy-tiimi X', unit: 'Perhekeskus', description: 'Nepsy-konsultaatiot' }),
    fields: { kind: ENUM, name: str(200), unit: str(200), description: str(2000) },
    required: ['kind', 'name', 'unit'],
  },
  {
    name: 'update team',
    method: 'patch',
    path: (f) => `/api/teams/${f.teamId}`,
    valid: () => ({ description: 'Joka toinen tiistai' }),
    fields: { kind: ENUM, name: str(200), unit: str(200), description: str(2000) },
    required: [],
  },
  {
    name: 'add team member',
    method: 'post',
    path: (f) => `/api/teams/${f.teamId}/members`,
    valid: (f) => ({ personId: f.psychologistId, role: 'member' }),
    fields: { personId: UUID, role: ENUM },
    required: ['personId'],
  },
  {
    name: 'add responsible pair',
    method: 'post',
    path: (f) => `/api/teams/${f.teamId}/responsible-pairs`,
    valid: (f) => ({ physicianId: f.physicianId, nurseId: f.nurseId, validFrom: '2031-01-01', validTo: '2031-12-31' }),
    fields: { physicianId: UUID, nurseId: UUID, validFrom: DATE, validTo: DATE },
    required: ['physicianId', 'nurseId', 'validFrom'],
  },
  {
    name: 'create client',
    method: 'post',
    path: () => '/api/clients',
    valid: () => ({ fullName: 'Aino Asiakas', personalIdentityCode: '131052-308T', birthDate: '1952-10-13', locale: 'fi' }),
    fields: { fullName: str(200), personalIdentityCode: str(11), birthDate: DATE, locale: ENUM },
    required: ['fullName'],
  },
  {
    name: 'update client',
    method: 'patch',
    path: (f) => `/api/clients/${f.clientId}`,
    valid: () => ({ locale: 'sv' }),
    fields: { fullName: str(200), personalIdentityCode: str(11), birthDate: DATE, locale: ENUM },
    required: [],
  },
  {
    name: 'record consent',
    method: 'post',
    path: (f) => `/api/clients/${f.clientId}/consents`,
    valid: () => ({ givenBy: 'guardian', givenByName: 'Huoltaja', organisationTypes: ['school'], dataCategories: ['minutes'], purpose: 'Koulun kanssa' }),
    fields: { givenBy: ENUM, givenByName: str(200), organisationTypes: ENUMS, dataCategories: ENUMS, purpose: str(2000), givenAt: DATE, validUntil: DATE },
    required: ['givenBy', 'givenByName', 'organisationTypes', 'dataCategories', 'purpose'],
    removed: (f) => ({ recordedById: f.nurseId }),
  },
  {
    name: 'withdraw consent',
    method: 'post',
    path: (f) => `/api/consents/${f.consentId}/withdraw`,
    valid: () => ({ reason: 'Huoltaja perui' }),
    fields: { reason: str(2000) },
    required: [],
  },
  {
    name: 'create request',
    method: 'post',
    path: () => '/api/requests',
    valid: (f) => ({
      ownWorkerId: f.nurseId,
      teamId: f.teamId,
      clientGroup: 'mental_health',
      urgency: 'soon',
      question: 'Nuoren ahdistus, miten edetä?',
      triedSoFar: 'Keskustelut',
      situation: 'Koulupoissaoloja',
      ageBand: '13-17',
      preferredMode: 'hybrid',
      familyAttends: false,
      anonymous: true,
    }),
    fields: {
      ownWorkerId: UUID,
      teamId: UUID,
      clientGroup: ENUM,
      urgency: ENUM,
      question: str(4000),
      triedSoFar: str(4000),
      situation: str(4000),
      ageBand: ENUM,
      preferredMode: ENUM,
      familyAttends: BOOL,
      anonymous: BOOL,
    },
    required: ['teamId', 'clientGroup', 'urgency', 'question', 'preferredMode', 'anonymous'],
    removed: (f) => ({ requesterId: f.nurseId }),
  },
  {
    name: 'update request',
    method: 'patch',
    path: (f) => `/api/requests/${f.anonymousRequestId}`,
    valid: () => ({ urgency: 'urgent', question: 'Tarkennettu kysymys' }),
    fields: { ownWorkerId: UUID, clientGroup: ENUM, urgency: ENUM, question: str(4000), triedSoFar: str(4000), situation: str(4000), ageBand: ENUM, preferredMode: ENUM, familyAttends: BOOL },
    required: [],
  },
  {
    name: 'request transition',
    method: 'post',
    path: (f) => `/api/requests/${f.anonymousRequestId}/transitions`,
    valid: () => ({ action: 'request_info', reason: 'Kerro ikä tarkemmin' }),
    fields: { action: ENUM, reason: str(2000) },
    required: ['action'],
    removed: (f) => ({ actorId: f.physicianId }),
  },
  {
    name: 'create meeting',
    method: 'post',
    path: () => '/api/meetings',
    valid: (f) => ({
      kind: 'team_session',
      title: 'Istunto',
      teamId: f.teamId,
      startsAt: '2031-02-03T11:00:00Z',
      endsAt: '2031-02-03T12:00:00Z',
      mode: 'in_person',
      location: 'Huone 1',
    }),
    fields: { kind: ENUM, title: str(300), teamId: UUID, requestId: UUID, startsAt: DATE, endsAt: DATE, mode: ENUM, location: str(300) },
    required: ['kind', 'title', 'startsAt', 'endsAt', 'mode'],
  },
  {
    name: 'update meeting',
    method: 'patch',
    path: (f) => `/api/meetings/${f.meetingId}`,
    valid: () => ({ title: 'Uusi otsikko' }),
    fields: { title: str(300), startsAt: DATE, endsAt: DATE, mode: ENUM, location: str(300) },
    required: [],
  },
  {
    name: 'add participant',
    method: 'post',
    path: (f) => `/api/meetings/${f.meetingId}/participants`,
    valid: (f) => ({ kind: 'staff', personId: f.psychologistId, required: false, locale: 'fi' }),
    fields: { kind: ENUM, personId: UUID, displayName: str(200), email: str(320), required: BOOL, locale: ENUM },
    required: ['kind', 'personId'],
  },
  {
    name: 'add agenda item',
    method: 'post',
    path: (f) => `/api/meetings/${f.meetingId}/agenda-items`,
    valid: (f) => ({ requestId: f.identifiedRequestId, startsAt: '2030-03-05T11:00:00Z', endsAt: '2030-03-05T11:20:00Z' }),
    fields: { requestId: UUID, startsAt: DATE, endsAt: DATE },
    required: ['requestId', 'startsAt', 'endsAt'],
  },
];

interface Case {
  label: string;
  body: unknown;
  field: string;
  raw?: string;
}

function badValuesFor(kind: Kind): Array<[string, unknown]> {
  switch (kind.t) {
    case 'string':
      return [
        ['a number', 42],
        ['an object', { $gt: '' }],
        [`${kind.max + 1} characters`, 'x'.repeat(kind.max + 1)],
      ];
    case 'enum':
      return [
        ['an unknown enum value', 'definitely_not_valid'],
        ['a number', 7],
      ];
    case 'uuid':
      return [
        ['a malformed UUID', 'not-a-uuid'],
        ['a SQL fragment', "1' OR '1'='1"],
      ];
    case 'bool':
      return [
        ['a string', 'yes'],
        ['a number', 1],
      ];
    case 'date':
      return [
        ['not a date', 'tomorrow'],
        ['an impossible date', '2026-02-30T10:00:00Z'],
      ];
    case 'enumArray':
      return [
        ['not an array', 'school'],
        ['an unknown member', ['school', 'mafia']],
        ['empty', []],
      ];
  }
}

function casesFor(ep: Endpoint, f: Fixture): Case[] {
  const valid = ep.valid(f);
  const cases: Case[] = [{ label: 'an unknown field', body: { ...valid, isAdmin: true }, field: 'isAdmin' }];
  for (const [field, kind] of Object.entries(ep.fields)) {
    for (const [label, value] of badValuesFor(kind)) cases.push({ label: `${field} as ${label}`, body: { ...valid, [field]: value }, field });
  }
  for (const field of ep.required) {
    const body = { ...valid };
    delete body[field];
    cases.push({ label: `${field} missing`, body, field });
  }
  for (const [field, value] of Object.entries(ep.removed?.(f) ?? {})) {
    cases.push({ label: `${field} (the actor comes from the sign-in)`, body: { ...valid, [field]: value }, field });
  }
  return cases;
}

const TABLES = ['person', 'team', 'team_member', 'responsible_pair', 'client', 'consent', 'consultation_request', 'request_event', 'meeting', 'meeting_participant', 'agenda_item'];

describe('bad input never stores anything and always names the field', () => {
  let api: TestApi;
  let f: Fixture;
  let snapshot: () => Promise<string>;

  beforeAll(async () => {
    api = await startTestApi();
    f = await buildFixture(api.http, api.setupAuth);
    snapshot = async () => {
      const rows = await api.db.ds.query(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
      const versions = await api.db.ds.query(
        `SELECT (SELECT string_agg(updated_at::text || status || urgency, ',' ORDER BY id) FROM consultation_request) r,
                (SELECT string_agg(coalesce(withdrawn_at::text,'-'), ',' ORDER BY id) FROM consent) c,
                (SELECT string_agg(updated_at::text, ',' ORDER BY id) FROM person) p,
                (SELECT string_agg(updated_at::text, ',' ORDER BY id) FROM team) t,
                (SELECT string_agg(updated_at::text, ',' ORDER BY id) FROM meeting) m,
                (SELECT string_agg(updated_at::text, ',' ORDER BY id) FROM client) cl`,
      );
      return JSON.stringify([rows, versions]);
    };
  });
  afterAll(async () => {
    await api?.close();
  });

  it('the valid bodies are accepted (so the bad ones fail for the reason tested)', async () => {
    // Run against throwaway targets so the fixture stays as it is for the rest of the file.
    const probe = await buildFixture(api.http, api.setupAuth);
    await request(api.http).post(`/api/requests/${probe.identifiedRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    for (const ep of ENDPOINTS) {
      const res = await request(api.http)[ep.method](ep.path(probe)).send(ep.valid(probe));
      expect({ ep: ep.name, ok: res.status < 300, body: res.status < 300 ? undefined : res.body }).toEqual({ ep: ep.name, ok: true, body: undefined });
    }
  });

  for (const ep of ENDPOINTS) {
    it(`${ep.name}: every bad body is a 400 naming the field, and nothing changes`, async () => {
      const before = await snapshot();
      const failures: string[] = [];
      for (const c of casesFor(ep, f)) {
        const res = await request(api.http)[ep.method](ep.path(f)).send(c.body as object);
        const fields: string[] = (res.body?.fields ?? []).map((x: { field: string }) => x.field);
        if (res.status !== 400 || !fields.some((x) => x === c.field || x.startsWith(c.field + '[') || x.startsWith(c.field + '.'))) {
          failures.push(`${c.label}: ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
      expect(failures).toEqual([]);
      expect(await snapshot()).toBe(before);
    });
  }

  it('malformed JSON, a malformed id in the path, and an array body are 400s', async () => {
    const before = await snapshot();
    const json = await request(api.http).post('/api/persons').set('content-type', 'application/json').send('{"name": ');
    expect(json.status).toBe(400);
    expect(json.body.message).toMatch(/not valid JSON/);
    const path = await request(api.http).patch('/api/persons/123').send({ name: 'x' });
    expect(path.status).toBe(400);
    expect(path.body.fields).toEqual([{ field: 'id', reason: 'must be a UUID', code: 'uuid' }]);
    const arr = await request(api.http).post('/api/teams').send([{ kind: 'adults', name: 'x', unit: 'y' }]);
    expect(arr.status).toBe(400);
    const huge = await request(api.http).post('/api/teams').send({ kind: 'adults', name: 'x', unit: 'y', description: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);
    expect(await snapshot()).toBe(before);
  });

  it('an unknown id is a 404 naming what is missing; a reference to one in the body is a 422 naming the field', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await request(api.http).get(`/api/teams/${missing}`).expect(404);
    expect(res.body.error).toBe('not_found');
    const before = await snapshot();
    const ref = await request(api.http)
      .post('/api/requests')
      .send({ teamId: missing, clientGroup: 'other', urgency: 'normal', question: 'Kysymys', preferredMode: 'remote', anonymous: true })
      .expect(422);
    expect(ref.body.fields[0].field).toBe('teamId');
    expect(await snapshot()).toBe(before);
  });

  describe('anonymous requests carry no identifiers', () => {
    const anon = (f2: Fixture, extra: object) => ({ teamId: f2.teamId, clientGroup: 'other', urgency: 'normal', question: 'Miten tukea perhettä?', preferredMode: 'remote', anonymous: true, ...extra });

    it.each([
      ['question', { question: 'Lapsi 131052-308T ei nuku' }, /personal identity code/],
      ['triedSoFar', { triedSoFar: 'Keskusteltu 010118A987N kanssa' }, /personal identity code/],
      ['situation', { situation: 'Eetu on 7-vuotias' }, /name/],
      ['question', { question: 'Miten tukea Ainon vanhempia?' }, /name/],
      ['clientId', { clientId: '00000000-0000-4000-8000-000000000000' }, /client/],
    ])('create with %s identifying the client → 422 naming it', async (field, extra, reason) => {
      const before = await snapshot();
      const res = await request(api.http).post('/api/requests').send(anon(f, extra));
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('identifier_in_anonymous');
      expect(res.body.fields[0].field).toBe(field);
      expect(res.body.fields[0].reason).toMatch(reason);
      expect(await snapshot()).toBe(before);
    });

    it('editing an anonymous request to add a henkilötunnus → 422, request unchanged', async () => {
      const before = await snapshot();
      const res = await request(api.http).patch(`/api/requests/${f.anonymousRequestId}`).send({ situation: 'hetu 280419Y9928' });
      expect(res.status).toBe(422);
      expect(res.body.fields[0].field).toBe('situation');
      expect(await snapshot()).toBe(before);
    });

    it('a triage reason on an anonymous request cannot carry a henkilötunnus either', async () => {
      const before = await snapshot();
      const res = await request(api.http).post(`/api/requests/${f.anonymousRequestId}/transitions`).send({ action: 'decline', reason: 'Ohjataan, hetu 131052-308T' });
      expect(res.status).toBe(422);
      expect(res.body.fields[0].field).toBe('reason');
      expect(await snapshot()).toBe(before);
    });

    it('the database itself refuses a client on an anonymous request', async () => {
      await expect(
        api.db.ds.query(`UPDATE consultation_request SET client_id = $1 WHERE id = $2`, [f.clientId, f.anonymousRequestId]),
      ).rejects.toThrow(/anonymous_has_no_client/);
    });
  });
});
