import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';
import { Fixture, buildFixture, post } from '../support/fixtures';

/**
 * A team's session series (issue 11): set up and edited only by the team's chairs of the day or a
 * coordinator; an edit changes only what was sent; a series that overlaps another session of the team
 * is saved with warnings, not refused.
 */
describe('session series: partial edits, overlap warnings, who may', () => {
  let api: TestApi;
  let f: Fixture;
  let chair: string;
  let member: string;
  let otherChair: string;
  let outsider: string;
  let seriesId: string;

  const as = (auth: string) => ({
    get: (path: string) => request(api.raw).get(path).set('authorization', auth),
    post: (path: string, body: object) => request(api.raw).post(path).set('authorization', auth).send(body),
    patch: (path: string, body: object) => request(api.raw).patch(path).set('authorization', auth).send(body),
  });
  const tuesdays = { title: 'LaNu-konsultaatio', dtstart: '2027-01-05T13:00', durationMinutes: 120, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', slotMinutes: 20, mode: 'hybrid', location: 'Neuvotteluhuone Kaisla' };

  beforeAll(async () => {
    api = await startTestApi();
    f = await buildFixture(api.http, api.setupAuth);
    api.clock.set('2027-01-01T08:00:00Z');
    // the physician of the responsible pair chairs the team; a psychologist is a plain member
    chair = `Bearer ${await api.tokenFor(f.physicianId)}`;
    await request(api.http).post(`/api/teams/${f.teamId}/members`).send({ personId: f.psychologistId, role: 'member' }).expect(201);
    member = `Bearer ${await api.tokenFor(f.psychologistId)}`;
    const other = await post<{ id: string }>(api.http, '/api/teams', { kind: 'adults', name: 'Aikuiset', unit: 'Perhekeskus' });
    const u = await api.staff('staff', 'Urho Toinen');
    await request(api.http).post(`/api/teams/${other.id}/members`).set('authorization', api.setupAuth).send({ personId: u.personId, role: 'chair' }).expect(201);
    otherChair = `Bearer ${await api.tokenFor(u.personId)}`;
    outsider = (await api.staff('staff', 'Bea Ulkopuolinen')).auth;
  });
  afterAll(() => api?.close());

  it("is set up by the team's chair, with no warning when nothing overlaps", async () => {
    const res = await as(chair).post(`/api/teams/${f.teamId}/session-series`, tuesdays).expect(201);
    expect(res.body).toMatchObject({ ...tuesdays, teamId: f.teamId, warnings: [] });
    seriesId = res.body.id;
  });

  it('a PATCH changes only what was sent, for the chair (a partial body was a 400 before)', async () => {
    const res = await as(chair).patch(`/api/session-series/${seriesId}`, { title: 'LaNu-konsultaatio (hybridi)' }).expect(200);
    expect(res.body).toMatchObject({ ...tuesdays, title: 'LaNu-konsultaatio (hybridi)', warnings: [] });
    const slots = await as(chair).patch(`/api/session-series/${seriesId}`, { slotMinutes: 30 }).expect(200);
    expect(slots.body).toMatchObject({ title: 'LaNu-konsultaatio (hybridi)', slotMinutes: 30, rrule: tuesdays.rrule, location: tuesdays.location });
    const read = await as(chair).get(`/api/session-series/${seriesId}`).expect(200);
    expect(read.body).toMatchObject({ title: 'LaNu-konsultaatio (hybridi)', slotMinutes: 30, durationMinutes: 120, dtstart: '2027-01-05T13:00', mode: 'hybrid' });
    // what is sent is still checked as a whole, naming the field
    const tooLong = await as(chair).patch(`/api/session-series/${seriesId}`, { slotMinutes: 180 }).expect(400);
    expect(tooLong.body.fields.map((x: { field: string }) => x.field)).toEqual(['slotMinutes']);
    const remote = await as(chair).patch(`/api/session-series/${seriesId}`, { mode: 'remote' }).expect(200);
    expect(remote.body).toMatchObject({ mode: 'remote', location: tuesdays.location });
    const badRule = await as(chair).patch(`/api/session-series/${seriesId}`, { rrule: 'FREQ=HOURLY' }).expect(400);
    expect(badRule.body.fields.map((x: { field: string }) => x.field)).toEqual(['rrule']);
    const unknown = await as(chair).patch(`/api/session-series/${seriesId}`, { teamId: f.teamId }).expect(400);
    expect(unknown.body.fields.map((x: { field: string }) => x.field)).toEqual(['teamId']);
  });

  it('a new series over an existing session is saved, with a warning naming each clash', async () => {
    // every Tuesday 14–15: meets the fortnightly 13–15 series every other week
    const res = await as(chair).post(`/api/teams/${f.teamId}/session-series`, { ...tuesdays, title: 'Nepsy-iltapäivä', dtstart: '2027-01-05T14:00', durationMinutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' }).expect(201);
    expect(res.body.warnings).toHaveLength(2);
    expect(res.body.warnings[0]).toMatchObject({
      code: 'overlaps_session',
      occurrenceKey: '2027-01-05T12:00:00.000Z',
      startsAt: '2027-01-05T12:00:00.000Z',
      other: { seriesId, meetingId: null, title: 'LaNu-konsultaatio (hybridi)', startsAt: '2027-01-05T11:00:00.000Z', endsAt: '2027-01-05T13:00:00.000Z' },
    });
    expect(res.body.warnings[1].occurrenceKey).toBe('2027-01-19T12:00:00.000Z');
    // moved to Wednesdays by an edit: no clash left
    const moved = await as(chair).patch(`/api/session-series/${res.body.id}`, { dtstart: '2027-01-06T14:00', rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=4' }).expect(200);
    expect(moved.body.warnings).toEqual([]);
    // a single session of the team on one of those Wednesdays: the edit that lands on it warns with its meeting
    const single = await post<{ id: string }>(api.http, '/api/meetings', {
      kind: 'team_session', title: 'Ylimääräinen istunto', teamId: f.teamId, startsAt: '2027-01-13T12:30:00Z', endsAt: '2027-01-13T13:30:00Z', mode: 'remote',
    });
    const again = await as(chair).patch(`/api/session-series/${res.body.id}`, { title: 'Nepsy-iltapäivä (ke)' }).expect(200);
    expect(again.body.warnings).toEqual([expect.objectContaining({ occurrenceKey: '2027-01-13T12:00:00.000Z', other: expect.objectContaining({ seriesId: null, meetingId: single.id, title: 'Ylimääräinen istunto' }) })]);
  });

  it("is the team's chairs' and coordinators' to set up and edit; others are refused, and those outside do not see it", async () => {
    const before = JSON.stringify(await api.db.ds.query(`SELECT * FROM session_series ORDER BY id`));
    await as(member).post(`/api/teams/${f.teamId}/session-series`, tuesdays).expect(403);
    // a member's role sets up no sessions at all (the permission table)
    const refused = await as(member).patch(`/api/session-series/${seriesId}`, { title: 'Jäsen muutti' }).expect(403);
    expect(refused.body.details).toMatchObject({ resource: 'session_series', action: 'update' });
    await as(otherChair).post(`/api/teams/${f.teamId}/session-series`, tuesdays).expect(403);
    await as(otherChair).patch(`/api/session-series/${seriesId}`, { title: 'Toinen tiimi muutti' }).expect(404);
    await as(otherChair).get(`/api/session-series/${seriesId}`).expect(404);
    await as(outsider).post(`/api/teams/${f.teamId}/session-series`, tuesdays).expect(403);
    await as(outsider).get(`/api/session-series/${seriesId}`).expect(404);
    // a chair of another team who is a member here reads the series but does not chair this team
    const [{ id: urho }]: Array<{ id: string }> = await api.db.ds.query(`SELECT id FROM person WHERE name = 'Urho Toinen'`);
    await request(api.http).post(`/api/teams/${f.teamId}/members`).send({ personId: urho, role: 'member' }).expect(201);
    await as(otherChair).get(`/api/session-series/${seriesId}`).expect(200);
    const notChair = await as(otherChair).patch(`/api/session-series/${seriesId}`, { title: 'Toinen tiimi muutti' }).expect(403);
    expect(notChair.body.details).toMatchObject({ reason: 'not_chair' });
    expect(JSON.stringify(await api.db.ds.query(`SELECT * FROM session_series ORDER BY id`))).toBe(before);
    // the member reads it; a coordinator outside the team edits it
    await as(member).get(`/api/session-series/${seriesId}`).expect(200);
    const byCoordinator = await as(api.setupAuth).patch(`/api/session-series/${seriesId}`, { roomId: null }).expect(200);
    expect(byCoordinator.body).toMatchObject({ roomId: null, title: 'LaNu-konsultaatio (hybridi)' });
  });
});
