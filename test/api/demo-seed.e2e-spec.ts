import request from 'supertest';
import { seedDemo } from '../../apps/api/src/seed/demo-seed';
import { TestApi, startTestApi } from '../support/api';

/** the requests the demo's coordinator may list (anonymous ones and the clients of her teams' consents) */
const REQUESTS_SEEN = 60;

describe('demo county', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('loads through the services and is visible through the API', async () => {
    const summary = await seedDemo(api.app, new Date('2026-11-28T10:00:00Z'));
    api.clock.set('2026-11-28T12:00:00Z');
    expect(summary).toEqual({ persons: 17, teams: 3, requests: 60, meetings: 40 });
    const teams = await request(api.http).get('/api/teams').expect(200);
    expect(teams.body.items.map((t: { kind: string }) => t.kind).sort()).toEqual(['adults', 'children_youth', 'neuropsychiatric']);
    for (const t of teams.body.items) {
      const detail = await request(api.http).get(`/api/teams/${t.id}`).expect(200);
      expect(detail.body.responsiblePairs).toHaveLength(1);
      expect(detail.body.members.length).toBeGreaterThanOrEqual(4);
    }
    // lists hold only what the caller may read: the test operator has no relation to the demo county's cases,
    // its coordinator (a member of every team) sees them all
    expect((await request(api.http).get('/api/requests').expect(200)).body).toMatchObject({ items: [], total: 0 });
    expect((await request(api.http).get('/api/meetings').query({ kind: 'network_meeting' }).expect(200)).body).toMatchObject({ items: [], total: 0 });
    const auth = async (email: string) => {
      const [{ id }]: Array<{ id: string }> = await api.db.ds.query(`SELECT id FROM person WHERE email = $1`, [email]);
      return `Bearer ${await api.tokenFor(id)}`;
    };
    const coordinator = await auth('sirpa.peltola@hyvaep.fi');
    const requests = await request(api.http).get('/api/requests').set('authorization', coordinator).query({ limit: 200 }).expect(200);
    // today's queue (15) and the finished history (45), less identified clients she has no relation with
    expect(requests.body.total).toBe(REQUESTS_SEEN);
    const statuses = new Set(requests.body.items.map((r: { status: string }) => r.status));
    expect([...statuses].sort()).toEqual(['accepted', 'closed', 'declined', 'handled', 'minutes_finalised', 'more_info_needed', 'scheduled', 'submitted']);
    const anonymous = requests.body.items.filter((r: { anonymous: boolean }) => r.anonymous);
    expect(anonymous.length).toBeGreaterThan(0);
    expect(anonymous.every((r: { clientId: string | null }) => r.clientId === null)).toBe(true);

    // a history over months, each step at its own time — not one instant
    const [history]: Array<{ instants: number; first: Date }> = await api.db.ds.query(`SELECT count(DISTINCT at)::int AS instants, min(at) AS first FROM request_event`);
    expect(history.instants).toBeGreaterThan(25);
    expect(new Date(history.first).getTime()).toBeLessThan(new Date('2026-08-01T00:00:00Z').getTime());
    // …whose meetings took place: none before the load is still "scheduled"
    expect(await api.db.ds.query(`SELECT count(*)::int AS n FROM meeting WHERE status = 'scheduled' AND ends_at <= '2026-11-28T10:00:00Z'`)).toEqual([{ n: 0 }]);
    expect((await api.db.ds.query(`SELECT count(*)::int AS n FROM meeting WHERE status = 'held'`))[0].n).toBeGreaterThan(10);
    // …told to nobody: the seed mails no one about last summer's decisions
    expect(await api.db.ds.query(`SELECT DISTINCT status FROM notification_delivery WHERE kind = 'triage'`)).toEqual([{ status: 'superseded' }]);

    // every team has a series with 20-minute slots, and sessions in the coming two weeks
    for (const t of teams.body.items) {
      const series = await request(api.http).get(`/api/teams/${t.id}/session-series`).set('authorization', coordinator).expect(200);
      expect(series.body).toEqual([expect.objectContaining({ slotMinutes: 20, durationMinutes: 120 })]);
      const coming = await request(api.http).get(`/api/session-series/${series.body[0].id}/occurrences`).set('authorization', coordinator)
        .query({ from: '2026-11-28T12:00:00Z', to: '2026-12-12T12:00:00Z' }).expect(200);
      expect(coming.body.length).toBeGreaterThanOrEqual(1);
      expect(coming.body[0].slots).toHaveLength(6);
    }

    // a demo nurse has requests in several states, and sees them on Home
    const terhi = await auth('terhi.makela@hyvaep.fi');
    const mine = await request(api.http).get('/api/me/requests').set('authorization', terhi).query({ limit: 50 }).expect(200);
    expect(new Set(mine.body.items.map((r: { status: string }) => r.status))).toEqual(new Set(['submitted', 'more_info_needed', 'scheduled', 'handled']));
    const home = await request(api.http).get('/api/me/home').set('authorization', terhi).expect(200);
    expect(home.body.requests.waitingForYou).toBe(1);
    expect(home.body.meetings.length).toBeGreaterThanOrEqual(1);

    // the LaNu inbox: one request overdue for its first contact, one accepted waiting for a slot
    const lauri = await auth('lauri.rintala@hyvaep.fi');
    const lanu = teams.body.items.find((t: { kind: string }) => t.kind === 'children_youth');
    const inbox = await request(api.http).get(`/api/teams/${lanu.id}/inbox`).set('authorization', lauri).expect(200);
    expect(inbox.body.items.some((i: { deadline: { standing: string } | null }) => i.deadline?.standing === 'overdue')).toBe(true);
    const waiting = inbox.body.items.find((i: { status: string }) => i.status === 'accepted');
    // the README's booking path: the chair books it into the first free slot of the team's next session
    const booked = await request(api.http).post(`/api/requests/${waiting.id}/book`).set('authorization', lauri).send({}).expect(201);
    expect(booked.body.meeting).toMatchObject({ title: 'LaNu: konsultaatio', startsAt: '2026-12-01T11:00:00.000Z' });
    expect(booked.body.slotIndex).toBe(1);

    // the coordinator's metrics (issue 13): every team, several client groups and workers have five cases or more
    const metrics = async (by: string) =>
      (await request(api.http).get('/api/metrics').set('authorization', coordinator).query({ by }).expect(200)).body.groups as Array<{
        key: string; suppressed: boolean; cases: number | null; attendance: { inPerson: number | null; remote: number | null }; feedback: { answers: number | null } | null;
        multiAgencyClients: number | null; waitingTimeDays: { median: number | null }; deadlines: Array<{ rule: string; met: number | null; missed: number | null }>;
      }>;
    const byTeam = await metrics('team');
    expect(byTeam.map((g) => g.suppressed)).toEqual([false, false, false]);
    for (const g of byTeam) {
      expect(g.cases).toBeGreaterThanOrEqual(10);
      expect(g.attendance.inPerson! + g.attendance.remote!).toBeGreaterThan(0);
      expect(g.feedback?.answers).toBeGreaterThanOrEqual(5);
      expect(g.waitingTimeDays.median).toBeGreaterThan(0);
      expect(g.deadlines.find((d) => d.rule === 'first_contact')?.missed).toBeGreaterThan(0);
    }
    const groups = await metrics('client_group');
    expect(groups.filter((g) => !g.suppressed).length).toBeGreaterThanOrEqual(3);
    // and some are under five: withheld
    expect(groups.some((g) => g.suppressed && g.cases === null)).toBe(true);
    const workers = await metrics('worker');
    expect(workers.filter((g) => !g.suppressed).length).toBeGreaterThanOrEqual(3);
    const county = (await metrics('county'))[0];
    expect(county.multiAgencyClients).toBeGreaterThanOrEqual(5);
    // the at-risk list: LaNu's request overdue for its first contact
    const risk = await request(api.http).get('/api/metrics/at-risk').set('authorization', coordinator).expect(200);
    expect(risk.body.items.some((i: { risk: string; teamId: string }) => i.risk === 'overdue' && i.teamId === lanu.id)).toBe(true);
  });
});
