import type { ClientGroup, Urgency } from './request';

/**
 * The seed's metrics (docs/domain.md: time to first contact, waiting time, statutory service times met, own
 * worker named, multi-agency clients and agencies per client, client counts and visits, attendance,
 * feedback, cases per worker), aggregated from each request's history (request_event). Pure: the
 * repository reads the facts, the statutory deadlines come in through {@link DeadlinesOf}, and nothing
 * here reads the clock.
 *
 * Definitions (units in the names):
 * - a **case** is a request submitted in the period; the figures follow it whenever its events happened
 *   (up to `asOf`);
 * - **first contact**: the first triage decision — accepted, more information asked, or declined
 *   (the team's first message back); `timeToFirstContactHours` from submission, over contacted cases;
 * - **waiting time**: submission → start of the first consultation held about the case (the meeting its
 *   `mark_handled` names, or the earliest meeting whose minutes recorded attendance), in days, over
 *   cases that have had one;
 * - **deadlines**: per rule, met (the event happened by the deadline), missed (after it, or not at all and
 *   the deadline has passed by `asOf`), pending (neither yet); share = met / (met + missed);
 * - **own worker**: share of cases with an own worker named by `asOf`;
 * - **clients**: the identified client (several requests about one client are one client), an anonymous
 *   case is a client of its own; **agencies** of a client: the family centre plus each distinct outside
 *   organisation that took part in a meeting about them; multi-agency = at least two agencies;
 * - **requests** = cases; **meetings**: distinct meetings held about the group's cases; **visits**: meetings
 *   held per case, summed (a session that handles five cases is one meeting and five visits);
 * - **attendance**: participants present in person and remotely, by the latest finalised minutes of each
 *   meeting about the case;
 * - **worker** grouping: the case's own worker, else its requester (the professional who carries it).
 *
 * **Small groups**: a figure computed from fewer than {@link MIN_GROUP} cases (or clients, contacts,
 * answers …) is withheld as null, so that no figure identifies a family; a whole group under the limit
 * shows no figure at all, not even its size.
 */
export const MIN_GROUP = 5;

export const METRIC_GROUPINGS = ['county', 'team', 'client_group', 'worker'] as const;
export type MetricGrouping = (typeof METRIC_GROUPINGS)[number];

/** What the repository reads per case (events up to `asOf` only). */
export interface CaseFacts {
  id: string;
  teamId: string;
  clientGroup: ClientGroup;
  urgency: Urgency;
  requesterId: string;
  /** own worker named by asOf (the latest), else null */
  ownWorkerId: string | null;
  /** identified client, or null for an anonymous consultation (a client of its own) */
  clientId: string | null;
  submittedAt: Date;
  firstContactAt: Date | null;
  acceptedAt: Date | null;
  /** start of the first consultation held about the case */
  firstConsultationAt: Date | null;
  /** meetings held about the case (ids) */
  meetingIds: string[];
  /** distinct outside organisations that took part in meetings about the case */
  organisations: string[];
  attendance: { inPerson: number; remote: number };
}

/** When a statutory deadline fell due and when it was met (null: not yet). */
export interface DeadlineOutcome {
  /** the rule, e.g. `first_contact` */
  rule: string;
  /** the first instant at which it is missed (the end of the due date in Helsinki) */
  dueAt: Date;
  metAt: Date | null;
}

/**
 * The statutory deadlines of one case. The rules themselves (which deadline, counted how, on the Finnish
 * working-day calendar) live in libs/scheduling/src/deadlines.ts; the metrics only compare instants.
 */
export type DeadlinesOf = (c: CaseFacts) => DeadlineOutcome[];

export interface Distribution {
  median: number | null;
  p90: number | null;
  /** cases it was computed from (null when under MIN_GROUP) */
  n: number | null;
}

export interface DeadlineFigure {
  rule: string;
  met: number | null;
  missed: number | null;
  pending: number | null;
  /** met / (met + missed) */
  share: number | null;
}

export interface FeedbackFigure {
  answers: number | null;
  /** mean score 1–5 */
  mean: number | null;
  /** answers per score 1..5 */
  distribution: Array<number | null> | null;
}

