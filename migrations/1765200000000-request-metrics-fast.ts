import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns the metrics' fast path reads, in the order of the covering indexes. */
const FACTS =
  'request_id, client_group, requester_id, own_worker_id, client_id, contact_hours, waiting_days, submitted_day, accepted_day, first_contact_at, first_consultation_at, in_person, remote, meeting_ids, organisations';

/**
 * The metrics' fast path (issue 13, benchmarks: a county's year in one SQL aggregation, one row per group
 * to the API; apps/api/src/metrics/metrics.repository.ts `tallies`).
 *
 * - Generated columns, computed once when a row is written instead of on every call: the Helsinki dates
 *   the statutory clocks start on (`submitted_day`, `accepted_day`; a deadline depends only on that day),
 *   and the two durations whose percentiles are reported — `contact_hours` (submission → first contact)
 *   and `waiting_days` (submission → first consultation held), from instants truncated to whole
 *   milliseconds exactly as the plain computation's JavaScript Dates see them, so percentile_cont gives
 *   the same numbers as libs/domain `percentile`. (`AT TIME ZONE 'UTC'` makes the epoch immutable, which a
 *   generated column needs; it is the same instant.) Generated columns are kept in step by PostgreSQL on
 *   every write — the triggers, `request_metrics_rebuild()`, the benchmark's bulk load — never stale.
 * - Covering indexes (`submitted_at`, and `team_id, submitted_at`) INCLUDE every column the aggregation
 *   reads: a year of the county is an index-only scan of ~600 contiguous index pages instead of reading
 *   ~3,800 heap pages scattered over the whole table (rows are written in no order of submission and
 *   move when the triggers update them). They replace the two plain indexes of 1765040000002. The cost:
 *   the triggers' updates of a row are no longer HOT (about eight per request over its life).
 * - `feedback_answer (month) INCLUDE (team_id, score)`: the county's answers of a year counted per team and
 *   score by an index-only scan (the (team_id, month) index cannot serve a period without a team, so
 *   it was a scan of every answer: 54 → 4–10 ms on 100,000 answers).
 */
export class RequestMetricsFast1765200000000 implements MigrationInterface {
  name = 'RequestMetricsFast1765200000000';

  async up(q: QueryRunner): Promise<void> {
    const ms = (col: string) => `trunc(extract(epoch FROM ${col} AT TIME ZONE 'UTC') * 1000)`;
    await q.query(`
      ALTER TABLE request_metrics
        ADD COLUMN submitted_day date GENERATED ALWAYS AS ((submitted_at AT TIME ZONE 'Europe/Helsinki')::date) STORED,
        ADD COLUMN accepted_day date GENERATED ALWAYS AS ((accepted_at AT TIME ZONE 'Europe/Helsinki')::date) STORED,
        ADD COLUMN contact_hours float8 GENERATED ALWAYS AS ((${ms('first_contact_at')} - ${ms('submitted_at')})::float8 / 3600000) STORED,
        ADD COLUMN waiting_days float8 GENERATED ALWAYS AS ((${ms('first_consultation_at')} - ${ms('submitted_at')})::float8 / 86400000) STORED`);
    await q.query(`DROP INDEX request_metrics_team_submitted`);
    await q.query(`DROP INDEX request_metrics_submitted`);
    await q.query(`CREATE INDEX request_metrics_submitted_facts ON request_metrics (submitted_at) INCLUDE (team_id, ${FACTS})`);
    await q.query(`CREATE INDEX request_metrics_team_submitted_facts ON request_metrics (team_id, submitted_at) INCLUDE (${FACTS})`);
    await q.query(`CREATE INDEX feedback_answer_month_scores ON feedback_answer (month) INCLUDE (team_id, score)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX feedback_answer_month_scores`);
    await q.query(`DROP INDEX request_metrics_team_submitted_facts`);
    await q.query(`DROP INDEX request_metrics_submitted_facts`);
    await q.query(`CREATE INDEX request_metrics_team_submitted ON request_metrics (team_id, submitted_at)`);
    await q.query(`CREATE INDEX request_metrics_submitted ON request_metrics (submitted_at)`);
    await q.query(`ALTER TABLE request_metrics DROP COLUMN waiting_days, DROP COLUMN contact_hours, DROP COLUMN accepted_day, DROP COLUMN submitted_day`);
  }
}
