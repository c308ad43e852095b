import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseFacts, ClientGroup, DeadlineTally, GroupTally, MetricGrouping, Urgency } from '@kohtaamo/domain';
import type { DueTable } from '@kohtaamo/domain/metrics-deadlines';
import { asSystem } from '../database/actor-context';

export interface OpenClockRow {
  id: string;
  teamId: string;
  teamName: string;
  status: 'submitted' | 'accepted' | 'scheduled';
  urgency: Urgency;
  clientGroup: ClientGroup;
  submittedAt: Date;
  requester: { id: string; name: string; unit: string | null };
  lastSubmittedAt: Date;
  acceptedAt: Date | null;
  booking: { meetingId: string; startsAt: Date; endsAt: Date } | null;
  visible: boolean;
}

/** The fast path's answer: one tally per group, and until when it holds if nothing is written (null: no limit). */
export interface Tallies {
  groups: Map<string, GroupTally>;
  stableUntil: Date | null;
}

export interface CaseQuery {
  from: Date;
  to: Date;
  asOf: Date;
  teamId: string | null;
}

/**
 * The group key of a case, as libs/domain groupKey computes it, in its own type (uuids group faster than
 * text; a varchar bytewise, not by the locale's collation); the answer gives it as text.
 */
const GROUP_KEY_SQL: Record<MetricGrouping, string> = {
  county: `'county'::text COLLATE "C"`,
  team: `m.team_id`,
  client_group: `m.client_group COLLATE "C"`,
  worker: `coalesce(m.own_worker_id, m.requester_id)`,
};

const MET_COLUMN = { first_contact: 'm.first_contact_at', first_consultation: 'm.first_consultation_at' } as const;

/**
 * The facts of each case for the metrics: the request_metrics rows of requests submitted in [from, to),
 * which triggers keep in step with the requests and request_event (migrations 1765040000000 and
 * 1765040000002; request_metrics_rebuild() recomputes them from the events). One row per case, numbers and
 * ids only. The facts count every event recorded so far; asOf decides which deadlines are overdue.
 *
 * Runs as the system actor: the metrics count every case of the county, including identified ones a
 * coordinator has no need to know about, and what leaves the API is only aggregates over at least five
 * cases (libs/domain/metrics.ts) — never a row.
 */
