import request from 'supertest';
import { TestApi, startTestApi } from '../support/api';

/**
 * Issue 13, part 2: GET /api/metrics/at-risk on a hand-worked history written into the database as the
 * services would have (consultation_request with its status, request_event, a booked agenda item). Team
 * "Juhannus" is read on Wednesday 23.6.2027 at noon (Midsummer Eve is Friday 25.6.), team "Joulu" on
 * Wednesday 23.12.2026 (Christmas Eve, Christmas Day and St Stephen's are Thursday to Saturday). The
 * horizon is 2 working days: Mon 28.6.2027 and Tue 29.12.2026.
 */
describe('GET /api/metrics/at-risk on a hand-worked history', () => {
  let api: TestApi;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi();
    const q = (sql: string, params: unknown[] = []) => api.db.ds.query(sql, params);
    const one = async (sql: string, params: unknown[] = []) => ((await q(sql, params)) as Array<{ id: string }>)[0].id;
    id.nurse = await one(`INSERT INTO person (name, email, profession, organisation, unit) VALUES ('Terhi Terveydenhoitaja', 'nurse@risk.test', 'nurse', 'Hyvinvointialue', 'Neuvola') RETURNING id`);
    id.june = await one(`INSERT INTO team (kind, name, unit) VALUES ('children_youth', 'Juhannus', 'Perhekeskus') RETURNING id`);
    id.dec = await one(`INSERT INTO team (kind, name, unit) VALUES ('adults', 'Joulu', 'Perhekeskus') RETURNING id`);
    id.client = await one(`INSERT INTO client (full_name) VALUES ('Asiakas Piilossa') RETURNING id`);
    id.consent = await one(
      `INSERT INTO consent (client_id, given_by, given_by_name, organisation_types, data_categories, purpose, given_at) VALUES ($1, 'guardian', 'Huoltaja', '{school}', '{request}', 'x', '2026-01-01') RETURNING id`,
      [id.client],
    );
    /** a request in `status`, submitted at `submitted`, accepted at `accepted` (events as the lifecycle writes them) */
    const kase = async (key: string, team: string, status: string, submitted: string, o: { accepted?: string; urgency?: string; client?: boolean; events?: Array<[string, string, string]> } = {}) => {
      const rid = await one(
        `INSERT INTO consultation_request (requester_id, team_id, client_group, urgency, question, preferred_mode, anonymous, client_id, consent_id, status, submitted_at, status_changed_at)
         VALUES ($1, $2, 'mental_health', $3, 'Kysymys', 'remote', $4, $5, $6, $7, $8, $8) RETURNING id`,
        [id.nurse, id[team], o.urgency ?? 'normal', !o.client, o.client ? id.client : null, o.client ? id.consent : null, status, submitted],
      );
      id[key] = rid;
      await q(`INSERT INTO request_event (request_id, action, to_status, at) VALUES ($1, 'submit', 'submitted', $2)`, [rid, submitted]);
      for (const [action, to, at] of o.events ?? []) await q(`INSERT INTO request_event (request_id, action, to_status, at) VALUES ($1, $2, $3, $4)`, [rid, action, to, at]);
      if (o.accepted) await q(`INSERT INTO request_event (request_id, action, to_status, at) VALUES ($1, 'accept', 'accepted', $2)`, [rid, o.accepted]);
    };
    const book = async (key: string, team: string, startsAt: string) => {
      const m = await one(
        `INSERT INTO meeting (kind, title, team_id, starts_at, ends_at, mode) VALUES ('team_session', 'Istunto', $1, $2::timestamptz, $2::timestamptz + interval '2 hours', 'remote') RETURNING id`,
        [id[team], startsAt],
      );
      await q(`INSERT INTO agenda_item (meeting_id, request_id, starts_at, ends_at) VALUES ($1, $2, $3::timestamptz, $3::timestamptz + interval '20 minutes')`, [m, id[key], startsAt]);
    };
    // ── Midsummer 2027 ──
    // Thu 17.6. → Fri 18, Mon 21, Tue 22: overdue since Wednesday began
    await kase('overdue', 'june', 'submitted', '2027-06-17T10:00:00+03:00');
    // Tue 22.6. → Wed 23, Thu 24, (Midsummer Eve, weekend) Mon 28: due soon
    await kase('midsummer', 'june', 'submitted', '2027-06-22T10:00:00+03:00', { urgency: 'urgent' });
    // Wed 23.6. → Thu 24, Mon 28, Tue 29: after the horizon (were Midsummer Eve a working day, Mon 28 and at risk)
    await kase('today', 'june', 'submitted', '2027-06-23T08:00:00+03:00');
    // resubmitted Wed 23.6.: the clock restarts from the latest submission (Tue 29.6.), not from 14.6.
    await kase('resubmitted', 'june', 'submitted', '2027-06-14T10:00:00+03:00', {
      events: [['request_info', 'more_info_needed', '2027-06-15T10:00:00+03:00'], ['resubmit', 'submitted', '2027-06-23T09:00:00+03:00']],
    });
    // accepted Wed 9.6. → 14 calendar days: due today
    await kase('dueToday', 'june', 'accepted', '2027-06-07T10:00:00+03:00', { accepted: '2027-06-09T14:00:00+03:00' });
    // accepted Mon 14.6. → due Mon 28.6.; booked into Tue 29.6.: booked late
    await kase('bookedLate', 'june', 'scheduled', '2027-06-11T10:00:00+03:00', { accepted: '2027-06-14T14:00:00+03:00' });
    await book('bookedLate', 'june', '2027-06-29T13:00:00+03:00');
    // accepted Mon 14.6., booked into Tue 22.6. (before the deadline): not at risk although due within the horizon
    await kase('bookedInTime', 'june', 'scheduled', '2027-06-11T10:00:00+03:00', { accepted: '2027-06-14T14:00:00+03:00' });
    await book('bookedInTime', 'june', '2027-06-22T13:00:00+03:00');
    // waiting for the requester: no clock
    await kase('moreInfo', 'june', 'more_info_needed', '2027-06-01T10:00:00+03:00', { events: [['request_info', 'more_info_needed', '2027-06-02T10:00:00+03:00']] });
    // identified, a client the coordinator may not see: counted, not listed (overdue: Thu 10.6. → Tue 15.6.)
    await kase('hidden', 'june', 'submitted', '2027-06-10T10:00:00+02:00', { client: true });
    // ── Christmas 2026 ──
    // Mon 21.12. → Tue 22, Wed 23, (Christmas Eve, Christmas Day, St Stephen's, Sunday) Mon 28: due soon
    await kase('christmas', 'dec', 'submitted', '2026-12-21T10:00:00+02:00');
    // Wed 23.12. → Mon 28, Tue 29, Wed 30: after the horizon
    await kase('christmasToday', 'dec', 'submitted', '2026-12-23T08:00:00+02:00');
    // accepted Thu 10.12. → due Thu 24.12., Christmas Eve (calendar days)
    await kase('christmasEve', 'dec', 'accepted', '2026-12-08T10:00:00+02:00', { accepted: '2026-12-10T10:00:00+02:00' });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  type Item = { id: string; risk: string; deadline: { kind: string; dueDate: string; daysLeft: number; standing: string; source: string } };

  it('Midsummer: overdue, booked late, due today and due over Midsummer; most overdue first; the rule and the calendar cited', async () => {
    api.clock.set('2027-06-23T12:00:00+03:00');
    const res = await request(api.http).get('/api/metrics/at-risk').query({ teamId: id.june }).expect(200);
    expect(res.body).toMatchObject({ today: '2027-06-23', withinWorkingDays: 2, horizon: '2027-06-28', notShown: 1 });
    const items = res.body.items as Item[];
    const key = (rid: string) => Object.keys(id).find((k) => id[k] === rid);
    expect(items.map((i) => [key(i.id), i.risk, i.deadline.kind, i.deadline.dueDate, i.deadline.daysLeft])).toEqual([
      ['overdue', 'overdue', 'first_contact', '2027-06-22', -1],
      ['dueToday', 'due_soon', 'consultation', '2027-06-23', 0],
      // both due Mon 28.6.: the urgent one first
      ['midsummer', 'due_soon', 'first_contact', '2027-06-28', 5],
      ['bookedLate', 'booked_late', 'consultation', '2027-06-28', 5],
    ]);
    expect(items[0].deadline.standing).toBe('overdue');
    expect(items[0].deadline.source).toContain('1326/2010 § 51(1)');
    expect(res.body.rules.map((r: { kind: string; source: string }) => r.kind)).toEqual(['first_contact', 'consultation']);
    expect(res.body.workingDays).toContain('150/1930');
    expect(JSON.stringify(res.body)).not.toContain('Piilossa');
    // a horizon of one working day (Thursday) drops the Midsummer ones that are not booked
    const one = await request(api.http).get('/api/metrics/at-risk').query({ teamId: id.june, withinWorkingDays: 1 }).expect(200);
    expect(one.body.horizon).toBe('2027-06-24');
    expect((one.body.items as Item[]).map((i) => key(i.id))).toEqual(['overdue', 'dueToday', 'bookedLate']);
  });

  it('Christmas: Wednesday 23.12. sees the Monday after Christmas and Christmas Eve itself', async () => {
    api.clock.set('2026-12-23T12:00:00+02:00');
    const res = await request(api.http).get('/api/metrics/at-risk').query({ teamId: id.dec }).expect(200);
    expect(res.body).toMatchObject({ today: '2026-12-23', horizon: '2026-12-29', notShown: 0 });
    expect((res.body.items as Item[]).map((i) => [i.id, i.risk, i.deadline.dueDate, i.deadline.daysLeft])).toEqual([
      [id.christmasEve, 'due_soon', '2026-12-24', 1],
      [id.christmas, 'due_soon', '2026-12-28', 5],
    ]);
  });

  it('coordinators only; a bad horizon or team is refused naming the field', async () => {
    const nurse = await api.staff('staff');
    await request(api.http).get('/api/metrics/at-risk').set('authorization', nurse.auth).expect(403);
    await request(api.http).get('/api/metrics/at-risk').set('authorization', (await api.staff('admin')).auth).expect(403);
    await request(api.raw).get('/api/metrics/at-risk').expect(401);
    const bad = await request(api.http).get('/api/metrics/at-risk').query({ withinWorkingDays: 99 }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['withinWorkingDays']);
    const team = await request(api.http).get('/api/metrics/at-risk').query({ teamId: 'x' }).expect(400);
    expect(team.body.fields.map((f: { field: string }) => f.field)).toEqual(['teamId']);
  });
});
