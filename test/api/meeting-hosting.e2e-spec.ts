import { SignJWT, decodeJwt } from 'jose';
import request from 'supertest';
import { VIDEO_PRESENCE_AUDIENCE, VIDEO_PRESENCE_ISSUER } from '@kohtaamo/domain';
import { TEST_SECRET, TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';

/**
 * Network meetings held in Kohtaamo (issue 12): the organiser and the co-hosts she names host the call,
 * reschedules and cancellations carry a reason to every participant, attendance comes from the video
 * (signed SFU reports) and from a host's marks, and ending the meeting holds it and moves its request on.
 */
describe('hosting a network meeting', () => {
  let api: TestApi;
  let f: Fixture;
  let meetingId: string;
  let nurseAuth: string;
  let psychologistAuth: string;
  let teacherId: string;
  let nurseParticipantId: string;
  const START = '2030-05-02T08:00:00Z';

  const presence = (claims: Record<string, unknown>, o: { secret?: string; audience?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(VIDEO_PRESENCE_ISSUER)
      .setAudience(o.audience ?? VIDEO_PRESENCE_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(o.secret ?? TEST_SECRET));

  beforeAll(async () => {
    api = await startTestApi();
    f = await buildFixture(api.http, api.setupAuth);
    await request(api.http).post(`/api/requests/${f.identifiedRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    const m = await post<{ id: string; participants: Array<{ id: string; kind: string; personId: string | null; host: boolean }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.identifiedRequestId, startsAt: START, endsAt: '2030-05-02T09:00:00Z', mode: 'hybrid', location: 'Perhekeskus, Kaisla',
      participants: [
        { kind: 'staff', personId: f.nurseId, host: true },
        { kind: 'staff', personId: f.psychologistId },
        { kind: 'external', displayName: 'Opettaja', email: 'ope@koulu.example.fi', organisationName: 'Koulu', organisationType: 'school' },
      ],
    });
    meetingId = m.id;
    expect(m.participants.filter((p) => p.host).map((p) => p.personId)).toEqual([f.nurseId]);
    teacherId = m.participants.find((p) => p.kind === 'external')!.id;
    nurseParticipantId = m.participants.find((p) => p.personId === f.nurseId)!.id;
    nurseAuth = `Bearer ${await api.tokenFor(f.nurseId)}`;
    psychologistAuth = `Bearer ${await api.tokenFor(f.psychologistId)}`;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('the organiser and the co-host she named join the video as hosts; another participant as a member', async () => {
    const role = async (auth?: string) => {
      const r = request(api.http).post(`/api/meetings/${meetingId}/join-token`).send({});
      const res = await (auth ? r.set('authorization', auth) : r).expect(200);
      return [res.body.role, decodeJwt(res.body.token as string).role];
    };
    expect(await role()).toEqual(['host', 'host']);
    expect(await role(nurseAuth)).toEqual(['host', 'host']);
    expect(await role(psychologistAuth)).toEqual(['member', 'member']);
    // only staff co-host
    const bad = await request(api.http).patch(`/api/meetings/${meetingId}/participants/${teacherId}`).send({ host: true }).expect(400);
    expect(bad.body.fields[0].field).toBe('host');
  });

  it('a reschedule and a cancellation keep their reason for the emails; a reason that names someone is refused first', async () => {
    const named = await request(api.http).patch(`/api/meetings/${meetingId}`).set('accept-language', 'fi')
      .send({ startsAt: '2030-05-03T08:00:00Z', endsAt: '2030-05-03T09:00:00Z', reason: 'Eetu Esimerkki on sairaana, hetu 040519A123B' }).expect(422);
    expect(named.body.fields.map((x: { field: string }) => x.field)).toContain('reason');
    const [{ starts_at }] = await api.db.ds.query(`SELECT starts_at FROM meeting WHERE id = $1`, [meetingId]);
    expect(new Date(starts_at).toISOString()).toBe('2030-05-02T08:00:00.000Z');

    const moved = await request(api.http).patch(`/api/meetings/${meetingId}`).send({ startsAt: '2030-05-02T10:00:00Z', endsAt: '2030-05-02T11:00:00Z', reason: 'Koulun aikataulu muuttui' }).expect(200);
    expect(moved.body).toMatchObject({ changeReason: 'Koulun aikataulu muuttui', sequence: 1 });
    // the outbox has the update; the message worker reads the reason from the meeting (messages.spec: "Syy: …")
    const kinds = await api.db.ds.query(`SELECT kind FROM meeting_outbox WHERE meeting_id = $1 ORDER BY id`, [meetingId]);
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['scheduled', 'updated']);
    await request(api.http).patch(`/api/meetings/${meetingId}`).send({ startsAt: START, endsAt: '2030-05-02T09:00:00Z', reason: 'Takaisin alkuperäiseen' }).expect(200);
  });

  it('video presence: only signed reports count; joined makes a row and marks the participant remote, once; left closes it', async () => {
    const at = Date.parse(START) + 60_000;
    await request(api.raw).post('/api/video/presence').send({ report: await presence({ mid: meetingId, sub: teacherId, ev: 'joined', at, sk: 'k1' }, { secret: 'another-secret-0123456789abcdef0123' }) }).expect(401);
    await request(api.raw).post('/api/video/presence').send({ report: await presence({ mid: meetingId, sub: teacherId, ev: 'joined', at, sk: 'k1' }, { audience: 'kohtaamo-sfu' }) }).expect(401);
    const bad = await request(api.raw).post('/api/video/presence').send({ report: await presence({ mid: meetingId, sub: teacherId, ev: 'maybe', at, sk: 'k1' }) }).expect(400);
    expect(bad.body.fields[0].field).toBe('report.ev');
    expect(await api.db.ds.query(`SELECT 1 FROM meeting_attendance`)).toEqual([]);

    const joined = await request(api.raw).post('/api/video/presence').send({ report: await presence({ mid: meetingId, sub: teacherId, ev: 'joined', at, sk: 'k1' }) }).expect(200);
    expect(joined.body).toEqual({ recorded: true });
    const again = await request(api.raw).post('/api/video/presence').send({ report: await presence({ mid: meetingId, sub: teacherId, ev: 'joined', at, sk: 'k1' }) }).expect(200);
    expect(again.body).toEqual({ recorded: false });
    // a staff member known by person (a room device of the organiser's unit, 4 people in the room)
    const [{ id: operator }] = await api.db.ds.query(`SELECT organiser_id AS id FROM meeting WHERE id = $1`, [meetingId]);
    await request(api.raw).post('/api/video/presence').send({ report: await presence({ mid: meetingId, sub: `person:${operator}`, ev: 'joined', at, sk: 'room1', room: 4 }) }).expect(200);
    await request(api.raw).post('/api/video/presence').send({ report: await presence({ mid: meetingId, sub: teacherId, ev: 'left', at: at + 30 * 60_000, sk: 'k1' }) }).expect(200);

    const view = await request(api.http).get(`/api/meetings/${meetingId}/attendance`).expect(200);
    expect(view.body.roomHeadcount).toBe(4);
    // both joined at the same instant: their order is not defined
    expect(view.body.rows).toHaveLength(2);
    expect(view.body.rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ participantId: teacherId, source: 'video', joinedAt: new Date(at).toISOString(), leftAt: new Date(at + 30 * 60_000).toISOString() }),
      expect.objectContaining({ participantId: null, personId: operator, source: 'video', roomCount: 4, leftAt: null }),
    ]));
    const detail = await request(api.http).get(`/api/meetings/${meetingId}`).expect(200);
    expect(detail.body.participants.find((p: { id: string }) => p.id === teacherId).attendance).toBe('remote');
    // a guest does not read the attendance list
    const { token } = (await request(api.http).post(`/api/meetings/${meetingId}/participants/${teacherId}/invitation`).expect(201)).body as { token: string };
    await request(api.raw).get(`/api/meetings/${meetingId}/attendance`).set('authorization', `Invitation ${token}`).expect(403);
  });

  it('a host marks who sat in the room and counts them; a participant who is no host cannot', async () => {
    await request(api.http).post(`/api/meetings/${meetingId}/attendance`).set('authorization', psychologistAuth).send({ participantId: nurseParticipantId, present: true }).expect(403);
    const marked = await request(api.http).post(`/api/meetings/${meetingId}/attendance`).set('authorization', nurseAuth).send({ participantId: nurseParticipantId, present: true }).expect(200);
    expect(marked.body.rows.filter((r: { source: string }) => r.source === 'room')).toEqual([expect.objectContaining({ participantId: nurseParticipantId, leftAt: null })]);
    await request(api.http).put(`/api/meetings/${meetingId}/room-headcount`).set('authorization', nurseAuth).send({ count: 5 }).expect(200);
    const bad = await request(api.http).put(`/api/meetings/${meetingId}/room-headcount`).send({ count: -1 }).expect(400);
    expect(bad.body.fields[0].field).toBe('count');
    const detail = await request(api.http).get(`/api/meetings/${meetingId}`).expect(200);
    expect(detail.body.participants.find((p: { id: string }) => p.id === nurseParticipantId).attendance).toBe('in_person');
    expect(detail.body.roomHeadcount).toBe(5);
  });

  it('ending: not before it begins; then held, open rows closed, the unseen absent, and the request handled — once', async () => {
    api.clock.set('2030-05-02T07:00:00Z');
    await request(api.http).post(`/api/meetings/${meetingId}/end`).expect(409);
    await request(api.http).post(`/api/meetings/${meetingId}/end`).set('authorization', psychologistAuth).expect(403);
    api.clock.set('2030-05-02T08:55:00Z');
    const ended = await request(api.http).post(`/api/meetings/${meetingId}/end`).set('authorization', nurseAuth).expect(200);
    expect(ended.body).toMatchObject({ status: 'held', endedAt: '2030-05-02T08:55:00.000Z' });
    const psych = ended.body.participants.find((p: { personId: string | null }) => p.personId === f.psychologistId);
    expect(psych.attendance).toBe('absent');
    const open = await api.db.ds.query(`SELECT 1 FROM meeting_attendance WHERE meeting_id = $1 AND left_at IS NULL`, [meetingId]);
    expect(open).toEqual([]);
    const req = await request(api.http).get(`/api/requests/${f.identifiedRequestId}`).expect(200);
    expect(req.body.status).toBe('handled');
    await request(api.http).post(`/api/meetings/${meetingId}/end`).expect(200);
    const events = await api.db.ds.query(`SELECT action FROM request_event WHERE request_id = $1 AND action = 'mark_handled'`, [f.identifiedRequestId]);
    expect(events).toHaveLength(1);
    // a held meeting is not cancelled afterwards
    await request(api.http).post(`/api/meetings/${meetingId}/cancel`).send({ reason: 'Myöhässä' }).expect(409);
    api.clock.set(null);
  });

  it('cancelling keeps its reason for the cancellation email', async () => {
    const m = await post<{ id: string }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Toinen', startsAt: '2030-06-02T08:00:00Z', endsAt: '2030-06-02T09:00:00Z', mode: 'remote',
      participants: [{ kind: 'staff', personId: f.physicianId }],
    });
    const c = await request(api.http).post(`/api/meetings/${m.id}/cancel`).send({ reason: 'Lääkäri on estynyt' }).expect(200);
    expect(c.body).toMatchObject({ status: 'cancelled', changeReason: 'Lääkäri on estynyt' });
  });
});
