import request from 'supertest';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/api';

describe('consultation request lifecycle through HTTP', () => {
  let api: TestApi;
  let f: Fixture;
  beforeAll(async () => {
    api = await startTestApi();
    f = await buildFixture(api.http, api.setupAuth);
  });
  afterAll(async () => {
    await api?.close();
  });

  const transition = (id: string, body: object) => request(api.http).post(`/api/requests/${id}/transitions`).send(body);

  it('goes submitted → more info → resubmitted → accepted → scheduled → handled → minutes finalised → closed, with history', async () => {
    const nurse = `Bearer ${await api.tokenFor(f.nurseId)}`;
    const physician = `Bearer ${await api.tokenFor(f.physicianId)}`;
    // the nurse files the request: she is its requester, whoever the body might name
    const filed = await request(api.http)
      .post('/api/requests')
      .set('authorization', nurse)
      .send({ teamId: f.teamId, clientGroup: 'neuropsychiatric', urgency: 'normal', preferredMode: 'remote', anonymous: true, ageBand: '3-6', question: 'Miten tukea lapsen keskittymistä päiväkodissa?' })
      .expect(201);
    expect(filed.body.requesterId).toBe(f.nurseId);
    const id: string = filed.body.id;
    // the acting person is the signed-in one: naming another in the body is refused
    const spoofed = await transition(id, { action: 'request_info', reason: 'Mikä on lapsen ikä tarkemmin?', actorId: f.physicianId }).set('authorization', nurse).expect(400);
    expect(spoofed.body.fields.map((x: { field: string }) => x.field)).toEqual(['actorId']);
    // someone with no relation to the request does not even see it
    await transition(id, { action: 'accept' }).set('authorization', `Bearer ${await api.tokenFor(f.psychologistId)}`).expect(404);
    // the physician of the responsible pair chairs the team today and triages
    await transition(id, { action: 'request_info', reason: 'Mikä on lapsen ikä tarkemmin?' }).set('authorization', physician).expect(200);
    // only the requester edits and resubmits: the team's chair (the operator) may not
    await request(api.http).patch(`/api/requests/${id}`).send({ situation: 'Lapsi on viisivuotias' }).expect(403);
    await request(api.http).patch(`/api/requests/${id}`).set('authorization', nurse).send({ situation: 'Lapsi on viisivuotias' }).expect(200);
    await transition(id, { action: 'resubmit' }).expect(403);
    await transition(id, { action: 'resubmit' }).set('authorization', nurse).expect(200);
    await transition(id, { action: 'accept' }).set('authorization', physician).expect(200);
    await request(api.http).patch(`/api/requests/${id}`).set('authorization', nurse).send({ situation: 'liian myöhään' }).expect(409);
    await request(api.http)
      .post(`/api/meetings/${f.meetingId}/agenda-items`)
      .send({ requestId: id, startsAt: '2030-03-05T11:00:00Z', endsAt: '2030-03-05T11:20:00Z' })
      .expect(201);
    await transition(id, { action: 'mark_handled' }).expect(200);
    await transition(id, { action: 'finalise_minutes' }).expect(200);
    const closed = await transition(id, { action: 'close' }).expect(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.events.map((e: { action: string; toStatus: string }) => `${e.action}:${e.toStatus}`)).toEqual([
      'submit:submitted',
      'request_info:more_info_needed',
      'resubmit:submitted',
      'accept:accepted',
      'schedule:scheduled',
      'mark_handled:handled',
      'finalise_minutes:minutes_finalised',
      'close:closed',
    ]);
    // each step records the signed-in person who took it
    const op = api.operator.personId;
    expect(closed.body.events.map((e: { actorId: string }) => e.actorId)).toEqual([f.nurseId, f.physicianId, f.nurseId, f.physicianId, op, op, op, op]);
    const again = await transition(id, { action: 'accept' }).expect(409);
    expect(again.body).toMatchObject({ error: 'invalid_transition', details: { status: 'closed', allowed: [] } });
  });

  it('declining needs a reason, and schedule is not a manual action', async () => {
    const r = await post<{ id: string }>(api.http, '/api/requests', {
      teamId: f.teamId,
      clientGroup: 'substance_use',
      urgency: 'urgent',
      question: 'Vanhemman päihteidenkäyttö, lapsi 2 v',
      preferredMode: 'in_person',
      anonymous: true,
    });
    const noReason = await transition(r.id, { action: 'decline' }).expect(400);
    expect(noReason.body.fields).toEqual([{ field: 'reason', reason: 'a reason is required to decline' }]);
    const manual = await transition(r.id, { action: 'schedule' }).expect(422);
    expect(manual.body.fields[0].field).toBe('action');
    await transition(r.id, { action: 'decline', reason: 'Ohjataan aikuissosiaalityöhön' }).expect(200);
  });

  it('an identified request needs an active consent of the same client that covers requests', async () => {
    const base = { teamId: f.teamId, clientGroup: 'other', urgency: 'normal', question: 'Kysymys', preferredMode: 'remote', anonymous: false };
    const missing = await request(api.http).post('/api/requests').send({ ...base, clientId: f.clientId }).expect(400);
    expect(missing.body.fields.map((x: { field: string }) => x.field)).toContain('consentId');
    const other = await post<{ id: string }>(api.http, '/api/clients', { fullName: 'Toinen Asiakas' });
    const wrong = await request(api.http).post('/api/requests').send({ ...base, clientId: other.id, consentId: f.consentId }).expect(422);
    expect(wrong.body.message).toMatch(/another client/);

    const c = await post<{ id: string }>(api.http, `/api/clients/${other.id}/consents`, {
      givenBy: 'client',
      givenByName: 'Toinen Asiakas',
      organisationTypes: ['health_care'],
      dataCategories: ['request'],
      purpose: 'Konsultaatio',
    });
    await request(api.http).post('/api/requests').send({ ...base, clientId: other.id, consentId: c.id }).expect(201);
    const withdrawn = await request(api.http).post(`/api/consents/${c.id}/withdraw`).send({ reason: 'Perui suullisesti' }).expect(200);
    expect(withdrawn.body.state).toBe('withdrawn');
    const after = await request(api.http).post('/api/requests').send({ ...base, clientId: other.id, consentId: c.id }).expect(422);
    expect(after.body).toMatchObject({ error: 'consent_required', fields: [{ field: 'consentId', reason: 'the consent is withdrawn' }] });
    await request(api.http).post(`/api/consents/${c.id}/withdraw`).send({}).expect(409);
  });

  it('outside organisations join only within the consent', async () => {
    const meeting = {
      kind: 'network_meeting',
      title: 'Verkostoneuvottelu',
      startsAt: '2030-04-01T08:00:00Z',
      endsAt: '2030-04-01T09:00:00Z',
      mode: 'hybrid',
      location: 'Perhekeskus',
    };
    const school = { kind: 'external', displayName: 'Opettaja Olli', email: 'olli@koulu.fi', organisationName: 'Keskustan koulu', organisationType: 'school' };
    const noRequest = await request(api.http).post('/api/meetings').send({ ...meeting, participants: [school] }).expect(422);
    expect(noRequest.body.fields[0].field).toBe('participants[0].organisationType');

    const ident = await post<{ id: string }>(api.http, '/api/requests', {
      teamId: f.teamId, clientGroup: 'neuropsychiatric', urgency: 'soon', question: 'Koulunkäynnin tuki',
      preferredMode: 'hybrid', anonymous: false, clientId: f.clientId, consentId: f.consentId,
    });
    await transition(ident.id, { action: 'accept' }).expect(200);
    const kela = { ...school, organisationName: 'Kela', organisationType: 'kela', email: 'k@kela.fi' };
    const outOfScope = await request(api.http).post('/api/meetings').send({ ...meeting, requestId: ident.id, participants: [school, kela] }).expect(422);
    expect(outOfScope.body.fields[0]).toEqual({ field: 'participants[1].organisationType', reason: 'the client\'s consent does not cover disclosure to "kela"' });

    const family = { kind: 'family', displayName: 'Elina Esimerkki', familyRelation: 'guardian' };
    const created = await request(api.http)
      .post('/api/meetings')
      .send({ ...meeting, requestId: ident.id, participants: [{ kind: 'staff', personId: f.nurseId }, school, family] })
      .expect(201);
    expect(created.body.participants).toHaveLength(3);
    const req = await request(api.http).get(`/api/requests/${ident.id}`).expect(200);
    expect(req.body.status).toBe('scheduled');

    const moved = await request(api.http).patch(`/api/meetings/${created.body.id}`).send({ startsAt: '2030-04-01T09:00:00Z', endsAt: '2030-04-01T10:00:00Z' }).expect(200);
    expect(moved.body.sequence).toBe(1);
    const renamed = await request(api.http).patch(`/api/meetings/${created.body.id}`).send({ title: 'Verkostoneuvottelu 2' }).expect(200);
    expect(renamed.body.sequence).toBe(1);
    const cancelled = await request(api.http).post(`/api/meetings/${created.body.id}/cancel`).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 2 });
    expect((await request(api.http).get(`/api/requests/${ident.id}`)).body.status).toBe('accepted');
  });

  it('lists are paginated and filtered', async () => {
    const all = await request(api.http).get('/api/requests').query({ teamId: f.teamId, limit: 2 }).expect(200);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(4);
    const page2 = await request(api.http).get('/api/requests').query({ teamId: f.teamId, limit: 2, offset: 2 }).expect(200);
    expect(page2.body.items[0].id).not.toBe(all.body.items[0].id);
    const urgent = await request(api.http).get('/api/requests').query({ urgency: 'urgent' }).expect(200);
    expect(urgent.body.items.length).toBeGreaterThan(0);
    expect(urgent.body.items.every((r: { urgency: string }) => r.urgency === 'urgent')).toBe(true);
    const anon = await request(api.http).get('/api/requests').query({ anonymous: 'true' }).expect(200);
    expect(anon.body.items.length).toBeGreaterThan(0);
    expect(anon.body.items.every((r: { anonymous: boolean; clientId: string | null }) => r.anonymous && r.clientId === null)).toBe(true);
    const bad = await request(api.http).get('/api/requests').query({ limit: 1000, status: 'lost' }).expect(400);
    expect(bad.body.fields.map((x: { field: string }) => x.field).sort()).toEqual(['limit', 'status']);
    const people = await request(api.http).get('/api/persons').query({ profession: 'physician' }).expect(200);
    expect(people.body.items.map((p: { profession: string }) => p.profession)).toEqual(['physician']);
    const teams = await request(api.http).get(`/api/teams/${f.teamId}`).expect(200);
    expect(teams.body.responsiblePairs[0]).toMatchObject({ physician: { id: f.physicianId }, nurse: { id: f.nurseId } });
  });

  it('a responsible pair is a physician and a nurse, and pairs do not overlap', async () => {
    const wrong = await request(api.http)
      .post(`/api/teams/${f.teamId}/responsible-pairs`)
      .send({ physicianId: f.psychologistId, nurseId: f.nurseId, validFrom: '2031-01-01' })
      .expect(422);
    expect(wrong.body.fields[0].field).toBe('physicianId');
    const overlap = await request(api.http)
      .post(`/api/teams/${f.teamId}/responsible-pairs`)
      .send({ physicianId: f.physicianId, nurseId: f.nurseId, validFrom: '2030-06-01' })
      .expect(409);
    expect(overlap.body.fields[0].field).toBe('validFrom');
  });
});
