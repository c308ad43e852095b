import request from 'supertest';
import { Fixture, buildFixture } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/api';

/**
 * Bad input over HTTP: a 4xx whose body names the field, never a 500, and nothing stored (all rows of
 * every table counted before and after). Every field's matrix of bad values is checked against its DTO
 * by the unit tests beside the DTOs (`apps/api/src/<feature>/<name>.dto.spec.ts`, through the same global
 * pipe and error filter); here each create/update route keeps two cases that show the pipe runs on it
 * and that a refused body stores nothing: an unknown field, and one bad value of one of its fields.
 */
interface Endpoint {
  name: string;
  method: 'post' | 'patch';
  path: (f: Fixture) => string;
  valid: (f: Fixture) => Record<string, unknown>;
  /** one field and a bad value for it (the rest of the matrix is in the DTO's unit test) */
  bad: (f: Fixture) => [field: string, value: unknown];
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'create person',
    method: 'post',
    path: () => '/api/persons',
    valid: () => ({ name: 'Uusi Työntekijä', email: 'uusi@example.fi', profession: 'psychologist', organisation: 'Hyvinvointialue', unit: 'Perheneuvola', locale: 'sv' }),
    bad: () => ['email', 'x'.repeat(321)],
  },
  {
    name: 'update person',
    method: 'patch',
    path: (f) => `/api/persons/${f.psychologistId}`,
    valid: () => ({ name: 'Pia P.', unit: 'Perheneuvola', active: false }),
    bad: () => ['active', 'yes'],
  },
  {
    name: 'create team',
    method: 'post',
    path: () => '/api/teams',
    valid: () => ({ kind: 'neuropsychiatric', name: 'Nepsy-tiimi X', unit: 'Perhekeskus', description: 'Nepsy-konsultaatiot' }),
    bad: () => ['kind', 'definitely_not_valid'],
  },
  {
    name: 'update team',
    method: 'patch',
    path: (f) => `/api/teams/${f.teamId}`,
    valid: () => ({ description: 'Joka toinen tiistai' }),
    bad: () => ['description', 42],
  },
  {
    name: 'add team member',
    method: 'post',
    path: (f) => `/api/teams/${f.teamId}/members`,
    valid: (f) => ({ personId: f.psychologistId, role: 'member' }),
    bad: () => ['personId', 'not-a-uuid'],
  },
  {
    name: 'add responsible pair',
    method: 'post',
    path: (f) => `/api/teams/${f.teamId}/responsible-pairs`,
    valid: (f) => ({ physicianId: f.physicianId, nurseId: f.nurseId, validFrom: '2031-01-01', validTo: '2031-12-31' }),
    bad: () => ['validFrom', '2026-02-30T10:00:00Z'],
  },
  {
    name: 'create client',
    method: 'post',
    path: () => '/api/clients',
    valid: () => ({ fullName: 'Aino Asiakas', personalIdentityCode: '131052-308T', birthDate: '1952-10-13', locale: 'fi' }),
    bad: () => ['birthDate', 'tomorrow'],
  },
  {
    name: 'update client',
    method: 'patch',
    path: (f) => `/api/clients/${f.clientId}`,
    valid: () => ({ locale: 'sv' }),
    bad: () => ['locale', 7],
  },
  {
    name: 'record consent',
    method: 'post',
    path: (f) => `/api/clients/${f.clientId}/consents`,
    valid: () => ({ givenBy: 'guardian', givenByName: 'Huoltaja', organisationTypes: ['school'], dataCategories: ['minutes'], purpose: 'Koulun kanssa' }),
    bad: (f) => ['recordedById', f.nurseId],
  },
  {
    name: 'withdraw consent',
    method: 'post',
    path: (f) => `/api/consents/${f.consentId}/withdraw`,
    valid: () => ({ reason: 'Huoltaja perui' }),
    bad: () => ['reason', 'x'.repeat(2001)],
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
    bad: (f) => ['requesterId', f.nurseId],
  },
  {
    name: 'update request',
    method: 'patch',
    path: (f) => `/api/requests/${f.anonymousRequestId}`,
    valid: () => ({ urgency: 'urgent', question: 'Tarkennettu kysymys' }),
    bad: () => ['urgency', 'definitely_not_valid'],
  },
  {
    name: 'request transition',
    method: 'post',
    path: (f) => `/api/requests/${f.anonymousRequestId}/transitions`,
    valid: () => ({ action: 'request_info', reason: 'Kerro ikä tarkemmin' }),
    bad: (f) => ['actorId', f.physicianId],
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
    bad: () => ['startsAt', 'tomorrow'],
  },
  {
    name: 'update meeting',
    method: 'patch',
    path: (f) => `/api/meetings/${f.meetingId}`,
    valid: () => ({ title: 'Uusi otsikko' }),
    bad: () => ['mode', 7],
  },
  {
    name: 'add participant',
    method: 'post',
    path: (f) => `/api/meetings/${f.meetingId}/participants`,
    valid: (f) => ({ kind: 'staff', personId: f.psychologistId, required: false, locale: 'fi' }),
    bad: () => ['kind', 'definitely_not_valid'],
  },
  {
    name: 'add agenda item',
    method: 'post',
    path: (f) => `/api/meetings/${f.meetingId}/agenda-items`,
    valid: (f) => ({ requestId: f.identifiedRequestId, startsAt: '2030-03-05T11:00:00Z', endsAt: '2030-03-05T11:20:00Z' }),
    bad: () => ['requestId', "1' OR '1'='1"],
  },
];

