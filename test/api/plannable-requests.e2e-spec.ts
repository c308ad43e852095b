import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';

/**
 * The requests a network meeting may be planned about (issue 12, the planner): a coordinator had none of
 * her own, so she could plan nothing. The planner now offers what GET /api/requests lets the signed-in
 * person read — their own and their teams' (a coordinator named to a team too), identified ones only
 * within need to know — searchable by the words of the question, each identified one read into the access
 * log. Nothing wider: another team's requests stay invisible, and a meeting about them stays refused.
 */
describe('requests offered to the network meeting planner', () => {
  let api: TestApi;
  let f: Fixture;
  let inTeam: { personId: string; auth: string };
  let noTeam: { personId: string; auth: string };
  let otherTeamRequestId: string;

  const list = async (auth: string, query: Record<string, string | number | boolean>) =>
    (await request(api.raw).get('/api/requests').set('authorization', auth).query(query).expect(200)).body as { items: Array<{ id: string; question: string; clientId: string | null }>; total: number };

  beforeAll(async () => {
    api = await startTestApi();
    f = await buildFixture(api.http, api.setupAuth);
    inTeam = await api.staff('coordinator', 'Sirpa Koordinaattori');
    noTeam = await api.staff('coordinator', 'Kalle Koordinaattori');
    // named to the fixture's team in the role the demo county gives its coordinator
    await request(api.http).post(`/api/teams/${f.teamId}/members`).set('authorization', api.setupAuth).send({ personId: inTeam.personId, role: 'coordinator' }).expect(201);
    // another team, with a request of its own, that neither coordinator belongs to
    const other = await post<{ id: string }>(api.http, '/api/teams', { kind: 'adults', name: 'Aikuiset', unit: 'Seinäjoen perhekeskus' });
    otherTeamRequestId = (await post<{ id: string }>(api.http, '/api/requests', {
      teamId: other.id, clientGroup: 'substance_use', urgency: 'normal', preferredMode: 'remote', anonymous: true, ageBand: '25-64', question: 'Miten tukea vanhempaa, joka käyttää alkoholia?',
    })).id;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('a coordinator named to a team sees its open requests (the identified one within consent), not another team’s', async () => {
    const page = await list(inTeam.auth, { open: true, limit: 50 });
    expect(page.items.map((r) => r.id).sort()).toEqual([f.anonymousRequestId, f.identifiedRequestId].sort());
    expect(page.total).toBe(2);
    expect(page.items.find((r) => r.id === f.identifiedRequestId)?.clientId).toBe(f.clientId);
    // the read of the identified request is in the access log, as for any list that names a client
    const [{ n }]: Array<{ n: number }> = await api.db.ds.query(
      `SELECT count(*)::int AS n FROM access_log WHERE actor_id = $1 AND client_id = $2 AND resource_type = 'request' AND action = 'read' AND route = 'GET /api/requests'`,
      [inTeam.personId, f.clientId],
    );
    expect(n).toBe(1);
    // the other team's request is not listed to her, nor counted
    expect(JSON.stringify(page)).not.toContain(otherTeamRequestId);
    // open=false: the rest (none of these are closed)
    expect((await list(inTeam.auth, { open: false })).total).toBe(0);
  });

  it('searches the words of the question, literally, among what she may read only', async () => {
    expect((await list(inTeam.auth, { open: true, q: 'NEPSY' })).items.map((r) => r.id)).toEqual([f.identifiedRequestId]);
    expect((await list(inTeam.auth, { open: true, q: 'keskittymistä päiväkodissa' })).items.map((r) => r.id)).toEqual([f.anonymousRequestId]);
    // LIKE's own characters are plain text
    expect((await list(inTeam.auth, { open: true, q: '%' })).total).toBe(0);
    expect((await list(inTeam.auth, { open: true, q: 'nepsy_arvio' })).total).toBe(0);
    // another team's question is not found by its words either
    expect((await list(inTeam.auth, { q: 'alkoholia' })).total).toBe(0);
    const long = await request(api.raw).get('/api/requests').set('authorization', inTeam.auth).set('accept-language', 'fi').query({ q: 'x'.repeat(101) }).expect(400);
    expect(long.body.fields).toEqual([expect.objectContaining({ field: 'q', code: 'too_long', reason: 'saa olla enintään 100 merkkiä' })]);
  });

  it('she plans a network meeting about her team’s identified request; a coordinator of no team sees none and may plan none', async () => {
    const booked = await request(api.raw).post('/api/meetings').set('authorization', inTeam.auth).send({
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.identifiedRequestId, startsAt: '2030-09-01T08:00:00Z', endsAt: '2030-09-01T09:00:00Z', mode: 'remote',
      participants: [
        { kind: 'staff', personId: inTeam.personId },
        { kind: 'external', displayName: 'Opettaja', email: 'ope@koulu.example.fi', organisationName: 'Koulu', organisationType: 'school' },
      ],
    }).expect(201);
    expect(booked.body.organiserId).toBe(inTeam.personId);

    expect(await list(noTeam.auth, { open: true })).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
    const refused = await request(api.raw).post('/api/meetings').set('authorization', noTeam.auth).send({
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.identifiedRequestId, startsAt: '2030-09-02T08:00:00Z', endsAt: '2030-09-02T09:00:00Z', mode: 'remote',
    }).expect(422);
    expect(refused.body.fields[0].field).toBe('requestId');
    await request(api.raw).post('/api/meetings').set('authorization', inTeam.auth).send({
      kind: 'network_meeting', title: 'Toisen tiimin asia', requestId: otherTeamRequestId, startsAt: '2030-09-03T08:00:00Z', endsAt: '2030-09-03T09:00:00Z', mode: 'remote',
    }).expect(422);
  });
});
