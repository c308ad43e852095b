import { MetricsRepository } from '../../apps/api/src/metrics/metrics.repository';
import { MetricsService } from '../../apps/api/src/metrics/metrics.service';
import { DEADLINE_RULES } from '../../apps/api/src/requests/inbox.service';
import { dueTable } from '@kohtaamo/domain/metrics-deadlines';
import { TestApi, startTestApi } from '../support/api';

/**
 * Issue 13, benchmarks: the metrics' fast path (PostgreSQL tallies each group: MetricsRepository.tallies)
 * and the plain computation (every case's facts tallied by libs/domain computeMetrics) give the same answer,
 * figure for figure, on a seeded random history of 360 requests over two years and three teams — shared
 * and anonymous clients, resubmissions, outside organisations, corrected attendance, events dated with
 * microseconds, submissions on weekends and holidays, clocks still running at asOf — for every grouping,
 * the county or one team, and several periods and instants of asking.
 */
describe('metrics: the fast path and the plain computation agree', () => {
  let api: TestApi;
  let service: MetricsService;
  let repo: MetricsRepository;
  const teams: string[] = [];

  // a small deterministic PRNG (mulberry32): the same history on every run
  let seed = 20261201;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  // an instant with microseconds, as now() writes them (the plain path sees whole milliseconds)
  const at = (ms: number) => new Date(ms).toISOString().replace('Z', `${String(Math.floor(rand() * 1000)).padStart(3, '0')}Z`);

  beforeAll(async () => {
    api = await startTestApi();
    service = api.app.get(MetricsService);
    repo = api.app.get(MetricsRepository);
    const q = (sql: string, params: unknown[] = []) => api.db.ds.query(sql, params);
    const one = async (sql: string, params: unknown[] = []) => ((await q(sql, params)) as Array<{ id: string }>)[0].id;
    const staff: string[] = [];
    for (let i = 0; i < 8; i++) staff.push(await one(`INSERT INTO person (name, email, profession, organisation) VALUES ($1, $2, 'nurse', 'Hyvinvointialue') RETURNING id`, [`Työntekijä ${i}`, `w${i}@fast.test`]));
    for (let i = 0; i < 3; i++) teams.push(await one(`INSERT INTO team (kind, name, unit) VALUES ('children_youth', $1, 'Perhekeskus') RETURNING id`, [`Tiimi ${i}`]));
    const clients: Array<{ id: string; consent: string }> = [];
    for (let i = 0; i < 40; i++) {
      const id = await one(`INSERT INTO client (full_name) VALUES ($1) RETURNING id`, [`Asiakas ${i}`]);
      const consent = await one(
        `INSERT INTO consent (client_id, given_by, given_by_name, organisation_types, data_categories, purpose, given_at) VALUES ($1, 'guardian', 'Huoltaja', '{school,kela}', '{request,minutes}', 'x', '2025-01-01') RETURNING id`,
        [id],
      );
      clients.push({ id, consent });
    }
    const meetings: string[] = [];
    for (let i = 0; i < 60; i++) meetings.push((await q(`SELECT gen_random_uuid() AS id`))[0].id);
    const orgs = [['school', 'Keskustan koulu'], ['school', 'Kirkonkylän koulu'], ['kela', 'Kela'], ['ngo', 'Järjestö']];
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 360; i++) {
      // submissions over two years (2026–2027), at any hour: weekends, Midsummer and Christmas included
      // … and the last twenty in the year's last ten days, half of them not answered yet: clocks still running
      const recent = i >= 340;
      const submitted = recent ? Date.UTC(2027, 11, 22) + Math.floor(rand() * 10 * DAY) : start + Math.floor(rand() * 730 * DAY);
      const client = rand() < 0.7 ? pick(clients) : null;
      const own = rand() < 0.5 ? pick(staff) : null;
      const rid = await one(
        `INSERT INTO consultation_request (requester_id, own_worker_id, team_id, client_group, urgency, question, preferred_mode, anonymous, client_id, consent_id, status, submitted_at, status_changed_at)
         VALUES ($1, $2, $3, $4, $5, 'Kysymys', 'remote', $6, $7, $8, 'submitted', $9, $9) RETURNING id`,
        [pick(staff), own, pick(teams), pick(['neuropsychiatric', 'mental_health', 'other']), pick(['urgent', 'normal']), !client, client?.id ?? null, client?.consent ?? null, at(submitted)],
      );
      const events: Array<[string, string | null, number, string | null, object | null]> = [['submit', 'submitted', submitted, null, null]];
      let t = submitted;
      const triage = rand();
      if (triage < (recent ? 0.5 : 0.15)) {
        // not answered yet (or answered after the period's asOf)
      } else if (triage < 0.22) {
        events.push(['decline', 'declined', (t += rand() * 150 * HOUR), null, null]);
      } else {
        if (triage < 0.35) {
          events.push(['request_info', 'more_info_needed', (t += rand() * 120 * HOUR), null, null]);
          events.push(['resubmit', 'submitted', (t += rand() * 6 * DAY), null, null]);
        }
        events.push(['accept', 'accepted', (t += rand() * 130 * HOUR), null, null]);
        if (rand() < 0.85) {
          const n = 1 + Math.floor(rand() * 3);
          let m = t;
          for (let k = 0; k < n; k++) {
            const meeting = pick(meetings);
            m += (1 + rand() * 25) * DAY;
            if (rand() < 0.4) {
              const [type, name] = pick(orgs);
              events.push(['organisation_involved', null, m - DAY, meeting, { organisationType: type, organisationName: name }]);
            }
            if (k === 0) events.push(['mark_handled', 'handled', m + HOUR, meeting, { startsAt: new Date(m).toISOString() }]);
            const attendance = () => ({ startsAt: new Date(m).toISOString(), inPerson: Math.floor(rand() * 4), remote: Math.floor(rand() * 3), absent: 0 });
            events.push(['attended', null, m + DAY, meeting, attendance()]);
            // a correction of the minutes: the latest attendance counts
            if (rand() < 0.15) events.push(['attended', null, m + 2 * DAY, meeting, attendance()]);
          }
        }
      }
      for (const [action, to, when, meeting, detail] of events) {
        await q(`INSERT INTO request_event (request_id, action, to_status, at, meeting_id, detail) VALUES ($1, $2, $3, $4, $5, $6)`, [rid, action, to, at(when), meeting, detail ? JSON.stringify(detail) : null]);
      }
    }
    for (let i = 0; i < 300; i++) {
      const month = `202${6 + Math.floor(rand() * 2)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-01`;
      await q(`INSERT INTO feedback_answer (team_id, month, locale, score) VALUES ($1, $2, 'fi', $3)`, [pick(teams), month, 1 + Math.floor(rand() * 5)]);
    }
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  const PERIODS = [
    { from: '2026-01-01T00:00:00+02:00', to: '2027-01-01T00:00:00+02:00' },
    { from: '2027-03-15T13:37:00+02:00', to: '2028-01-01T00:00:00+02:00' },
    { from: '2027-06-01T00:00:00+03:00', to: '2027-07-01T00:00:00+03:00' },
  ];
  const ASKED = ['2028-03-01T09:00:00Z', '2028-01-02T12:00:00Z'];
  const BYS = ['team', 'client_group', 'worker', 'county'] as const;

  it('every grouping, the county and one team, several periods and instants: the same answer', async () => {
    let compared = 0;
    let shownMedians = 0;
    let pending = 0;
    let multiAgency = 0;
    for (const now of ASKED) {
      api.clock.set(now);
      for (const period of PERIODS) {
        for (const by of BYS) {
          for (const teamId of [undefined, teams[0]]) {
            const query = { ...period, by, teamId };
            // the fast path is really taken (no case outside its deadline days)
            const asOf = new Date(now);
            const due = dueTable(DEADLINE_RULES, new Date(Date.parse(period.from) - 7 * 86_400_000), new Date(Math.max(Date.parse(period.to), asOf.getTime()) + 7 * 86_400_000));
            expect(await repo.tallies({ from: new Date(period.from), to: new Date(period.to), asOf, teamId: teamId ?? null, by, due })).not.toBeNull();
            const fast = await service.metrics(query, 'fast');
            const plain = await service.metrics(query, 'plain');
            expect(fast).toEqual(plain);
            compared++;
            for (const g of fast.groups) {
              if (g.timeToFirstContactHours.median !== null) shownMedians++;
              pending += g.deadlines.reduce((a, d) => a + (d.pending ?? 0), 0);
              multiAgency += g.multiAgencyClients ?? 0;
            }
          }
        }
      }
    }
    expect(compared).toBe(ASKED.length * PERIODS.length * BYS.length * 2);
    // the comparison covers shown figures, not only withheld ones
    expect(shownMedians).toBeGreaterThan(20);
    expect(pending).toBeGreaterThan(0);
    expect(multiAgency).toBeGreaterThan(0);
  });

  it('a case whose clock started outside the prepared days falls back to the plain path, with the same answer', async () => {
    // asked "before" an acceptance was recorded (a clock set back): its day is past the fast path's table
    const [{ id: rid }] = await api.db.ds.query(
      `INSERT INTO consultation_request (requester_id, team_id, client_group, urgency, question, preferred_mode, anonymous, status, submitted_at, status_changed_at)
       SELECT requester_id, team_id, 'other', 'normal', 'Kysymys', 'remote', true, 'submitted', '2026-01-20T10:00:00Z', '2026-01-20T10:00:00Z' FROM consultation_request LIMIT 1 RETURNING id`,
    );
    await api.db.ds.query(`INSERT INTO request_event (request_id, action, to_status, at) VALUES ($1, 'submit', 'submitted', '2026-01-20T10:00:00Z'), ($1, 'accept', 'accepted', '2026-03-15T10:00:00Z')`, [rid]);
    api.clock.set('2026-02-01T12:00:00Z');
    const query = { from: '2026-01-01T00:00:00+02:00', to: '2026-02-01T00:00:00+02:00', by: 'team' as const };
    const asOf = new Date('2026-02-01T12:00:00Z');
    const due = dueTable(DEADLINE_RULES, new Date('2025-12-25T00:00:00Z'), new Date('2026-02-08T12:00:00Z'));
    expect(await repo.tallies({ from: new Date(query.from), to: new Date(query.to), asOf, teamId: null, by: 'team', due })).toBeNull();
    expect(await service.metrics(query, 'fast')).toEqual(await service.metrics(query, 'plain'));
  });
});
