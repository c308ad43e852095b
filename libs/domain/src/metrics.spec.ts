import { computeMetrics, metricsCsv, percentile, type CaseFacts, type GroupMetrics } from './metrics';
import { PROVISIONAL_DEADLINE_RULES, deadlinesFromRules, endOfHelsinkiDay } from './metrics-deadlines';

/**
 * A hand-worked history (issue 13). Times are UTC; Helsinki is UTC+2 in winter, UTC+3 in summer.
 * Deadlines (the provisional rules): first contact within 3 working days of receipt (the day of receipt
 * not counted; Saturdays, Sundays and public holidays are not working days); consultation within 14
 * calendar days of acceptance.
 *
 * Team A (7 cases):
 * - A1 Thu 4.3.2027 10:00 → contact Tue 9.3. 15:00 (Fri 5, Mon 8, Tue 9: due Tue 9.3.) met; 125 h.
 *   Accepted then; consultation Tue 16.3. 15:00 (due 23.3.) met; waited 12 d 5 h. Own worker; client C1;
 *   a school took part; two meetings (m1, m4); 3 in person + 2 remote.
 * - A2 Wed 23.6.2027 09:00 → more information asked Tue 29.6. 10:00: Thu 24 (1), Fri 25 is Midsummer Eve,
 *   Mon 28 (2), Tue 29 (3): due Tue 29.6. — met (counting weekdays only would have said Mon 28, missed);
 *   145 h. Accepted Mon 5.7., consultation Tue 20.7. 15:00: due 19.7., missed; waited 27 d 6 h. Anonymous.
 * - A3 Wed 22.12.2027 14:00 → contact Wed 29.12. 09:00: Thu 23 (1), Fri 24 Christmas Eve, Sat 25, Sun 26,
 *   Mon 27 (2), Tue 28 (3): due Tue 28.12. — missed; 163 h. Consultation Tue 11.1.2028 13:00 (due
 *   12.1.) met; waited 19 d 23 h. Own worker; client C2 with a school.
 * - A4 Fri 5.3.2027 15:00 → contact Thu 11.3. 08:00: Mon 8, Tue 9, Wed 10: due Wed 10.3. — missed; 137 h.
 *   Consultation Tue 30.3. 16:00 (due 25.3.) missed; waited 25 d 0 h. Client C1 again, with Kela.
 * - A5 Mon 27.12.2027 09:00, still open, no contact: due Thu 30.12. — missed by 15.1.2028.
 * - A6 Fri 14.1.2028 10:00, still open: due Wed 19.1. — pending on 15.1.
 * - A7 Mon 6.9.2027 08:00 → contact the same day 13:00 (5 h) met; consultation 14.9. (due 20.9.) met;
 *   waited 8 d 5 h. Own worker (worker-2).
 * Team B (3 cases): under five, every figure withheld.
 */
const ASOF = new Date('2028-01-15T12:00:00Z');

function kase(over: Partial<CaseFacts> & Pick<CaseFacts, 'id' | 'submittedAt'>): CaseFacts {
  return {
    teamId: 'team-a',
    clientGroup: 'neuropsychiatric',
    urgency: 'normal',
    requesterId: 'nurse-1',
    ownWorkerId: null,
    clientId: null,
    firstContactAt: null,
    acceptedAt: null,
    firstConsultationAt: null,
    meetingIds: [],
    organisations: [],
    attendance: { inPerson: 0, remote: 0 },
    ...over,
  };
}
const t = (iso: string) => new Date(iso);

