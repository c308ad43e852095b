import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';

/**
 * Issue 13, part 3, through HTTP and SQL: the hand-worked history of libs/domain/src/metrics.spec.ts
 * written into request_event as the events would have been (the triggers add the own-worker events),
 * read back by GET /api/metrics — the same figures as the pure unit test, so the SQL builds the same
 * facts. Team B has three cases: withheld.
 */
describe('GET /api/metrics on a seeded event history', () => {
  let api: TestApi;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi();
    api.clock.set('2028-01-15T12:00:00Z');
    const q = (sql: string, params: unknown[] = []) => api.db.ds.query(sql, params);
    const one = async (sql: string, params: unknown[] = []) => ((await q(sql, params)) as Array<{ id: string }>)[0].id;
    for (const [k, name] of [['nurse1', 'Terhi Terveydenhoitaja'], ['worker2', 'Pia Psykologi'], ['nurse3', 'Sanna Sairaanhoitaja']]) {
      id[k] = await one(`INSERT INTO person (name, email, profession, organisation) VALUES ($1, $2, 'nurse', 'Hyvinvointialue') RETURNING id`, [name, `${k}@metrics.test`]);
    }
    id.teamA = await one(`INSERT INTO team (kind, name, unit) VALUES ('children_youth', 'LaNu Seinäjoki', 'Perhekeskus') RETURNING id`);
    id.teamB = await one(`INSERT INTO team (kind, name, unit) VALUES ('adults', 'Aikuiset', 'Perhekeskus') RETURNING id`);
    for (const c of ['C1', 'C2']) {
      id[c] = await one(`INSERT INTO client (full_name) VALUES ($1) RETURNING id`, [`Asiakas ${c}`]);
      id[`K${c}`] = await one(
        `INSERT INTO consent (client_id, given_by, given_by_name, organisation_types, data_categories, purpose, given_at) VALUES ($1, 'guardian', 'Huoltaja', '{school,kela}', '{request,minutes}', 'x', '2027-01-01') RETURNING id`,
        [id[c]],
      );
    }
    const meetings: Record<string, string> = {};
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5']) meetings[m] = (await q(`SELECT gen_random_uuid() AS id`))[0].id;
    type Ev = [action: string, to: string | null, at: string, meeting?: string, detail?: object];
    const kase = async (key: string, team: string, submitted: string, o: { own?: string; client?: string; requester?: string; group?: string }, events: Ev[]) => {
      const rid = await one(
        `INSERT INTO consultation_request (requester_id, own_worker_id, team_id, client_group, urgency, question, preferred_mode, anonymous, client_id, consent_id, status, submitted_at, status_changed_at)
         VALUES ($1, $2, $3, $4, 'normal', 'Kysymys', 'remote', $5, $6, $7, 'submitted', $8, $8) RETURNING id`,
        [id[o.requester ?? 'nurse1'], o.own ? id[o.own] : null, id[team], o.group ?? 'neuropsychiatric', !o.client, o.client ? id[o.client] : null, o.client ? id[`K${o.client}`] : null, submitted],
      );
      id[key] = rid;
      await q(`INSERT INTO request_event (request_id, action, to_status, at) VALUES ($1, 'submit', 'submitted', $2)`, [rid, submitted]);
      for (const [action, to, at, meeting, detail] of events) {
        await q(`INSERT INTO request_event (request_id, action, to_status, at, meeting_id, detail) VALUES ($1, $2, $3, $4, $5, $6)`, [rid, action, to, at, meeting ? meetings[meeting] : null, detail ? JSON.stringify(detail) : null]);
      }
    };
    const held = (at: string, m: string): Ev => ['mark_handled', 'handled', at, m, { startsAt: at }];
    const attended = (at: string, m: string, inPerson: number, remote: number): Ev => ['attended', null, at, m, { startsAt: at, inPerson, remote, absent: 0 }];
    const org = (at: string, m: string, type: string, name: string): Ev => ['organisation_involved', null, at, m, { organisationType: type, organisationName: name }];
    await kase('A1', 'teamA', '2027-03-04T08:00:00Z', { own: 'nurse1', client: 'C1' }, [
      ['accept', 'accepted', '2027-03-09T13:00:00Z'], org('2027-03-10T08:00:00Z', 'm1', 'school', 'Keskustan koulu'),
      held('2027-03-16T13:00:00Z', 'm1'), attended('2027-03-16T13:00:00Z', 'm1', 2, 1),
      // a correction of m1's minutes: the latest attendance counts
      attended('2027-03-16T13:00:00Z', 'm1', 2, 2), attended('2027-03-30T13:00:00Z', 'm4', 1, 0),
    ]);
    await kase('A2', 'teamA', '2027-06-23T06:00:00Z', { group: 'mental_health' }, [
      ['request_info', 'more_info_needed', '2027-06-29T07:00:00Z'], ['resubmit', 'submitted', '2027-07-01T07:00:00Z'], ['accept', 'accepted', '2027-07-05T07:00:00Z'],
      held('2027-07-20T12:00:00Z', 'm2'), attended('2027-07-20T12:00:00Z', 'm2', 1, 3),
    ]);
    await kase('A3', 'teamA', '2027-12-22T12:00:00Z', { own: 'nurse1', client: 'C2' }, [
      ['accept', 'accepted', '2027-12-29T07:00:00Z'], org('2028-01-05T08:00:00Z', 'm3', 'school', 'Kirkonkylän koulu'),
      held('2028-01-11T11:00:00Z', 'm3'), attended('2028-01-11T11:00:00Z', 'm3', 0, 4),
    ]);
    await kase('A4', 'teamA', '2027-03-05T13:00:00Z', { client: 'C1' }, [
      ['accept', 'accepted', '2027-03-11T06:00:00Z'], org('2027-03-20T08:00:00Z', 'm4', 'kela', 'Kela'),
      held('2027-03-30T13:00:00Z', 'm4'), attended('2027-03-30T13:00:00Z', 'm4', 2, 2),
    ]);
    await kase('A5', 'teamA', '2027-12-27T07:00:00Z', {}, []);
    await kase('A6', 'teamA', '2028-01-14T08:00:00Z', {}, []);
    await kase('A7', 'teamA', '2027-09-06T05:00:00Z', { own: 'worker2' }, [
      ['accept', 'accepted', '2027-09-06T10:00:00Z'], held('2027-09-14T10:00:00Z', 'm5'), attended('2027-09-14T10:00:00Z', 'm5', 2, 0),
      // after asOf: not counted
      ['close', 'closed', '2028-02-01T10:00:00Z'],
    ]);
    for (const [i, key] of ['B1', 'B2', 'B3'].entries()) {
      await kase(key, 'teamB', `2027-05-0${i + 3}T07:00:00Z`, { own: 'nurse3', requester: 'nurse3' }, [['accept', 'accepted', `2027-05-0${i + 4}T07:00:00Z`]]);
    }
    // a case of another year is not in the period
    await kase('old', 'teamA', '2026-06-01T07:00:00Z', {}, [['accept', 'accepted', '2026-06-02T07:00:00Z']]);
    for (const score of [5, 4, 4, 3, 5, 2]) await q(`INSERT INTO feedback_answer (team_id, month, locale, score) VALUES ($1, '2027-06-01', 'fi', $2)`, [id.teamA, score]);
    for (const score of [5, 5]) await q(`INSERT INTO feedback_answer (team_id, month, locale, score) VALUES ($1, '2027-06-01', 'sv', $2)`, [id.teamB, score]);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  const PERIOD = { from: '2027-01-01T00:00:00+02:00', to: '2028-02-01T00:00:00+02:00' };

  it('per team: the hand-worked figures; a team under five cases shows none', async () => {
    const res = await request(api.http).get('/api/metrics').query({ ...PERIOD, by: 'team' }).expect(200);
    expect(res.body).toMatchObject({ by: 'team', minGroup: 5, asOf: '2028-01-15T12:00:00.000Z', rules: ['first_contact_3_working_days', 'consultation_14_days_from_acceptance'] });
    const a = res.body.groups.find((g: { key: string }) => g.key === id.teamA);
    expect(a).toMatchObject({
      label: 'LaNu Seinäjoki',
      suppressed: false,
      cases: 7,
      timeToFirstContactHours: { median: 137, p90: 155.8, n: 5 },
      waitingTimeDays: { median: 19.96, p90: 26.35, n: 5 },
      deadlines: [
        { rule: 'first_contact_3_working_days', met: 3, missed: 3, pending: 1, share: 0.5 },
        { rule: 'consultation_14_days_from_acceptance', met: 3, missed: 2, pending: 0, share: 0.6 },
      ],
      ownWorkerShare: 0.4286,
      clients: 6,
      multiAgencyClients: 2,
      agenciesPerClient: 1.5,
      meetings: 5,
      visits: 6,
      attendance: { inPerson: 8, remote: 11, inPersonShare: 0.4211 },
      feedback: { answers: 6, mean: 3.83, distribution: [0, 1, 1, 2, 2] },
    });
    const b = res.body.groups.find((g: { key: string }) => g.key === id.teamB);
    expect(b).toMatchObject({ label: 'Aikuiset', suppressed: true, cases: null, visits: null, feedback: { answers: null, mean: null } });
  });

  it('per worker, with names; the county; one team only', async () => {
    const byWorker = await request(api.http).get('/api/metrics').query({ ...PERIOD, by: 'worker' }).expect(200);
    expect(byWorker.body.groups.map((g: { label: string; cases: number | null }) => [g.label, g.cases]).sort()).toEqual([
      ['Pia Psykologi', null],
      ['Sanna Sairaanhoitaja', null],
      ['Terhi Terveydenhoitaja', 6],
    ]);
    const county = await request(api.http).get('/api/metrics').query({ ...PERIOD, by: 'county' }).expect(200);
    expect(county.body.groups).toHaveLength(1);
    expect(county.body.groups[0]).toMatchObject({ key: 'county', cases: 10, feedback: { answers: 8 } });
    const onlyB = await request(api.http).get('/api/metrics').query({ ...PERIOD, by: 'county', teamId: id.teamB }).expect(200);
    expect(onlyB.body.groups[0]).toMatchObject({ suppressed: true, cases: null });
  });

  it('CSV export', async () => {
    const res = await request(api.http).get('/api/metrics/csv').query({ ...PERIOD, by: 'team' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines).toContain(`team,${id.teamA},LaNu Seinäjoki,7,137,155.8,19.96,26.35,0.4286,6,2,0.3333,1.5,7,5,6,8,11,0.4211,6,3.83,0.5,3,0.6,2`);
    expect(lines).toContain(`team,${id.teamB},Aikuiset,,,,,,,,,,,,,,,,,,,,,,`);
  });

  it('coordinators only; bad periods are refused naming the field', async () => {
    const nurse = await api.staff('staff');
    const admin = await api.staff('admin');
    await request(api.http).get('/api/metrics').set('authorization', nurse.auth).expect(403);
    await request(api.http).get('/api/metrics/csv').set('authorization', admin.auth).expect(403);
    await request(api.raw).get('/api/metrics').expect(401);
    const bad = await request(api.http).get('/api/metrics').query({ from: '2028-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['from']);
    const by = await request(api.http).get('/api/metrics').query({ by: 'family' }).expect(400);
    expect(by.body.fields.map((f: { field: string }) => f.field)).toEqual(['by']);
  });
});