export interface GroupMetrics {
  by: MetricGrouping;
  /** team id, client group, worker's person id, or 'county' */
  key: string;
  /** true when the group has fewer than MIN_GROUP cases: every figure is withheld */
  suppressed: boolean;
  cases: number | null;
  timeToFirstContactHours: Distribution;
  waitingTimeDays: Distribution;
  deadlines: DeadlineFigure[];
  ownWorkerShare: number | null;
  clients: number | null;
  multiAgencyClients: number | null;
  multiAgencyShare: number | null;
  agenciesPerClient: number | null;
  requests: number | null;
  meetings: number | null;
  visits: number | null;
  attendance: { inPerson: number | null; remote: number | null; inPersonShare: number | null };
  feedback: FeedbackFigure | null;
}

/** Feedback answers of a period, per team (never per person). */
export interface FeedbackFacts {
  teamId: string;
  score: number;
  /** how many answers with this team and score (default 1: one fact per answer) */
  count?: number;
}

export interface MetricsInput {
  cases: CaseFacts[];
  by: MetricGrouping;
  asOf: Date;
  deadlinesOf: DeadlinesOf;
  /** rule codes to report even where no case has them (stable columns) */
  rules: readonly string[];
  feedback?: FeedbackFacts[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function round(v: number | null, digits = 2): number | null {
  if (v === null) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** The figure, or null when it comes from fewer than MIN_GROUP cases. */
function shown<T>(base: number, value: T): T | null {
  return base >= MIN_GROUP ? value : null;
}

export function groupKey(c: CaseFacts, by: MetricGrouping): string {
  switch (by) {
    case 'county':
      return 'county';
    case 'team':
      return c.teamId;
    case 'client_group':
      return c.clientGroup;
    case 'worker':
      return c.ownWorkerId ?? c.requesterId;
  }
}

/** A distribution before withholding and rounding: exact percentiles (percentile_cont) of `n` values. */
export interface RawDistribution {
  median: number | null;
  p90: number | null;
  n: number;
}

/** Deadline outcomes of a group's cases for one rule. */
export interface DeadlineTally {
  met: number;
  missed: number;
  pending: number;
}

/**
 * What a group's figures are made of, before withholding and rounding: counts, sums, distinct counts and
 * the exact percentiles of the two distributions. {@link tallyCases} makes it from the cases (the plain
 * computation); the API's fast path gets the same numbers from one SQL aggregation
 * (apps/api/src/metrics/metrics.repository.ts `tallies`), and {@link metricsFromTallies} turns either into
 * the figures, so both paths withhold and round alike.
 */
export interface GroupTally {
  cases: number;
  /** hours from submission to first contact, over contacted cases */
  contact: RawDistribution;
  /** days from submission to the first consultation held, over cases that had one */
  waiting: RawDistribution;
  /** per rule, in the order of MetricsInput.rules (then any other rule met) */
  deadlines: Map<string, DeadlineTally>;
  /** cases with an own worker named */
  ownWorker: number;
  /** distinct clients (an anonymous case is a client of its own) */
  clients: number;
  /** clients with at least one outside organisation (two agencies or more) */
  multiAgencyClients: number;
  /** agencies summed over clients (the family centre plus each distinct outside organisation) */
  agencySum: number;
  /** distinct meetings held */
  meetings: number;
  /** meetings held per case, summed */
  visits: number;
  /** cases with any attendance recorded */
  attended: number;
  inPerson: number;
  remote: number;
}

function rawDistribution(values: number[]): RawDistribution {
  const sorted = values.sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), n: sorted.length };
}

function emptyTally(rules: readonly string[]): GroupTally {
  return {
    cases: 0,
    contact: { median: null, p90: null, n: 0 },
    waiting: { median: null, p90: null, n: 0 },
    deadlines: new Map(rules.map((r) => [r, { met: 0, missed: 0, pending: 0 }])),
    ownWorker: 0,
    clients: 0,
    multiAgencyClients: 0,
    agencySum: 0,
    meetings: 0,
    visits: 0,
    attended: 0,
    inPerson: 0,
    remote: 0,
  };
}

/** The tally of one group's cases (the plain computation). */
export function tallyCases(cases: readonly CaseFacts[], asOf: Date, deadlinesOf: DeadlinesOf, rules: readonly string[]): GroupTally {
  const t = emptyTally(rules);
  const at = asOf.getTime();
  const contact: number[] = [];
  const waiting: number[] = [];
  const meetings = new Set<string>();
  // client → its outside organisations (null: none yet; most clients have none, so no set is made for them)
  const clients = new Map<string, Set<string> | null>();
  for (const c of cases) {
    t.cases++;
    if (c.firstContactAt) contact.push((c.firstContactAt.getTime() - c.submittedAt.getTime()) / HOUR_MS);
    if (c.firstConsultationAt) waiting.push((c.firstConsultationAt.getTime() - c.submittedAt.getTime()) / DAY_MS);
    for (const d of deadlinesOf(c)) {
      let tally = t.deadlines.get(d.rule);
      if (!tally) t.deadlines.set(d.rule, (tally = { met: 0, missed: 0, pending: 0 }));
      if (d.metAt && d.metAt.getTime() < d.dueAt.getTime()) tally.met++;
      else if (d.metAt || at >= d.dueAt.getTime()) tally.missed++;
      else tally.pending++;
    }
    if (c.ownWorkerId) t.ownWorker++;
    for (const m of c.meetingIds) meetings.add(m);
    t.visits += c.meetingIds.length;
    if (c.attendance.inPerson + c.attendance.remote > 0) t.attended++;
    t.inPerson += c.attendance.inPerson;
    t.remote += c.attendance.remote;
    // an anonymous case is a client of its own (request and client ids are both random UUIDs)
    const client = c.clientId ?? c.id;
    const orgs = clients.get(client);
    if (c.organisations.length) {
      const set = orgs ?? new Set<string>();
      for (const o of c.organisations) set.add(o);
      if (!orgs) clients.set(client, set);
    } else if (orgs === undefined) {
      clients.set(client, null);
    }
  }
  t.contact = rawDistribution(contact);
  t.waiting = rawDistribution(waiting);
  t.meetings = meetings.size;
  // the family centre itself is the first agency of every client
  for (const o of clients.values()) {
    const a = 1 + (o?.size ?? 0);
    t.agencySum += a;
    if (a >= 2) t.multiAgencyClients++;
  }
  t.clients = clients.size;
  return t;
}

/** The metrics of each group, ordered by key (groups with no case are absent). The plain computation. */
export function computeMetrics(input: MetricsInput): GroupMetrics[] {
  const groups = new Map<string, CaseFacts[]>();
  for (const c of input.cases) {
    const k = groupKey(c, input.by);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(c);
  }
  const tallies = new Map<string, GroupTally>();
  for (const [k, cases] of groups) tallies.set(k, tallyCases(cases, input.asOf, input.deadlinesOf, input.rules));
  return metricsFromTallies({ by: input.by, rules: input.rules, tallies, feedback: input.feedback });
}

/**
 * The figures of each group from its tally, ordered by key; with `by` team or county, a team with feedback
 * but no case is a group too (withheld). Shared by the plain computation and the API's SQL fast path.
 */
export function metricsFromTallies(input: { by: MetricGrouping; rules: readonly string[]; tallies: Map<string, GroupTally>; feedback?: FeedbackFacts[] }): GroupMetrics[] {
  const perTeam = input.by === 'team' || input.by === 'county';
  // answers per score 1..5, per group
  const feedback = new Map<string, number[]>();
  for (const f of input.feedback ?? []) {
    const k = input.by === 'county' ? 'county' : f.teamId;
    let g = feedback.get(k);
    if (!g) feedback.set(k, (g = [0, 0, 0, 0, 0]));
    g[f.score - 1] += f.count ?? 1;
  }
  const keys = [...input.tallies.keys()];
  if (perTeam) for (const k of feedback.keys()) if (!input.tallies.has(k)) keys.push(k);
  return keys
    .sort()
    .map((key) => groupFigures(input.by, key, input.tallies.get(key) ?? emptyTally(input.rules), perTeam ? (feedback.get(key) ?? [0, 0, 0, 0, 0]) : null));
}

function distribution(d: RawDistribution): Distribution {
  return { median: shown(d.n, round(d.median)), p90: shown(d.n, round(d.p90)), n: shown(d.n, d.n) };
}

function groupFigures(by: MetricGrouping, key: string, t: GroupTally, scoreCounts: number[] | null): GroupMetrics {
  const n = t.cases;
  const nClients = t.clients;
  const { inPerson, remote, attended, multiAgencyClients: multi } = t;
  return {
    by,
    key,
    suppressed: n < MIN_GROUP,
    cases: shown(n, n),
    timeToFirstContactHours: n < MIN_GROUP ? { median: null, p90: null, n: null } : distribution(t.contact),
    waitingTimeDays: n < MIN_GROUP ? { median: null, p90: null, n: null } : distribution(t.waiting),
    deadlines: [...t.deadlines.entries()].map(([rule, d]) => {
      const decided = n < MIN_GROUP ? 0 : d.met + d.missed;
      return {
        rule,
        met: shown(decided, d.met),
        missed: shown(decided, d.missed),
        pending: shown(decided, d.pending),
        share: shown(decided, round(decided ? d.met / decided : null, 4)),
      };
    }),
    ownWorkerShare: shown(n, round(n ? t.ownWorker / n : null, 4)),
    clients: shown(n, shown(nClients, nClients)),
    multiAgencyClients: shown(n, shown(nClients, multi)),
    multiAgencyShare: shown(n, shown(nClients, round(nClients ? multi / nClients : null, 4))),
    agenciesPerClient: shown(n, shown(nClients, round(nClients ? t.agencySum / nClients : null))),
    requests: shown(n, n),
    meetings: shown(n, t.meetings),
    visits: shown(n, t.visits),
    attendance: {
      inPerson: shown(n, shown(attended, inPerson)),
      remote: shown(n, shown(attended, remote)),
      inPersonShare: shown(n, shown(attended, round(inPerson + remote ? inPerson / (inPerson + remote) : null, 4))),
    },
    feedback: scoreCounts === null ? null : feedbackFigure(scoreCounts),
  };
}

/** The feedback figure from the answers per score 1..5. */
function feedbackFigure(counts: number[]): FeedbackFigure {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n < MIN_GROUP) return { answers: null, mean: null, distribution: null };
  const sum = counts.reduce((a, c, i) => a + c * (i + 1), 0);
  return { answers: n, mean: round(sum / n), distribution: [...counts] };
}

