import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feedback on accessibility (Act 306/2019 § 15: a public-sector service must offer a feedback channel
 * for accessibility problems and answer within 14 days). Anyone may send one, signed in or not; it holds
 * what the sender wrote, where, and how to answer them (optional), and whether the configured
 * accessibility contact has been notified. It is not client data: nobody is asked who they are. Readable
 * by the system actor only (the route and the notifier run as it).
 */
export class AccessibilityFeedback1765060000011 implements MigrationInterface {
  name = 'AccessibilityFeedback1765060000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accessibility_feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        received_at timestamptz NOT NULL,
        locale varchar(2) NOT NULL CHECK (locale IN ('fi','sv','en')),
        page varchar(500),
        description varchar(4000) NOT NULL CHECK (length(btrim(description)) >= 10),
        contact_name varchar(200),
        contact_email varchar(320),
        notified_at timestamptz,
        notify_error varchar(1000)
      )`);
    await q.query(`CREATE INDEX accessibility_feedback_unnotified ON accessibility_feedback (received_at) WHERE notified_at IS NULL`);
    await q.query(`ALTER TABLE accessibility_feedback ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY kohtaamo_actor ON accessibility_feedback FOR ALL USING (kohtaamo_actor_kind() = 'system') WITH CHECK (kohtaamo_actor_kind() = 'system')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE accessibility_feedback`);
  }
}
