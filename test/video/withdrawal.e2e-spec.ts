import request from 'supertest';
import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { isError, TestClient } from './support/client';
import { startSfu } from './support/sfu';
import { TEST_SECRET } from './support/tokens';

/**
 * A consent withdrawn while the school's teacher is in the call: the API orders the SFU to remove her,
 * she is told and disconnected, the host sees her leave, and neither her old join token nor her link
 * gets her back. The guardian in the same call stays.
 */
describe('a consent withdrawn during the call', () => {
  let sfu: RunningSfu;
  let api: TestApi;
  let f: Fixture;
  const open: TestClient[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    api = await startTestApi({ JOIN_TOKEN_SECRET: TEST_SECRET, SFU_PUBLIC_URL: sfu.url });
    f = await buildFixture(api.http, api.setupAuth);
  }, 120_000);
  afterAll(async () => {
    for (const c of open) c.close();
    await api?.close();
    await sfu?.close();
  });

  async function joinCall(token: { token: string; meetingId: string }): Promise<TestClient> {
    const c = await TestClient.connect(sfu.url);
    open.push(c);
    const ack = await c.request('join', { token: token.token, meetingId: token.meetingId });
    if (isError(ack)) throw new Error(JSON.stringify(ack.error));
    return c;
  }

  it('removes the school from the call at once; the guardian stays', async () => {
    await request(api.http).post(`/api/requests/${f.identifiedRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    const start = new Date(Date.now() - 5 * 60_000);
    // booked at the minute it began (a meeting is not booked into the past)
    const meeting = await api.clock.at(start, () => post<{ id: string; participants: Array<{ id: string; kind: string }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.identifiedRequestId, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString(), mode: 'remote',
      participants: [
        { kind: 'external', displayName: 'Opettaja Olli', email: 'olli@koulu.example.fi', organisationName: 'Keskustan koulu', organisationType: 'school' },
        { kind: 'family', displayName: 'Elina Esimerkki', email: 'elina@example.fi', familyRelation: 'guardian' },
      ],
    }));
    const link = async (kind: string) => {
      const p = meeting.participants.find((x) => x.kind === kind)!;
      return { id: p.id, token: (await post<{ token: string }>(api.http, `/api/meetings/${meeting.id}/participants/${p.id}/invitation`, {})).token };
    };
    const school = await link('external');
    const guardian = await link('family');
    const joinToken = async (invitation: string) =>
      (await request(api.raw).post(`/api/meetings/${meeting.id}/join-token`).set('authorization', `Invitation ${invitation}`).send({}).expect(200)).body as { token: string; meetingId: string };

    // the organiser (the operator) hosts; both guests are admitted from the lobby
    const host = await joinCall((await request(api.http).post(`/api/meetings/${meeting.id}/join-token`).send({}).expect(200)).body);
    const schoolJoin = await joinToken(school.token);
    const teacher = await joinCall(schoolJoin);
    const family = await joinCall(await joinToken(guardian.token));
    for (const p of [school, guardian]) {
      await host.ok('lobby:admit', { participantId: p.id });
    }
    await teacher.next('lobby:admitted', () => true, { past: true });
    await family.next('lobby:admitted', () => true, { past: true });

    const told = teacher.next('session:ended');
    const hostSees = host.next('peer:left', (e) => e.participantId === school.id);
    await request(api.http).post(`/api/consents/${f.consentId}/withdraw`).send({ reason: 'Huoltaja perui' }).expect(200);
    // the withdrawal answered after the SFU took the order: she is out already
    expect(sfu.rooms.room(meeting.id)?.peers.has(school.id)).toBe(false);
    expect(await told).toEqual({ reason: 'removed' });
    expect(await hostSees).toEqual({ participantId: school.id, reason: 'removed' });
    expect(sfu.rooms.room(meeting.id)?.peers.has(guardian.id)).toBe(true);

    // her join token is still unexpired, but the SFU refuses it; her link gets no new one
    const back = await TestClient.connect(sfu.url);
    open.push(back);
    const refused = await back.request('join', { token: schoolJoin.token, meetingId: meeting.id });
    expect(isError(refused) && refused.error.code).toBe('removed');
    await request(api.raw).post(`/api/meetings/${meeting.id}/join-token`).set('authorization', `Invitation ${school.token}`).send({}).expect(410);
  }, 60_000);

  it('a meeting ended on the staff app’s meeting page ends its call for everyone, and nobody gets back in', async () => {
    const start = new Date(Date.now() - 5 * 60_000);
    const meeting = await api.clock.at(start, () => post<{ id: string; participants: Array<{ id: string; kind: string }> }>(api.http, '/api/meetings', {
      kind: 'ad_hoc', title: 'Perheen tapaaminen', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString(), mode: 'remote',
      participants: [{ kind: 'family', displayName: 'Elina Esimerkki', email: 'elina@example.fi', familyRelation: 'guardian' }],
    }));
    const guardian = meeting.participants.find((x) => x.kind === 'family')!;
    const invitation = (await post<{ token: string }>(api.http, `/api/meetings/${meeting.id}/participants/${guardian.id}/invitation`, {})).token;
    const guardianJoin = (await request(api.raw).post(`/api/meetings/${meeting.id}/join-token`).set('authorization', `Invitation ${invitation}`).send({}).expect(200)).body as { token: string; meetingId: string };
    const host = await joinCall((await request(api.http).post(`/api/meetings/${meeting.id}/join-token`).send({}).expect(200)).body);
    const family = await joinCall(guardianJoin);
    await host.ok('lobby:admit', { participantId: guardian.id });
    await family.next('lobby:admitted', () => true, { past: true });

    const hostTold = host.next('session:ended');
    const familyTold = family.next('session:ended');
    const ended = await request(api.http).post(`/api/meetings/${meeting.id}/end`).send({}).expect(200);
    expect(ended.body.status).toBe('held');
    // the end answered after the SFU took the order: the call is over for both
    expect(await hostTold).toEqual({ reason: 'meeting-ended' });
    expect(await familyTold).toEqual({ reason: 'meeting-ended' });
    expect(sfu.rooms.room(meeting.id)?.closed ?? true).toBe(true);
    // the guardian's still-valid join token does not reopen it
    const back = await TestClient.connect(sfu.url);
    open.push(back);
    const refused = await back.request('join', { token: guardianJoin.token, meetingId: meeting.id });
    expect(isError(refused) && refused.error.code).toBe('meeting_ended');
  }, 60_000);
});