/** CSV columns of {@link metricsCsv}, in order. */
export const METRICS_CSV_COLUMNS = [
  'grouping',
  'key',
  'label',
  'cases',
  'time_to_first_contact_hours_median',
  'time_to_first_contact_hours_p90',
  'waiting_time_days_median',
  'waiting_time_days_p90',
  'own_worker_share',
  'clients',
  'multi_agency_clients',
  'multi_agency_share',
  'agencies_per_client',
  'requests',
  'meetings',
  'visits',
  'attendance_in_person',
  'attendance_remote',
  'attendance_in_person_share',
  'feedback_answers',
  'feedback_mean',
] as const;

/**
 * RFC 4180 CSV of the groups: one row per group, then a column pair per deadline rule (`<rule>_met_share`,
 * `<rule>_missed`); withheld figures are empty cells. `label` names the group (team or worker name).
 */
export function metricsCsv(groups: GroupMetrics[], rules: readonly string[], labelOf: (g: GroupMetrics) => string): string {
  const header = [...METRICS_CSV_COLUMNS, ...rules.flatMap((r) => [`${r}_met_share`, `${r}_missed`])];
  const cell = (v: string | number | null | undefined): string => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    // quote what needs it, and defuse spreadsheet formulas in text cells
    const safe = typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const rows = groups.map((g) => {
    const d = new Map(g.deadlines.map((x) => [x.rule, x]));
    return [
      g.by,
      g.key,
      labelOf(g),
      g.cases,
      g.timeToFirstContactHours.median,
      g.timeToFirstContactHours.p90,
      g.waitingTimeDays.median,
      g.waitingTimeDays.p90,
      g.ownWorkerShare,
      g.clients,
      g.multiAgencyClients,
      g.multiAgencyShare,
      g.agenciesPerClient,
      g.requests,
      g.meetings,
      g.visits,
      g.attendance.inPerson,
      g.attendance.remote,
      g.attendance.inPersonShare,
      g.feedback?.answers ?? null,
      g.feedback?.mean ?? null,
      ...rules.flatMap((r) => [d.get(r)?.share ?? null, d.get(r)?.missed ?? null]),
    ]
      .map(cell)
      .join(',');
  });
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}