@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  cases(q: CaseQuery): Promise<CaseFacts[]> {
    return asSystem(async () => {
      const rows: Array<{
        id: string;
        team_id: string;
        client_group: ClientGroup;
        urgency: Urgency;
        requester_id: string;
        client_id: string | null;
        submitted_ms: number;
        own_worker_id: string | null;
        first_contact_ms: number | null;
        accepted_ms: number | null;
        first_consultation_ms: number | null;
        meeting_ids: string | null;
        organisations: string[] | null;
        in_person: number | null;
        remote: number | null;
      }> = await this.db.transaction(async (tx) => {
        // the plan is a range scan and a join: compiling it (JIT) would cost more than running it
        await tx.query(`SET LOCAL jit = off`);
        // instants as epoch milliseconds and the meeting ids as one string: ~20,000 rows parse several
        // times faster than as timestamps and arrays
        return tx.query(
          `SELECT m.request_id AS id, m.team_id, m.client_group, m.urgency, m.requester_id, m.client_id,
                  (extract(epoch FROM m.submitted_at) * 1000)::float8 AS submitted_ms,
                  m.own_worker_id,
                  (extract(epoch FROM m.first_contact_at) * 1000)::float8 AS first_contact_ms,
                  (extract(epoch FROM m.accepted_at) * 1000)::float8 AS accepted_ms,
                  (extract(epoch FROM m.first_consultation_at) * 1000)::float8 AS first_consultation_ms,
                  array_to_string(m.meeting_ids, ',') AS meeting_ids, m.organisations, m.in_person, m.remote
             FROM request_metrics m
            WHERE m.submitted_at >= $1 AND m.submitted_at < $2 AND m.submitted_at <= $3
              AND ($4::uuid IS NULL OR m.team_id = $4)`,
          [q.from, q.to, q.asOf, q.teamId],
        );
      });
      return rows.map(
        (r): CaseFacts => ({
          id: r.id,
          teamId: r.team_id,
          clientGroup: r.client_group,
          urgency: r.urgency,
          requesterId: r.requester_id,
          ownWorkerId: r.own_worker_id,
          clientId: r.client_id,
          submittedAt: new Date(r.submitted_ms),
          firstContactAt: r.first_contact_ms === null ? null : new Date(r.first_contact_ms),
          acceptedAt: r.accepted_ms === null ? null : new Date(r.accepted_ms),
          firstConsultationAt: r.first_consultation_ms === null ? null : new Date(r.first_consultation_ms),
          meetingIds: r.meeting_ids ? r.meeting_ids.split(',') : [],
          organisations: r.organisations ?? [],
          attendance: { inPerson: r.in_person ?? 0, remote: r.remote ?? 0 },
        }),
      );
    });
  }

  /**
   * The fast path: the tally of each group (libs/domain GroupTally) computed by PostgreSQL in one statement
   * over the same request_metrics rows {@link cases} reads — the same cases, the same facts — so that only
   * one row per group leaves the database (a county's year: one row instead of ~20,000). Exact, nothing
   * summed that cannot be: the percentiles are percentile_cont over the group's values (the same
   * interpolation as libs/domain `percentile`, on the same millisecond differences), clients and meetings
   * are distinct counts, and each deadline is classified per case against its due instant, which the rules
   * (libs/scheduling, on the working-day calendar) give per Helsinki start day in `due`.
   *
   * Returns null when a case's clock started on a day outside `due` (an event dated outside the days the
   * caller expected): the caller then takes the plain path. Else the tallies and `stableUntil`: the first
   * instant after asOf at which the same rows would tally differently with nothing written — a pending
   * deadline falls due (then missed), or a case submitted after asOf in [from, to) starts to count — or
   * null if none; until then, asked at a later asOf, the answer is the same (what MetricsCache relies on).
   */
  tallies(q: CaseQuery & { by: MetricGrouping; due: DueTable }): Promise<Tallies | null> {
    // $5 the first day of the due table; then one array of due instants per rule, indexed by start day
    // (from 1: a day outside the array gives NULL, 'unknown', and the caller falls back)
    const params: unknown[] = [q.from, q.to, q.asOf, q.teamId, q.due.days[0]];
    const rules = q.due.columns.map((c, i) => {
      params.push(c.dueAt);
      const day = c.startsOn === 'submitted' ? 'm.submitted_day' : 'm.accepted_day';
      return {
        columns: `${day} AS day${i}, ($${params.length}::timestamptz[])[${day} - $5::date + 1] AS due${i}, ${MET_COLUMN[c.metBy]} AS met${i}`,
        // met before the due instant; missed: met later, or not met and due by asOf; else pending
        counts: [
          `count(*) FILTER (WHERE met${i} < due${i}) AS met${i}`,
          `count(*) FILTER (WHERE due${i} IS NOT NULL AND (met${i} >= due${i} OR (met${i} IS NULL AND $3 >= due${i}))) AS missed${i}`,
          `count(*) FILTER (WHERE met${i} IS NULL AND $3 < due${i}) AS pending${i}`,
          `count(*) FILTER (WHERE day${i} IS NOT NULL AND due${i} IS NULL) AS unknown${i}`,
          // the first pending deadline to fall due: from then on it counts as missed
          `min(due${i}) FILTER (WHERE met${i} IS NULL AND $3 < due${i}) AS next${i}`,
        ].join(', '),
      };
    });
    const cases = `FROM request_metrics m
         WHERE m.submitted_at >= $1 AND m.submitted_at < $2 AND m.submitted_at <= $3
           AND ${q.teamId === null ? '$4::uuid IS NULL' : 'm.team_id = $4::uuid'}`;
    const key = GROUP_KEY_SQL[q.by];
    // the county is one group: aggregated without sorting ~20,000 rows by a constant
    const county = q.by === 'county';
    const groupBy = county ? '' : 'GROUP BY k';
    const k = county ? `'county'::text AS k` : 'k';
    // three index-only scans of the covering index (migration 1765200000000), each reading only what its
    // part needs; OFFSET 0 keeps the due instants computed once per case, not once per FILTER
    const sql = `
      WITH g AS (
        SELECT ${k}, count(*) AS n,
               percentile_cont('{0.5,0.9}'::float8[]) WITHIN GROUP (ORDER BY contact_hours) AS contact, count(contact_hours) AS contact_n,
               percentile_cont('{0.5,0.9}'::float8[]) WITHIN GROUP (ORDER BY waiting_days) AS waiting, count(waiting_days) AS waiting_n,
               count(own_worker_id) AS own_worker, sum(visits) AS visits,
               count(*) FILTER (WHERE in_person + remote > 0) AS attended, sum(in_person) AS in_person, sum(remote) AS remote,
               count(*) FILTER (WHERE anonymous) AS anonymous, count(*) FILTER (WHERE anonymous AND orgs > 0) AS anonymous_multi,
               coalesce(sum(orgs) FILTER (WHERE anonymous), 0) AS anonymous_outside${rules.map((r) => `,
               ${r.counts}`).join('')}
          FROM (SELECT ${key} AS k, m.own_worker_id, cardinality(m.meeting_ids) AS visits, m.in_person, m.remote, m.contact_hours, m.waiting_days,
                       m.client_id IS NULL AS anonymous, cardinality(m.organisations) AS orgs${rules.map((r) => `,
                       ${r.columns}`).join('')}
                  ${cases} OFFSET 0) c
         ${groupBy} HAVING count(*) > 0
      ), mt AS (
        SELECT ${k}, count(*) AS meetings FROM (SELECT DISTINCT ${key} AS k, mid ${cases.replace('FROM request_metrics m', 'FROM request_metrics m CROSS JOIN LATERAL unnest(m.meeting_ids) mid')}) x ${groupBy}
      ), cl AS (
        -- identified clients (several cases of one client are one client): the family centre is every
        -- client's first agency, each distinct outside organisation one more; an anonymous case is a client
        -- of its own, counted in g (its organisations are already distinct)
        SELECT ${k}, count(*) AS clients, count(*) FILTER (WHERE outside > 0) AS multi, sum(outside) AS outside
          FROM (SELECT k, client, count(o) AS outside
                  FROM (SELECT DISTINCT ${key} AS k, m.client_id AS client, o
                          ${cases.replace('FROM request_metrics m', 'FROM request_metrics m LEFT JOIN LATERAL unnest(m.organisations) o ON true')}
                           AND m.client_id IS NOT NULL) y
                 GROUP BY k, client) x
         ${groupBy}
      )
      SELECT k::text AS k, ns.next_submitted, g.n, g.contact, g.contact_n, g.waiting, g.waiting_n, g.own_worker, g.visits, g.attended, g.in_person, g.remote,
             ${rules.map((_, i) => `g.met${i}, g.missed${i}, g.pending${i}, g.unknown${i}, g.next${i}, `).join('')}mt.meetings,
             g.anonymous + coalesce(cl.clients, 0) AS clients, g.anonymous_multi + coalesce(cl.multi, 0) AS multi,
             g.anonymous + coalesce(cl.clients, 0) + g.anonymous_outside + coalesce(cl.outside, 0) AS agency_sum
        -- one row even when no group has a case: the first case submitted after asOf, which starts to count then
        FROM (SELECT min(m.submitted_at) AS next_submitted ${cases.replace('m.submitted_at <= $3', 'm.submitted_at > $3')}) ns
        LEFT JOIN (g LEFT JOIN mt USING (k) LEFT JOIN cl USING (k)) ON true`;
    return asSystem(async () => {
      const rows: Array<Record<string, unknown>> = await this.db.transaction(async (tx) => {
        // compiling (JIT) or splitting the plan over workers costs more than running it
        await tx.query(`SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0`);
        // the county's year of cases is sorted in memory, not on disk
        await tx.query(`SET LOCAL work_mem = '32MB'`);
        return tx.query(sql, params);
      });
      const out = new Map<string, GroupTally>();
      const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
      const pct = (v: unknown) => (v as number[] | null) ?? [null, null];
      let stableUntil: number | null = null;
      const until = (v: unknown) => {
        if (v === null || v === undefined) return;
        const ms = (v as Date).getTime();
        if (stableUntil === null || ms < stableUntil) stableUntil = ms;
      };
      for (const r of rows) {
        until(r.next_submitted);
        if (r.k === null) continue;
        const deadlines = new Map<string, DeadlineTally>();
        for (const [i, col] of q.due.columns.entries()) {
          if (num(r[`unknown${i}`]) > 0) return null;
          deadlines.set(col.rule, { met: num(r[`met${i}`]), missed: num(r[`missed${i}`]), pending: num(r[`pending${i}`]) });
          until(r[`next${i}`]);
        }
        const [contactMedian, contactP90] = pct(r.contact);
        const [waitingMedian, waitingP90] = pct(r.waiting);
        out.set(r.k as string, {
          cases: num(r.n),
          contact: { median: contactMedian, p90: contactP90, n: num(r.contact_n) },
          waiting: { median: waitingMedian, p90: waitingP90, n: num(r.waiting_n) },
          deadlines,
          ownWorker: num(r.own_worker),
          clients: num(r.clients),
          multiAgencyClients: num(r.multi),
          agencySum: num(r.agency_sum),
          meetings: num(r.meetings),
          visits: num(r.visits),
          attended: num(r.attended),
          inPerson: num(r.in_person),
          remote: num(r.remote),
        });
      }
      return { groups: out, stableUntil: stableUntil === null ? null : new Date(stableUntil) };
    });
  }

  /**
   * The change counter of what the metrics are computed from (`metrics_version`, migration 1765300000000:
   * moved at the commit of every transaction that writes request_metrics or feedback_answer). Read it
   * before computing an answer: the answer then counts at least every change up to it.
   */
  async version(): Promise<string> {
    const [{ n }]: Array<{ n: string }> = await this.db.query(`SELECT n FROM metrics_version`);
    return n;
  }

  /**
   * The open requests whose statutory clock runs (submitted, accepted, scheduled; a request waiting for
   * more information has none), the county's or one team's, with what the clocks start from (the latest
   * submission, the latest acceptance) and the booked slot. Read as the system actor so that the list can
   * say how many at-risk requests the viewer may not see; `visible` is the triage inbox's need to know
   * for `viewerId` (anonymous, their own, or a client they may see: staff_may_see_client). Nothing of the
   * client is read: no name, identifier or words.
   */
  openClocks(teamId: string | null, viewerId: string, now: Date): Promise<OpenClockRow[]> {
    return asSystem(async () => {
      const rows: Array<Record<string, unknown>> = await this.db.query(
        `SELECT r.id, r.team_id, t.name AS team_name, r.status, r.urgency, r.client_group, r.submitted_at,
                r.requester_id, p.name AS requester_name, p.unit AS requester_unit,
                coalesce((SELECT max(e.at) FROM request_event e WHERE e.request_id = r.id AND e.to_status = 'submitted'), r.submitted_at) AS last_submitted_at,
                (SELECT max(e.at) FROM request_event e WHERE e.request_id = r.id AND e.action = 'accept') AS accepted_at,
                b.meeting_id, b.starts_at, b.ends_at,
                (r.client_id IS NULL OR r.requester_id = $2 OR r.own_worker_id = $2 OR staff_may_see_client($2, r.client_id, $3)) AS visible
           FROM consultation_request r
           JOIN team t ON t.id = r.team_id
           JOIN person p ON p.id = r.requester_id
           LEFT JOIN LATERAL (
             SELECT a.meeting_id, a.starts_at, a.ends_at FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id AND m.status = 'scheduled'
              WHERE a.request_id = r.id ORDER BY a.starts_at DESC LIMIT 1) b ON r.status = 'scheduled'
          WHERE r.status IN ('submitted', 'accepted', 'scheduled') AND ($1::uuid IS NULL OR r.team_id = $1)`,
        [teamId, viewerId, now],
      );
      return rows.map((r) => ({
        id: r.id as string,
        teamId: r.team_id as string,
        teamName: r.team_name as string,
        status: r.status as OpenClockRow['status'],
        urgency: r.urgency as Urgency,
        clientGroup: r.client_group as ClientGroup,
        submittedAt: r.submitted_at as Date,
        requester: { id: r.requester_id as string, name: r.requester_name as string, unit: (r.requester_unit as string | null) ?? null },
        lastSubmittedAt: r.last_submitted_at as Date,
        acceptedAt: (r.accepted_at as Date | null) ?? null,
        booking: r.meeting_id ? { meetingId: r.meeting_id as string, startsAt: r.starts_at as Date, endsAt: r.ends_at as Date } : null,
        visible: r.visible as boolean,
      }));
    });
  }

  /** Names of teams and people, for the groups' labels (professionals' names, never clients'). */
  async labels(teamIds: string[], personIds: string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; name: string }> = await this.db.query(
      `SELECT id, name FROM team WHERE id = ANY($1::uuid[]) UNION ALL SELECT id, name FROM person WHERE id = ANY($2::uuid[])`,
      [teamIds, personIds],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
