import { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './1764900000000-database-roles';

/**
 * `metrics_version`: one row, one counter that moves whenever what the metrics are computed from changes —
 * `request_metrics` (which the triggers of 1765040000002 keep in step with the requests and their events)
 * and `feedback_answer`. The API keeps a computed answer (apps/api/src/metrics/metrics-cache.ts) only as
 * long as the counter it read before computing is still the counter now.
 *
 * Commit-ordered, which a sequence is not: the counter is moved by the writing transaction itself, at its
 * commit (a deferred constraint trigger), so a reader that sees counter n sees every change counted up to
 * n and none after. (With a sequence, a transaction could draw n, commit after one that drew n + 1, and an
 * answer computed in between would be kept under n + 1 without it.) The row lock is taken last thing before
 * the commit — after every other lock of the transaction (these are the schema's only deferred triggers) —
 * so it cannot close a deadlock; it is held only for the commit. Once per transaction: the first row event
 * of the commit bumps it and notes the transaction in `kohtaamo.metrics_bumped` (local to the
 * transaction), the rest return at once.
 *
 * TRUNCATE has no row events: a statement trigger bumps it at once. A bulk load with triggers off
 * (session_replication_role = replica, as the county benchmark does) bypasses it: whoever does that bumps
 * the counter by hand or restarts the API. Only the owner (the triggers are SECURITY DEFINER) moves it: the
 * app role may read it, not set it back.
 */
export class MetricsVersion1765300000000 implements MigrationInterface {
  name = 'MetricsVersion1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE metrics_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL)`);
    await q.query(`INSERT INTO metrics_version (id, n) VALUES (true, 0)`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON metrics_version FROM "${await appRole(q)}"`);
    await q.query(`
      CREATE FUNCTION metrics_version_bump() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      BEGIN
        IF TG_LEVEL = 'STATEMENT' OR current_setting('kohtaamo.metrics_bumped', true) IS DISTINCT FROM txid_current()::text THEN
          PERFORM set_config('kohtaamo.metrics_bumped', txid_current()::text, true);
          UPDATE metrics_version SET n = n + 1;
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['request_metrics', 'feedback_answer']) {
      await q.query(`
        CREATE CONSTRAINT TRIGGER metrics_version_bump AFTER INSERT OR UPDATE OR DELETE ON ${table}
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION metrics_version_bump()`);
      await q.query(`CREATE TRIGGER metrics_version_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION metrics_version_bump()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['request_metrics', 'feedback_answer']) {
      await q.query(`DROP TRIGGER metrics_version_truncate ON ${table}`);
      await q.query(`DROP TRIGGER metrics_version_bump ON ${table}`);
    }
    await q.query(`DROP FUNCTION metrics_version_bump()`);
    await q.query(`DROP TABLE metrics_version`);
  }
}
