import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';

/** Guest links: one per participant per meeting, listed (without tokens) and revoked by the organiser. */
describe('guest links', () => {
  let api: TestApi;
  let f: Fixture;
  let meetingId: string;
  let teacherId: string;

  beforeAll(async () => {
    api = await startTestApi();
    f = await buildFixture(api.http, api.setupAuth);
    await request(api.http).post(`/api/requests/${f.identifiedRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    const m = await post<{ id: string; participants: Array<{ id: string; kind: string }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.identifiedRequestId, startsAt: '2030-05-02T08:00:00Z', endsAt: '2030-05-02T09:00:00Z', mode: 'remote',
      participants: [{ kind: 'staff', personId: f.nurseId }, { kind: 'external', displayName: 'Opettaja', email: 'ope@koulu.example.fi', organisationName: 'Koulu', organisationType: 'school' }],
    });
    meetingId = m.id;
    teacherId = m.participants.find((p) => p.kind === 'external')!.id;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('asking again gives the same link while it is valid; a revoked one is replaced and stops working', async () => {
    const path = `/api/meetings/${meetingId}/participants/${teacherId}/invitation`;
    const first = (await request(api.http).post(path).expect(201)).body as { id: string; token: string };
    const again = (await request(api.http).post(path).expect(201)).body as { id: string; token: string };
    expect(again).toMatchObject({ id: first.id, token: first.token });
    await request(api.raw).get('/api/me').set('authorization', `Invitation ${first.token}`).expect(200);

    const listed = await request(api.http).get(`/api/meetings/${meetingId}/invitations`).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: first.id, participantId: teacherId, revokedAt: null })]);
    expect(JSON.stringify(listed.body)).not.toContain(first.token);

    await request(api.http).delete(`/api/meetings/${meetingId}/invitations/${first.id}`).expect(204);
    // withdrawn on purpose: 410 Gone (an unknown or expired token is 401)
    await request(api.raw).get('/api/me').set('authorization', `Invitation ${first.token}`).expect(410);
    const fresh = (await request(api.http).post(path).expect(201)).body as { id: string; token: string };
    expect(fresh.id).not.toBe(first.id);
    expect(fresh.token).not.toBe(first.token);
    await request(api.raw).get('/api/me').set('authorization', `Invitation ${fresh.token}`).expect(200);
    const after = await request(api.http).get(`/api/meetings/${meetingId}/invitations`).expect(200);
    expect(after.body.map((i: { id: string; revokedAt: string | null }) => [i.id, i.revokedAt !== null])).toEqual([[fresh.id, false], [first.id, true]]);
  });

  it('after a host ends the meeting the guest still reads it (held) but gets no join token: "the meeting has ended"', async () => {
    const m = await post<{ id: string; participants: Array<{ id: string; kind: string }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Pidetty', requestId: f.identifiedRequestId, startsAt: '2030-06-02T08:00:00Z', endsAt: '2030-06-02T09:00:00Z', mode: 'remote',
      participants: [{ kind: 'staff', personId: f.nurseId }, { kind: 'external', displayName: 'Opettaja', email: 'ope@koulu.example.fi', organisationName: 'Koulu', organisationType: 'school' }],
    });
    const teacher = m.participants.find((p) => p.kind === 'external')!.id;
    const { token } = (await request(api.http).post(`/api/meetings/${m.id}/participants/${teacher}/invitation`).expect(201)).body as { token: string };
    const guest = `Invitation ${token}`;
    await request(api.raw).post(`/api/meetings/${m.id}/join-token`).set('authorization', guest).send({}).expect(200);
    api.clock.set('2030-06-02T08:50:00Z');
    try {
      await request(api.http).post(`/api/meetings/${m.id}/end`).expect(200);
    } finally {
      api.clock.set(null);
    }
    const seen = await request(api.raw).get(`/api/meetings/${m.id}`).set('authorization', guest).expect(200);
    expect(seen.body.status).toBe('held');
    const refused = await request(api.raw).post(`/api/meetings/${m.id}/join-token`).set('authorization', guest).set('accept-language', 'fi').send({}).expect(409);
    expect(refused.body.fields).toEqual([{ field: 'meetingId', reason: 'tapaaminen on päättynyt', code: 'meeting_ended' }]);
    // staff do not rejoin a held meeting either
    await request(api.http).post(`/api/meetings/${m.id}/join-token`).send({}).expect(409);
  });

  it('a valid link of a cancelled meeting says "cancelled" (410, its reason) and shows nothing else; a revoked or unknown one does not', async () => {
    const m = await post<{ id: string; participants: Array<{ id: string; kind: string }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Peruttu', requestId: f.identifiedRequestId, startsAt: '2030-06-03T08:00:00Z', endsAt: '2030-06-03T09:00:00Z', mode: 'remote',
      participants: [{ kind: 'external', displayName: 'Opettaja', email: 'ope@koulu.example.fi', organisationName: 'Koulu', organisationType: 'school' }],
    });
    const teacher = m.participants[0].id;
    const { token } = (await request(api.http).post(`/api/meetings/${m.id}/participants/${teacher}/invitation`).expect(201)).body as { token: string };
    await request(api.http).post(`/api/meetings/${m.id}/cancel`).send({ reason: 'Ei tarvita' }).expect(200);
    for (const path of ['/api/me', `/api/meetings/${m.id}`, `/api/meetings/${m.id}/minutes`]) {
      const res = await request(api.raw).get(path).set('authorization', `Invitation ${token}`).expect(410);
      expect(res.body).toMatchObject({ error: 'gone', details: { reason: 'meeting_cancelled' } });
      expect(JSON.stringify(res.body)).not.toMatch(/2030-06-03|Peruttu|Ei tarvita/);
    }
    await request(api.raw).post(`/api/meetings/${m.id}/join-token`).set('authorization', `Invitation ${token}`).send({}).expect(410);
    // once the link would have expired anyway (two hours after the booked end), it is just not valid
    api.clock.set('2030-06-03T11:30:00Z');
    try {
      await request(api.raw).get('/api/me').set('authorization', `Invitation ${token}`).expect(401);
    } finally {
      api.clock.set(null);
    }
    const unknown = await request(api.raw).get('/api/me').set('authorization', `Invitation ${'x'.repeat(43)}`).expect(401);
    expect(unknown.body.details).toBeUndefined();
  });

  it('a guest cannot list the links', async () => {
    const { token } = (await request(api.http).post(`/api/meetings/${meetingId}/participants/${teacherId}/invitation`).expect(201)).body as { token: string };
    await request(api.raw).get(`/api/meetings/${meetingId}/invitations`).set('authorization', `Invitation ${token}`).expect(403);
  });
});