const HISTORY: CaseFacts[] = [
  kase({
    id: 'A1', submittedAt: t('2027-03-04T08:00:00Z'), firstContactAt: t('2027-03-09T13:00:00Z'), acceptedAt: t('2027-03-09T13:00:00Z'),
    firstConsultationAt: t('2027-03-16T13:00:00Z'), ownWorkerId: 'nurse-1', clientId: 'C1', organisations: ['school:Keskustan koulu'],
    meetingIds: ['m1', 'm4'], attendance: { inPerson: 3, remote: 2 },
  }),
  kase({
    id: 'A2', submittedAt: t('2027-06-23T06:00:00Z'), firstContactAt: t('2027-06-29T07:00:00Z'), acceptedAt: t('2027-07-05T07:00:00Z'),
    firstConsultationAt: t('2027-07-20T12:00:00Z'), clientGroup: 'mental_health', meetingIds: ['m2'], attendance: { inPerson: 1, remote: 3 },
  }),
  kase({
    id: 'A3', submittedAt: t('2027-12-22T12:00:00Z'), firstContactAt: t('2027-12-29T07:00:00Z'), acceptedAt: t('2027-12-29T07:00:00Z'),
    firstConsultationAt: t('2028-01-11T11:00:00Z'), ownWorkerId: 'nurse-1', clientId: 'C2', organisations: ['school:Kirkonkylän koulu'],
    meetingIds: ['m3'], attendance: { inPerson: 0, remote: 4 },
  }),
  kase({
    id: 'A4', submittedAt: t('2027-03-05T13:00:00Z'), firstContactAt: t('2027-03-11T06:00:00Z'), acceptedAt: t('2027-03-11T06:00:00Z'),
    firstConsultationAt: t('2027-03-30T13:00:00Z'), clientId: 'C1', organisations: ['kela:Kela'], meetingIds: ['m4'], attendance: { inPerson: 2, remote: 2 },
  }),
  kase({ id: 'A5', submittedAt: t('2027-12-27T07:00:00Z') }),
  kase({ id: 'A6', submittedAt: t('2028-01-14T08:00:00Z') }),
  kase({
    id: 'A7', submittedAt: t('2027-09-06T05:00:00Z'), firstContactAt: t('2027-09-06T10:00:00Z'), acceptedAt: t('2027-09-06T10:00:00Z'),
    firstConsultationAt: t('2027-09-14T10:00:00Z'), ownWorkerId: 'worker-2', meetingIds: ['m5'], attendance: { inPerson: 2, remote: 0 },
  }),
  ...['B1', 'B2', 'B3'].map((id, i) =>
    kase({ id, teamId: 'team-b', requesterId: 'nurse-3', submittedAt: t(`2027-05-0${i + 3}T07:00:00Z`), firstContactAt: t(`2027-05-0${i + 4}T07:00:00Z`), ownWorkerId: 'nurse-3' }),
  ),
];

const rules = PROVISIONAL_DEADLINE_RULES.map((r) => r.code);
const deadlinesOf = deadlinesFromRules(PROVISIONAL_DEADLINE_RULES);
const run = (by: GroupMetrics['by'], feedback = FEEDBACK) => computeMetrics({ cases: HISTORY, by, asOf: ASOF, deadlinesOf, rules, feedback });
const FEEDBACK = [5, 4, 4, 3, 5, 2].map((score) => ({ teamId: 'team-a', score })).concat([{ teamId: 'team-b', score: 5 }, { teamId: 'team-b', score: 5 }]);

describe('statutory deadlines on the working-day calendar (provisional rules)', () => {
  const due = (id: string, rule: string) => deadlinesOf(HISTORY.find((c) => c.id === id)!).find((d) => d.rule === rule)?.dueAt.toISOString();
  it('skips weekends, Midsummer and Christmas, and ends at midnight Helsinki time', () => {
    // end of Tue 9.3.2027 in Helsinki (UTC+2)
    expect(due('A1', 'first_contact_3_working_days')).toBe('2027-03-09T21:59:59.999Z');
    expect(due('A4', 'first_contact_3_working_days')).toBe('2027-03-10T21:59:59.999Z');
    // Midsummer Eve is no working day; summer time (UTC+3)
    expect(due('A2', 'first_contact_3_working_days')).toBe('2027-06-29T20:59:59.999Z');
    // Christmas Eve, Christmas Day and Boxing Day
    expect(due('A3', 'first_contact_3_working_days')).toBe('2027-12-28T21:59:59.999Z');
    expect(due('A5', 'first_contact_3_working_days')).toBe('2027-12-30T21:59:59.999Z');
    // 14 calendar days from acceptance, over the new year
    expect(due('A3', 'consultation_14_days_from_acceptance')).toBe('2028-01-12T21:59:59.999Z');
    // no acceptance, no consultation deadline
    expect(due('A5', 'consultation_14_days_from_acceptance')).toBeUndefined();
    expect(endOfHelsinkiDay('2027-03-28').toISOString()).toBe('2027-03-28T20:59:59.999Z'); // the DST change day
  });
});

