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

  it('a guest cannot list the links', async () => {
    const { token } = (await request(api.http).post(`/api/meetings/${meetingId}/participants/${teacherId}/invitation`).expect(201)).body as { token: string };
    await request(api.raw).get(`/api/meetings/${meetingId}/invitations`).set('authorization', `Invitation ${token}`).expect(403);
  });
});
