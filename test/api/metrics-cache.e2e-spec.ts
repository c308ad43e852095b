import request from 'supertest';
import { Client } from 'pg';
import { MetricsRepository } from '../../apps/api/src/metrics/metrics.repository';
import { TestApi, startTestApi } from '../support/api';

/**
 * Issue 13, benchmarks: the metrics' answers kept per question (apps/api/src/metrics/metrics-cache.ts) are
 * never stale. The same question asked again is answered without the aggregation (so the cases below do
 * test the cache), and the next answer moves as soon as anything it counts changes: an event, a request,
 * a feedback answer, a transaction that commits after the answer was computed, or only the clock (a
 * pending deadline falling due, a case submitted later coming into the period). Groups under five stay
 * withheld on a kept answer.
 */
describe('metrics: a kept answer is never stale', () => {
  let api: TestApi;
  let tallies: jest.SpyInstance;
  const id: Record<string, string> = {};
  const QUESTION = { from: '2027-01-01T00:00:00+02:00', to: '2027-04-01T00:00:00+03:00' };
  const q = (sql: string, params: unknown[] = []) => api.db.ds.query(sql, params);
  const one = async (sql: string, params: unknown[] = []) => ((await q(sql, params)) as Array<{ id: string }>)[0].id;
  const kase = async (team: string, submitted: string): Promise<string> => {
    const rid = await one(
      `INSERT INTO consultation_request (requester_id, team_id, client_group, urgency, question, preferred_mode, anonymous, status, submitted_at, status_changed_at)
       VALUES ($1, $2, 'other', 'normal', 'Kysymys', 'remote', true, 'submitted', $3, $3) RETURNING id`,
      [id.nurse, team, submitted],
    );
    await q(`INSERT INTO request_event (request_id, action, to_status, at) VALUES ($1, 'submit', 'submitted', $2)`, [rid, submitted]);
    return rid;
  };
  type Deadline = { rule: string; met: number; missed: number; pending: number };
  type Group = { cases: number; deadlines: Deadline[]; timeToFirstContactHours: { median: number; n: number | null }; feedback: { answers: number | null } };
  const answer = async (by: 'county' | 'client_group'): Promise<{ asOf: string; groups: Group[] }> =>
    (await request(api.http).get('/api/metrics').query({ ...QUESTION, by }).expect(200)).body;
  const ask = async (by: 'county' | 'client_group') => (await answer(by)).groups[0];
  const county = () => ask('county');
  const firstContact = (g: Group) => g.deadlines.find((d) => d.rule === 'first_contact')!;

  beforeAll(async () => {
    api = await startTestApi();
    tallies = jest.spyOn(api.app.get(MetricsRepository), 'tallies');
    id.nurse = await one(`INSERT INTO person (name, email, profession, organisation) VALUES ('Terhi', 'terhi@cache.test', 'nurse', 'Hyvinvointialue') RETURNING id`);
    id.teamA = await one(`INSERT INTO team (kind, name, unit) VALUES ('children_youth', 'Tiimi A', 'Perhekeskus') RETURNING id`);
    id.teamB = await one(`INSERT INTO team (kind, name, unit) VALUES ('adults', 'Tiimi B', 'Perhekeskus') RETURNING id`);
    // six of team A in January, none answered (first contact missed); one of team B (withheld)
    for (let d = 11; d <= 16; d++) id[`a${d}`] = await kase(id.teamA, `2027-01-${d}T08:00:00Z`);
    await kase(id.teamB, '2027-01-12T08:00:00Z');
    // Monday 1 March: its first contact is due three working days later, pending when asked at noon
    id.pending = await kase(id.teamA, '2027-03-01T08:00:00Z');
    // 20 March: in the period, after the first instants of asking
    await kase(id.teamA, '2027-03-20T08:00:00Z');
    api.clock.set('2027-03-01T12:00:00Z');
  }, 60_000);
  afterAll(async () => {
    tallies?.mockRestore();
    await api?.close();
  });

  it('the same question again: answered from what was kept, groups under five still withheld', async () => {
    const before = tallies.mock.calls.length;
    const first = await request(api.http).get('/api/metrics').query({ ...QUESTION, by: 'team' }).expect(200);
    const again = await request(api.http).get('/api/metrics').query({ ...QUESTION, by: 'team' }).expect(200);
    expect(tallies.mock.calls.length).toBe(before + 1);
    expect(again.body).toEqual(first.body);
    const b = again.body.groups.find((g: { key: string }) => g.key === id.teamB);
    expect(b).toMatchObject({ label: 'Tiimi B', suppressed: true, cases: null });
    expect(again.body.groups.find((g: { key: string }) => g.key === id.teamA)).toMatchObject({ label: 'Tiimi A', suppressed: false, cases: 7 });
  });

  it('a new event changes the next answer', async () => {
    const before = await county();
    expect(await county()).toEqual(before);
    expect(firstContact(before)).toMatchObject({ met: 0, missed: 7, pending: 1 });
    expect(before.timeToFirstContactHours.n).toBeNull();
    // answered for five: the first-contact times can be shown
    for (const d of [11, 12, 13, 14, 15]) await q(`INSERT INTO request_event (request_id, action, to_status, at) VALUES ($1, 'accept', 'accepted', $2)`, [id[`a${d}`], `2027-01-${d}T14:00:00Z`]);
    const after = await county();
    expect(firstContact(after)).toMatchObject({ met: 5, missed: 2, pending: 1 });
    expect(after.timeToFirstContactHours).toMatchObject({ median: 6, n: 5 });
  });

  it('a change committed after the answer was computed is in the next one (the counter moves at commit)', async () => {
    const runner = api.db.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`INSERT INTO request_event (request_id, action, to_status, at) VALUES ($1, 'accept', 'accepted', '2027-01-16T14:00:00Z')`, [id.a16]);
      // a question not asked before, computed while the transaction is open: without it, and kept
      const before = tallies.mock.calls.length;
      const during = await ask('client_group');
      expect(firstContact(during)).toMatchObject({ met: 5, missed: 2 });
      expect(await ask('client_group')).toEqual(during);
      expect(tallies.mock.calls.length).toBe(before + 1);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(firstContact(await ask('client_group'))).toMatchObject({ met: 6, missed: 1 });
  });

  it('a new request and a new feedback answer change the next answer', async () => {
    const before = await county();
    await kase(id.teamA, '2027-02-01T08:00:00Z');
    const after = await county();
    expect(after.cases).toBe(before.cases + 1);
    for (const score of [5, 4, 4, 3, 5]) await q(`INSERT INTO feedback_answer (team_id, month, locale, score) VALUES ($1, '2027-02-01', 'fi', $2)`, [id.teamA, score]);
    expect((await county()).feedback).toMatchObject({ answers: 5, mean: 4.2 });
  });

  it('with nothing written, the answer moves when a pending deadline falls due and when a later case comes into the period', async () => {
    const noon = await county();
    expect(firstContact(noon)).toMatchObject({ pending: 1 });
    api.clock.set('2027-03-10T12:00:00Z');
    const later = await answer('county');
    expect(later.asOf).toBe('2027-03-10T12:00:00.000Z');
    expect(firstContact(later.groups[0])).toMatchObject({ missed: firstContact(noon).missed + 1, pending: 0 });
    expect(later.groups[0].cases).toBe(noon.cases);
    api.clock.set('2027-03-20T09:00:00Z');
    expect((await county()).cases).toBe(noon.cases + 1);
  });

  it('the API may read the change counter, not move it', async () => {
    const c = new Client({ connectionString: api.db.appUrl });
    await c.connect();
    try {
      const [{ n }] = (await c.query(`SELECT n FROM metrics_version`)).rows;
      expect(Number(n)).toBeGreaterThan(0);
      await expect(c.query(`UPDATE metrics_version SET n = 0`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await c.end();
    }
  });
});
