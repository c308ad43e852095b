import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';
import { TestSmtp } from '../queues/support/smtp';
import { deliveries, until } from '../queues/support/meetings';

jest.setTimeout(120_000);

/** How far ahead the soon meeting's only reminder falls due: time enough to withdraw the consent first. */
const REMINDER_IN_MS = 20_000;

interface Participant {
  id: string;
  kind: string;
  email: string | null;
}

/**
 * A consent withdrawn cascades at once, through HTTP and the mail actually sent: the school's links stop
 * working (410) and it can get no join token nor a new link, its reminder is never sent (read from the
 * SMTP server while the others' arrive), the organiser is told by email and on the meeting, and the
 * guardian keeps reading her child's minutes (her own right, logged as such).
 */
describe('consent withdrawal cascades', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let f: Fixture;
  let soon: { id: string; participants: Participant[] };
  let past: { id: string; participants: Participant[] };
  let minutesId: string;
  const tokens: Record<string, string> = {};

  const linkIn = (key: string, to: string, re: RegExp): string => {
    const mail = smtp.messages.find((m) => m.key.startsWith(key) && m.to === to);
    if (!mail) throw new Error(`no ${key}… to ${to}: ${smtp.messages.map((m) => `${m.key}→${m.to}`).join(', ')}`);
    return re.exec(mail.text)![1];
  };
  const as = (token: string) => ({
    get: (path: string) => request(api.raw).get(path).set('authorization', `Invitation ${token}`),
    post: (path: string) => request(api.raw).post(path).set('authorization', `Invitation ${token}`).send({}),
  });

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    api = await startTestApi({ RUN_WORKERS: 'true', SMTP_URL: smtp.url, RELAY_POLL_MS: '200', NOTIFY_BACKOFF_MS: '300', REMINDER_OFFSETS: '1h' });
    f = await buildFixture(api.http, api.setupAuth);
    await request(api.http).post(`/api/requests/${f.identifiedRequestId}/transitions`).send({ action: 'accept' }).expect(200);
    const people = (suffix: string) => [
      { kind: 'staff', personId: f.nurseId },
      { kind: 'external', displayName: 'Opettaja Olli', email: `olli.${suffix}@koulu.example.fi`, organisationName: 'Keskustan koulu', organisationType: 'school' },
      { kind: 'family', displayName: 'Elina Esimerkki', email: `elina.${suffix}@example.fi`, familyRelation: 'guardian' },
    ];
    // a meeting held an hour ago, with finalised minutes whose links went to the school and the guardian
    // (booked at the minute it began: a meeting is not booked into the past)
    const heldFrom = new Date(Date.now() - 3600_000);
    past = await api.clock.at(heldFrom, () => post(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Verkostoneuvottelu', requestId: f.identifiedRequestId, mode: 'remote',
      startsAt: heldFrom.toISOString(), endsAt: new Date(Date.now() - 1800_000).toISOString(), participants: people('past'),
    }));
    const m = await post<{ id: string }>(api.http, `/api/meetings/${past.id}/minutes`, { summary: 'Sovittiin koulun tukitoimista.' });
    minutesId = m.id;
    await request(api.http).post(`/api/minutes/${minutesId}/finalise`).send({}).expect(200);
    // and one whose reminder (an hour before) falls due in REMINDER_IN_MS
    const startsAt = new Date(Date.now() + 3600_000 + REMINDER_IN_MS);
    soon = await post(api.http, '/api/meetings', {
      kind: 'network_meeting', title: 'Seurantapalaveri', requestId: f.identifiedRequestId, mode: 'remote',
      startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(), participants: people('soon'),
    });
    await smtp.waitFor(
      (all) => all.filter((x) => x.key.startsWith(`min.${minutesId}.`)).length === 3 && all.filter((x) => x.key.startsWith(`req.${soon.id}.`)).length === 3,
      30_000,
      'the minutes notices and the invitations',
    );
    const invitation = /\/guest#invitation=([\w-]+)/;
    const minutesLink = /#invitation=([\w-]+)/;
    tokens.schoolJoin = linkIn(`req.${soon.id}.`, 'olli.soon@koulu.example.fi', invitation);
    tokens.guardianJoin = linkIn(`req.${soon.id}.`, 'elina.soon@example.fi', invitation);
    tokens.schoolMinutes = linkIn(`min.${minutesId}.`, 'olli.past@koulu.example.fi', minutesLink);
    tokens.guardianMinutes = linkIn(`min.${minutesId}.`, 'elina.past@example.fi', minutesLink);
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  const school = () => soon.participants.find((p) => p.kind === 'external')!;

  it('before: the school opens the meeting, gets a join token and reads the minutes', async () => {
    await as(tokens.schoolJoin).get(`/api/meetings/${soon.id}`).expect(200);
    await as(tokens.schoolJoin).post(`/api/meetings/${soon.id}/join-token`).expect(200);
    await as(tokens.schoolMinutes).get(`/api/minutes/${minutesId}`).expect(200);
    const reminders = (await deliveries(api.http, soon.id)).filter((d) => d.kind === 'reminder');
    expect(reminders.map((d) => d.status)).toEqual(['queued', 'queued', 'queued']);
  });

  it('withdrawing stops the school at once: its links are gone (410), no join token, no new link', async () => {
    const res = await request(api.http).post(`/api/consents/${f.consentId}/withdraw`).send({ reason: 'Huoltaja perui suostumuksen' }).expect(200);
    expect(res.body.state).toBe('withdrawn');
    const byMeeting = Object.fromEntries(res.body.cascade.meetings.map((m: { meetingId: string }) => [m.meetingId, m]));
    expect(byMeeting[soon.id]).toEqual({ meetingId: soon.id, revokedParticipantIds: [school().id], notified: true, mayBeInCall: true });
    // ended half an hour ago: no notice, but its call could still be running over (guests may stay two hours)
    expect(byMeeting[past.id]).toMatchObject({ notified: false, mayBeInCall: true });
    expect(res.body.cascade.withheldMessages).toBe(1); // the school's reminder

    const gone = await as(tokens.schoolJoin).get(`/api/meetings/${soon.id}`).expect(410);
    expect(JSON.stringify(gone.body)).not.toContain('Seurantapalaveri');
    await as(tokens.schoolJoin).post(`/api/meetings/${soon.id}/join-token`).expect(410);
    await as(tokens.schoolMinutes).get(`/api/minutes/${minutesId}`).expect(410);
    await as(tokens.schoolMinutes).get(`/api/minutes/${minutesId}/pdf`).expect(410);
    // the organiser cannot hand the school a new link either (nor does any later update carry one)
    const fresh = await request(api.http).post(`/api/meetings/${soon.id}/participants/${school().id}/invitation`).send({}).expect(422);
    expect(fresh.body.fields).toEqual([expect.objectContaining({ field: 'participantId' })]);
    const links = (await request(api.http).get(`/api/meetings/${soon.id}/invitations`).expect(200)).body as Array<{ participantId: string; revokedAt: string | null }>;
    expect(links.filter((l) => l.participantId === school().id).every((l) => l.revokedAt !== null)).toBe(true);
  });

  it('the guardian keeps her own: her meeting link, and her child’s minutes — logged as her own right', async () => {
    await as(tokens.guardianJoin).get(`/api/meetings/${soon.id}`).expect(200);
    await as(tokens.guardianJoin).post(`/api/meetings/${soon.id}/join-token`).expect(200);
    const read = await as(tokens.guardianMinutes).get(`/api/minutes/${minutesId}`).expect(200);
    expect(read.body.summary).toBe('Sovittiin koulun tukitoimista.');
    // her list of the meeting's minutes says nothing of what others may or may not read; the organiser,
    // who reads them, is told that nothing is withheld from her
    const hers = await as(tokens.guardianMinutes).get(`/api/meetings/${past.id}/minutes`).expect(200);
    expect(hers.body.map((m: { id: string }) => m.id)).toEqual([minutesId]);
    expect(hers.headers['x-minutes-withheld']).toBeUndefined();
    const organisers = await request(api.http).get(`/api/meetings/${past.id}/minutes`).expect(200);
    expect(organisers.body.map((m: { id: string }) => m.id)).toEqual([minutesId]);
    expect(organisers.headers['x-minutes-withheld']).toBe('0');
    const admin = (await api.staff('admin', 'Ylläpitäjä')).auth;
    const log = (await request(api.raw).get('/api/disclosure-log').query({ clientId: f.clientId }).set('authorization', admin).expect(200)).body.items as Array<{
      recipientName: string; resourceType: string; basis: string; consentId: string;
    }>;
    expect(log.find((d) => d.recipientName === 'Elina Esimerkki' && d.resourceType === 'minutes')).toMatchObject({ basis: 'own_right', consentId: f.consentId });
  });

  it('the organiser is told: by email, and on the meeting', async () => {
    const [notice] = (await smtp.waitFor((all) => all.some((x) => x.key.startsWith(`ntc.${soon.id}.`)), 20_000, 'the notice to the organiser')).filter((x) =>
      x.key.startsWith(`ntc.${soon.id}.`),
    );
    expect(notice.to).toBe('operaattori@test.invalid');
    expect(notice.subject).toMatch(/^Suostumus peruttu: Seurantapalaveri, /);
    expect(notice.text).toContain('Ulkopuolisten osallistujien linkit');
    expect(smtp.messages.some((x) => x.key.startsWith(`ntc.${past.id}.`))).toBe(false); // a meeting that is over: no notice
    const detail = (await request(api.http).get(`/api/meetings/${soon.id}`).expect(200)).body as { notices: unknown[] };
    expect(detail.notices).toEqual([expect.objectContaining({ kind: 'consent_withdrawn', consentId: f.consentId, participantIds: [school().id] })]);
    expect(((await request(api.http).get(`/api/meetings/${past.id}`).expect(200)).body as { notices: unknown[] }).notices).toEqual([]);
  });

  it('the school’s reminder is never sent, while the nurse’s and the guardian’s arrive', async () => {
    const arrived = await smtp.waitFor(
      (all) => all.filter((x) => x.key.startsWith(`rem.${soon.id}.`)).length >= 2,
      REMINDER_IN_MS + 40_000,
      'the reminders of the soon meeting',
    );
    const reminders = await until(async () => {
      const ds = (await deliveries(api.http, soon.id)).filter((d) => d.kind === 'reminder');
      return ds.every((d) => d.status !== 'queued' && d.status !== 'sending') ? ds : undefined;
    }, 20_000, 'every reminder settled');
    expect(Object.fromEntries(reminders.map((d) => [soon.participants.find((p) => p.id === d.participantId)!.kind, d.status]))).toEqual({ staff: 'sent', family: 'sent', external: 'withheld' });
    expect(reminders.find((d) => d.participantId === school().id)!.lastError).toBe('the family withdrew its consent');
    const to = arrived.filter((x) => x.key.startsWith(`rem.${soon.id}.`)).map((x) => x.to);
    expect(to).toContain('elina.soon@example.fi');
    expect(to).not.toContain('olli.soon@koulu.example.fi');
    expect(smtp.messages.filter((x) => x.to === 'olli.soon@koulu.example.fi').map((x) => x.key.split('.')[0])).toEqual(['req']);
  });

  it('a later change of the meeting tells the others, and still sends the school nothing', async () => {
    const detail = (await request(api.http).get(`/api/meetings/${soon.id}`).expect(200)).body as { startsAt: string; endsAt: string; sequence: number };
    const day = 86_400_000;
    await request(api.http)
      .patch(`/api/meetings/${soon.id}`)
      .send({ startsAt: new Date(Date.parse(detail.startsAt) + day).toISOString(), endsAt: new Date(Date.parse(detail.endsAt) + day).toISOString() })
      .expect(200);
    const updates = await until(async () => {
      const ds = (await deliveries(api.http, soon.id)).filter((d) => d.kind !== 'reminder' && d.kind !== 'notice' && d.sequence === detail.sequence + 1);
      return ds.length === 3 && ds.every((d) => d.status !== 'queued' && d.status !== 'sending') ? ds : undefined;
    }, 20_000, 'the updates of the moved meeting');
    const byKind = Object.fromEntries(updates.map((d) => [soon.participants.find((p) => p.id === d.participantId)!.kind, d]));
    expect(byKind.staff.status).toBe('sent');
    expect(byKind.family.status).toBe('sent');
    expect(byKind.external).toMatchObject({ status: 'withheld', lastError: expect.stringMatching(/withdrew its consent/) });
    expect(smtp.messages.filter((x) => x.to === 'olli.soon@koulu.example.fi')).toHaveLength(1); // only the first invitation, before the withdrawal
  });
});