describe('metrics from the hand-worked history', () => {
  it('per team: distributions, deadlines, own worker, agencies, visits, attendance and feedback', () => {
    const [a, b] = run('team');
    expect(a.key).toBe('team-a');
    expect(a).toMatchObject({
      suppressed: false,
      cases: 7,
      requests: 7,
      // contacted: 5, 125, 137, 145, 163 h; p90 = 145 + 0.6 × 18
      timeToFirstContactHours: { median: 137, p90: 155.8, n: 5 },
      // waited: 8.2083, 12.2083, 19.9583, 25, 27.25 d; p90 = 25 + 0.6 × 2.25
      waitingTimeDays: { median: 19.96, p90: 26.35, n: 5 },
      deadlines: [
        // met A1 A2 A7; missed A3 A4 A5 (open, passed); pending A6
        { rule: 'first_contact_3_working_days', met: 3, missed: 3, pending: 1, share: 0.5 },
        // met A1 A3 A7; missed A2 (20.7. > 19.7.) and A4
        { rule: 'consultation_14_days_from_acceptance', met: 3, missed: 2, pending: 0, share: 0.6 },
      ],
      ownWorkerShare: 0.4286, // A1 A3 A7
      // C1 (A1 + A4: school and Kela → 3 agencies), C2 (school → 2), four anonymous cases (1 each)
      clients: 6,
      multiAgencyClients: 2,
      multiAgencyShare: 0.3333,
      agenciesPerClient: 1.5,
      meetings: 5, // m1..m5; m4 handled A1's follow-up and A4
      visits: 6,
      attendance: { inPerson: 8, remote: 11, inPersonShare: 0.4211 },
      feedback: { answers: 6, mean: 3.83, distribution: [0, 1, 1, 2, 2] },
    });
    // team B has three cases: nothing about it is shown, not even how many
    expect(b).toMatchObject({
      key: 'team-b', suppressed: true, cases: null, requests: null, ownWorkerShare: null, clients: null, meetings: null, visits: null,
      timeToFirstContactHours: { median: null, p90: null, n: null },
      deadlines: [
        { rule: 'first_contact_3_working_days', met: null, missed: null, pending: null, share: null },
        { rule: 'consultation_14_days_from_acceptance', met: null, missed: null, pending: null, share: null },
      ],
      feedback: { answers: null, mean: null, distribution: null },
    });
  });

  it('per worker (own worker, else requester) and per client group: small groups withheld', () => {
    const byWorker = run('worker');
    expect(byWorker.map((g) => [g.key, g.cases])).toEqual([['nurse-1', 6], ['nurse-3', null], ['worker-2', null]]);
    expect(byWorker.every((g) => g.feedback === null)).toBe(true);
    const byGroup = run('client_group');
    expect(byGroup.map((g) => [g.key, g.cases, g.suppressed])).toEqual([['mental_health', null, true], ['neuropsychiatric', 9, false]]);
  });

  it('county-wide: one group of all cases, with a figure withheld when its own base is under five', () => {
    const [county] = run('county');
    expect(county).toMatchObject({ key: 'county', cases: 10, ownWorkerShare: 0.6, feedback: { answers: 8 } });
    // team B's three contacts (24 h each) count in the county's: 5, 24, 24, 24, 125, 137, 145, 163
    expect(county.timeToFirstContactHours).toEqual({ median: 74.5, p90: 150.4, n: 8 });
    // only four cases recorded attendance: … under five
    const fewAttended = computeMetrics({ cases: HISTORY.map((c) => (c.id === 'A7' ? { ...c, attendance: { inPerson: 0, remote: 0 } } : c)), by: 'county', asOf: ASOF, deadlinesOf, rules });
    expect(fewAttended[0].attendance).toEqual({ inPerson: null, remote: null, inPersonShare: null });
    expect(fewAttended[0].cases).toBe(10);
  });

  it('as of an earlier instant, A5 is still pending and A6 not yet submitted is not a case (the repository filters by period)', () => {
    const early = computeMetrics({ cases: HISTORY.filter((c) => c.id !== 'A6'), by: 'team', asOf: t('2027-12-29T12:00:00Z'), deadlinesOf, rules });
    expect(early[0].deadlines[0]).toEqual({ rule: 'first_contact_3_working_days', met: 3, missed: 2, pending: 1, share: 0.6 });
  });

  it('CSV: one row per group, withheld figures empty, text cells quoted and defused', () => {
    const csv = metricsCsv(run('team'), rules, (g) => (g.key === 'team-a' ? 'LaNu, "Seinäjoki"' : '=cmd()'));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^grouping,key,label,cases,time_to_first_contact_hours_median,/);
    expect(lines[0]).toMatch(/,first_contact_3_working_days_met_share,first_contact_3_working_days_missed,consultation_14_days_from_acceptance_met_share,consultation_14_days_from_acceptance_missed$/);
    expect(lines[1]).toMatch(/^team,team-a,"LaNu, ""Seinäjoki""",7,137,155.8,19.96,26.35,0.4286,6,2,0.3333,1.5,7,5,6,8,11,0.4211,6,3.83,0.5,3,0.6,2$/);
    expect(lines[2]).toBe("team,team-b,'=cmd(),,,,,,,,,,,,,,,,,,,,,,");
  });

  it('percentile interpolates like PostgreSQL percentile_cont', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(91);
  });
});
