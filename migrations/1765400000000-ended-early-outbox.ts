import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * meeting_outbox kind `ended_early`: a meeting a host ended before its booked start (held early, with
 * people who joined ahead of time) still sits at the booked time in the calendars of those who did not
 * attend; one row per such participant makes the relay send them a cancellation of the booked slot
 * (METHOD:CANCEL, the same UID, a higher SEQUENCE) saying the meeting was held earlier
 * (apps/api/src/meetings/ended-early.ts, notifications/delivery-planner.ts). The delivery kinds do not
 * change (it is a `cancellation`).
 */
export class EndedEarlyOutbox1765400000000 implements MigrationInterface {
  name = 'EndedEarlyOutbox1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting_outbox DROP CONSTRAINT meeting_outbox_kind_check`);
    await q.query(`ALTER TABLE meeting_outbox ADD CONSTRAINT meeting_outbox_kind_check
      CHECK (kind IN ('scheduled','updated','cancelled','participant_added','participant_removed','consent_withdrawn','ended_early'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM meeting_outbox WHERE kind = 'ended_early'`);
    await q.query(`ALTER TABLE meeting_outbox DROP CONSTRAINT meeting_outbox_kind_check`);
    await q.query(`ALTER TABLE meeting_outbox ADD CONSTRAINT meeting_outbox_kind_check
      CHECK (kind IN ('scheduled','updated','cancelled','participant_added','participant_removed','consent_withdrawn'))`);
  }
}
