import { SignJWT, decodeJwt } from 'jose';
import request from 'supertest';
import { VIDEO_PRESENCE_AUDIENCE, VIDEO_PRESENCE_ISSUER } from '@kohtaamo/protocol';
import { TEST_SECRET, TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { TestSmtp } from '../queues/support/smtp';

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

  it('a reschedule to a past time is refused at the field, in the caller’s language, before anything is written', async () => {
    api.clock.set('2030-04-20T09:30:20Z');
    const outbox = async () => (await api.db.ds.query(`SELECT count(*)::int AS n FROM meeting_outbox WHERE meeting_id = $1`, [meetingId]))[0].n as number;
    const [before] = await api.db.ds.query(`SELECT starts_at, ends_at, sequence FROM meeting WHERE id = $1`, [meetingId]);
    const sent = await outbox();
    const past = { startsAt: '2030-04-19T08:00:00Z', endsAt: '2030-04-19T09:00:00Z', reason: 'Väärä päivä' };
    const fi = await request(api.http).patch(`/api/meetings/${meetingId}`).set('accept-language', 'fi').send(past).expect(400);
    expect(fi.body.fields).toEqual([{ field: 'startsAt', reason: 'ei voi olla menneisyydessä', code: 'in_the_past' }]);
    expect(fi.body.message).toBe('startsAt: ei voi olla menneisyydessä');
    const sv = await request(api.http).patch(`/api/meetings/${meetingId}`).set('accept-language', 'sv').send(past).expect(400);
    expect(sv.body.fields[0]).toMatchObject({ field: 'startsAt', reason: 'får inte ligga i det förflutna' });
    const en = await request(api.http).patch(`/api/meetings/${meetingId}`).send(past).expect(400);
    expect(en.body.fields[0]).toMatchObject({ field: 'startsAt', reason: 'must not be in the past', code: 'in_the_past' });
    // earlier the same day counts too (a minute ago); only its end moved into the past names endsAt
    await request(api.http).patch(`/api/meetings/${meetingId}`).send({ startsAt: '2030-04-20T09:29:00Z', endsAt: '2030-04-20T10:29:00Z', reason: 'x' }).expect(400);
    const endOnly = await request(api.http).patch(`/api/meetings/${meetingId}`).send({ endsAt: '2030-04-20T09:00:00Z' }).expect(400);
    expect(endOnly.body.fields.map((f: { field: string }) => f.field)).toEqual(['endsAt']);
    const [after] = await api.db.ds.query(`SELECT starts_at, ends_at, sequence FROM meeting WHERE id = $1`, [meetingId]);
    expect(after).toEqual(before);
    expect(await outbox()).toBe(sent);
    // the current minute is not the past: a meeting moved to "now" is accepted; a title alone needs no new time
    const now = await request(api.http).patch(`/api/meetings/${meetingId}`).send({ startsAt: '2030-04-20T09:30:00Z', endsAt: '2030-04-20T10:30:00Z', reason: 'Heti' }).expect(200);
    expect(now.body.sequence).toBe(before.sequence + 1);
    api.clock.set('2030-04-20T09:45:00Z');
    await request(api.http).patch(`/api/meetings/${meetingId}`).send({ title: 'Verkostoneuvottelu (alkanut)' }).expect(200);
    api.clock.set(null);
    await request(api.http).patch(`/api/meetings/${meetingId}`).send({ title: 'Verkostoneuvottelu', startsAt: START, endsAt: '2030-05-02T09:00:00Z', reason: 'Takaisin alkuperäiseen' }).expect(200);
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

  it('ending: held, open rows closed, the unseen absent, and the request handled — once', async () => {
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

  it('a call held before its booked start: refused while nobody has joined (why, in fi and sv); once someone has, the host ends it and the minutes are finalised', async () => {
    await request(api.http).post(`/api/requests/${f.anonymousRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    const m = await post<{ id: string; participants: Array<{ id: string; personId: string | null }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Aikaisin', requestId: f.anonymousRequestId, startsAt: '2030-06-10T10:00:00Z', endsAt: '2030-06-10T11:00:00Z', mode: 'remote',
      participants: [{ kind: 'staff', personId: f.nurseId, host: true }, { kind: 'staff', personId: f.psychologistId }],
    });
    const psychologist = m.participants.find((p) => p.personId === f.psychologistId)!.id;
    const status = async () => ({
      meeting: (await api.db.ds.query(`SELECT status, ended_at FROM meeting WHERE id = $1`, [m.id]))[0],
      request: (await api.db.ds.query(`SELECT status FROM consultation_request WHERE id = $1`, [f.anonymousRequestId]))[0].status,
    });
    try {
      api.clock.set('2030-06-10T09:00:00Z');
      const before = await status();
      expect(before).toEqual({ meeting: { status: 'scheduled', ended_at: null }, request: 'scheduled' });
      const fi = await request(api.http).post(`/api/meetings/${m.id}/end`).set('authorization', nurseAuth).set('accept-language', 'fi').expect(409);
      expect(fi.body.fields).toEqual([{ field: 'status', reason: 'tapaaminen ei ole vielä alkanut: ennen alkua sen voi päättää enintään kolme tuntia etukäteen, kun joku on liittynyt siihen', code: 'meeting_not_begun' }]);
      const sv = await request(api.http).post(`/api/meetings/${m.id}/end`).set('authorization', nurseAuth).set('accept-language', 'sv').expect(409);
      expect(sv.body.fields[0].reason).toBe('mötet har inte börjat ännu: före starten kan det avslutas högst tre timmar i förväg, när någon har anslutit till det');
      const draft = await post<{ id: string }>(api.http, `/api/meetings/${m.id}/minutes`, { summary: 'Sovittiin jatkosta.' });
      const early = await request(api.http).post(`/api/minutes/${draft.id}/finalise`).set('accept-language', 'fi').send({}).expect(409);
      expect(early.body.fields).toEqual([{ field: 'meetingId', reason: 'tapaamista ei ole vielä pidetty: päätä tapaaminen ensin tai odota sen alkamista', code: 'meeting_not_held' }]);
      expect(await status()).toEqual(before);

      // a test of the video two days ahead (joined and left on 8 June) does not let anyone end it: not then, and not on its day
      api.clock.set(null);
      await request(api.raw).post('/api/video/presence').send({ report: await presence({ mid: m.id, sub: psychologist, ev: 'joined', at: Date.parse('2030-06-08T09:00:00Z'), sk: 'test-1' }) }).expect(200);
      await request(api.raw).post('/api/video/presence').send({ report: await presence({ mid: m.id, sub: psychologist, ev: 'left', at: Date.parse('2030-06-08T09:05:00Z'), sk: 'test-1' }) }).expect(200);
      api.clock.set('2030-06-08T09:10:00Z');
      await request(api.http).post(`/api/meetings/${m.id}/end`).set('authorization', nurseAuth).expect(409);
      api.clock.set('2030-06-10T09:00:00Z');
      await request(api.http).post(`/api/meetings/${m.id}/end`).set('authorization', nurseAuth).expect(409);
      expect(await status()).toEqual(before);

      // they meet early: the psychologist's video connection is reported at 09:02 (the report is signed now, on the real clock)
      const at = Date.parse('2030-06-10T09:02:00Z');
      api.clock.set(null);
      await request(api.raw).post('/api/video/presence').send({ report: await presence({ mid: m.id, sub: psychologist, ev: 'joined', at, sk: 'early-1' }) }).expect(200);
      api.clock.set('2030-06-10T09:40:00Z');
      const ended = await request(api.http).post(`/api/meetings/${m.id}/end`).set('authorization', nurseAuth).expect(200);
      expect(ended.body).toMatchObject({ status: 'held', endedAt: '2030-06-10T09:40:00.000Z' });
      expect(ended.body.participants.find((p: { id: string }) => p.id === psychologist).attendance).toBe('remote');
      expect((await status()).request).toBe('handled');
      // held: the minutes are finalised though the booked start is still ahead
      const fin = await request(api.http).post(`/api/minutes/${draft.id}/finalise`).send({}).expect(200);
      expect(fin.body.status).toBe('finalised');
      expect((await status()).request).toBe('minutes_finalised');
    } finally {
      api.clock.set(null);
    }
  });

  it('a host’s mark of someone in the room counts as presence too; a meeting marked by nobody stays unended', async () => {
    const m = await post<{ id: string; participants: Array<{ id: string; personId: string | null }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Huoneessa', startsAt: '2030-06-11T10:00:00Z', endsAt: '2030-06-11T11:00:00Z', mode: 'hybrid', location: 'Kaisla',
      participants: [{ kind: 'staff', personId: f.nurseId, host: true }],
    });
    const nurse = m.participants.find((p) => p.personId === f.nurseId)!.id;
    try {
      api.clock.set('2030-06-11T09:30:00Z');
      await request(api.http).post(`/api/meetings/${m.id}/end`).set('authorization', nurseAuth).expect(409);
      await request(api.http).post(`/api/meetings/${m.id}/attendance`).set('authorization', nurseAuth).send({ participantId: nurse, present: true }).expect(200);
      const ended = await request(api.http).post(`/api/meetings/${m.id}/end`).set('authorization', nurseAuth).expect(200);
      expect(ended.body.status).toBe('held');
    } finally {
      api.clock.set(null);
    }
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

/**
 * A reschedule reaches everyone (a trial user "did not see the notice email"): with the notification
 * workers and a real SMTP server, every participant with an address gets the update — staff, the outside
 * guest and the family, each in their own language, quoting the reason — and the meeting's deliveries,
 * which the meeting page shows per participant, say so.
 */
describe('a reschedule sends an update to every participant', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let f: Fixture;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    api = await startTestApi({ RUN_WORKERS: 'true', SMTP_URL: smtp.url, RELAY_POLL_MS: '200', NOTIFY_BACKOFF_MS: '300' });
    f = await buildFixture(api.http, api.setupAuth);
    await request(api.http).post(`/api/requests/${f.identifiedRequestId}/transitions`).send({ action: 'accept' }).expect(200);
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  it('staff, the school and the guardian get "Muutos"/"Ändring" with the reason; the deliveries show each update sent, and who has no address', async () => {
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const m = await post<{ id: string; participants: Array<{ id: string; kind: string; personId: string | null; email: string | null; displayName: string }> }>(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.identifiedRequestId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), mode: 'remote',
      participants: [
        { kind: 'staff', personId: f.nurseId, host: true },
        { kind: 'staff', personId: f.psychologistId },
        { kind: 'external', displayName: 'Opettaja Olli', email: 'olli@koulu.example.fi', organisationName: 'Keskustan koulu', organisationType: 'school' },
        { kind: 'family', displayName: 'Elina Esimerkki', email: 'elina@example.fi', familyRelation: 'guardian', locale: 'sv' },
        { kind: 'family', displayName: 'Isoäiti', familyRelation: 'other' },
      ],
    });
    const withAddress = m.participants.filter((p) => p.email !== null);
    expect(withAddress).toHaveLength(4);
    const has = (all: Array<{ key: string }>, seq: number) => withAddress.every((p) => all.some((x) => x.key === `req.${m.id}.${p.id}.${seq}`));
    await smtp.waitFor((all) => has(all, 0), 30_000, 'the invitations');

    const moved = new Date(startsAt.getTime() + 3_600_000);
    await request(api.http).patch(`/api/meetings/${m.id}`).send({ startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + 3_600_000).toISOString(), reason: 'Huone vaihtui' }).expect(200);
    const mails = await smtp.waitFor((all) => has(all, 1), 30_000, 'the updates');
    for (const p of withAddress) {
      const update = mails.find((x) => x.key === `req.${m.id}.${p.id}.1`)!;
      expect(update.to).toBe(p.email);
      if (p.kind === 'family') {
        expect(update.subject).toMatch(/^Ändring:/);
        expect(update.text).toContain('Orsak: Huone vaihtui');
      } else {
        expect(update.subject).toMatch(/^Muutos:/);
        expect(update.text).toContain('Syy: Huone vaihtui');
      }
      expect(update.ics?.SEQUENCE).toBe('1');
    }

    // what the meeting page shows per participant: the latest invitation-or-update and how it went
    const latest = async () => {
      const all = (await request(api.http).get(`/api/meetings/${m.id}/deliveries`).query({ limit: 200 }).expect(200)).body.items as Array<{ participantId: string; kind: string; status: string; sequence: number }>;
      return Object.fromEntries(m.participants.map((p) => {
        const d = all.filter((x) => x.participantId === p.id && x.kind !== 'reminder').at(-1);
        return [p.displayName, d === undefined ? null : `${d.kind}:${d.status}:${d.sequence}`];
      }));
    };
    const until = Date.now() + 15_000;
    let shown = await latest();
    while (Object.values(shown).some((v) => v !== null && /:(queued|sending):/.test(v)) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      shown = await latest();
    }
    expect(shown).toEqual({
      'Terhi Terveydenhoitaja': 'update:sent:1',
      'Pia Psykologi': 'update:sent:1',
      'Opettaja Olli': 'update:sent:1',
      'Elina Esimerkki': 'update:sent:1',
      'Isoäiti': 'invitation:no_address:1',
    });
  });
});