const TABLES = ['person', 'team', 'team_member', 'responsible_pair', 'client', 'consent', 'consultation_request', 'request_event', 'meeting', 'meeting_participant', 'agenda_item', 'meeting_outbox', 'accessibility_feedback'];

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
    it(`${ep.name}: an unknown field and a bad value are 400s naming the field, and nothing changes`, async () => {
      const before = await snapshot();
      const [field, value] = ep.bad(f);
      const failures: string[] = [];
      for (const [label, body, named] of [
        ['an unknown field', { ...ep.valid(f), isAdmin: true }, 'isAdmin'],
        [`${field} = ${JSON.stringify(value).slice(0, 40)}`, { ...ep.valid(f), [field]: value }, field],
      ] as const) {
        const res = await request(api.http)[ep.method](ep.path(f)).send(body);
        const fields: string[] = (res.body?.fields ?? []).map((x: { field: string }) => x.field);
        if (res.status !== 400 || !fields.some((x) => x === named || x.startsWith(named + '[') || x.startsWith(named + '.'))) {
          failures.push(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
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

  it('a NUL character (U+0000) in any text, of a body or a query, is a 400 naming the field in the caller\'s language (PostgreSQL cannot store it: it was a 500)', async () => {
    const before = await snapshot();
    const team = await request(api.http).post('/api/teams').set('accept-language', 'fi').send({ kind: 'adults', name: 'Tiimi\u0000', unit: 'Yksikkö' });
    expect(team.status).toBe(400);
    expect(team.body.fields).toEqual([{ field: 'name', reason: 'ei saa sisältää NUL-merkkiä (U+0000)', code: 'nul_character' }]);
    const nested = await request(api.http).post('/api/teams').send({ kind: 'adults', name: 'Tiimi', unit: 'Yksikkö', description: ['x', 'a\u0000'] });
    expect(nested.status).toBe(400);
    expect(nested.body.fields[0]).toMatchObject({ field: 'description[1]', code: 'nul_character' });
    const search = await request(api.http).get('/api/clients').query({ q: 'Ee\u0000tu' }).set('accept-language', 'sv');
    expect(search.status).toBe(400);
    expect(search.body.fields).toEqual([{ field: 'q', reason: 'får inte innehålla NUL-tecknet (U+0000)', code: 'nul_character' }]);
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

  describe('no identity code goes into an email, whatever the anonymity', () => {
    const at = (ms: number) => new Date(Date.UTC(2031, 0, 7, 10) + ms).toISOString();
    const family = (displayName: string) => ({ kind: 'family', displayName, email: 'matti@example.fi', familyRelation: 'guardian', locale: 'fi' });

    it('a participant named with a henkilötunnus (a meeting about no request, one about an identified request, one added later) → 422 naming the name, in Finnish; nothing stored', async () => {
      const before = await snapshot();
      for (const extra of [{ kind: 'ad_hoc' }, { kind: 'network_meeting', requestId: f.identifiedRequestId }]) {
        const res = await request(api.http)
          .post('/api/meetings')
          .set('Accept-Language', 'fi')
          .send({ title: 'Palaveri', startsAt: at(0), endsAt: at(3_600_000), mode: 'remote', participants: [family('Matti Meikäläinen 131052-308T')], ...extra });
        expect({ extra, status: res.status }).toEqual({ extra, status: 422 });
        expect(res.body.fields).toEqual([
          { field: 'participants[0].displayName', code: 'identifier_in_participant_name', reason: 'nimi näkyy osallistujalle lähtevissä sähköposteissa, joten siinä ei saa olla henkilötunnusta' },
        ]);
        expect(JSON.stringify(res.body)).not.toContain('308T');
      }
      expect(await snapshot()).toBe(before);
      const m = await request(api.http).post('/api/meetings').send({ kind: 'ad_hoc', title: 'Palaveri', startsAt: at(7_200_000), endsAt: at(9_000_000), mode: 'remote', participants: [] }).expect(201);
      const mid = await snapshot();
      const added = await request(api.http).post(`/api/meetings/${m.body.id}/participants`).send(family('Matti Meikäläinen 131052-308T')).expect(422);
      expect(added.body.fields[0]).toMatchObject({ field: 'displayName', code: 'identifier_in_participant_name' });
      expect(await snapshot()).toBe(mid);
      // a name alone is what a name field is for
      await request(api.http).post(`/api/meetings/${m.body.id}/participants`).send(family('Matti Meikäläinen')).expect(201);
    });

    it('accessibility feedback (mailed in plain text): no identifier in the description, no identity code or phone number in the name or page; nothing stored', async () => {
      const before = await snapshot();
      const send = (body: object) => request(api.raw).post('/api/accessibility/feedback').set('Accept-Language', 'fi').send(body);
      const hetu = await send({ description: 'Lomake ei toimi, hetuni on 131052-308T.' }).expect(422);
      expect(hetu.body.fields).toEqual([
        { field: 'description', code: 'identifier_in_accessibility_feedback', reason: 'palaute lähetetään sähköpostilla ja yhteystiedoille on omat kenttänsä, joten tekstissä ei saa olla henkilötunnusta' },
      ]);
      const phone = await send({ description: 'Soittakaa numeroon 040 123 4567, painike ei toimi.' }).expect(422);
      expect(phone.body.fields[0]).toMatchObject({ field: 'description', code: 'identifier_in_accessibility_feedback' });
      const name = await send({ description: 'Painike ei näy suurennettuna.', name: 'Matti 131052-308T', email: 'matti@example.fi' }).expect(422);
      expect(name.body.fields).toEqual([{ field: 'name', code: 'identifier_in_emailed', reason: 'tämä lähetetään sähköpostilla, joten siinä ei saa olla henkilötunnusta' }]);
      for (const res of [hetu, phone, name]) expect(JSON.stringify(res.body)).not.toMatch(/308T|4567/);
      expect(await snapshot()).toBe(before);
    });
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
