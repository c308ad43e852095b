import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * meeting_notice kind `pair_member_busy`: a team session's occurrence that first became a meeting while a
 * member of the team's responsible pair had another meeting at that time goes on without them
 * (apps/api/src/scheduling/series.repository.ts materialise); the notice, shown on the session's page,
 * says who was left out. `person_ids` names them (staff, by id, as participant_ids names participants).
 */
export class PairMemberBusyNotice1765600000000 implements MigrationInterface {
  name = 'PairMemberBusyNotice1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting_notice ADD COLUMN person_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE meeting_notice DROP CONSTRAINT meeting_notice_kind_check`);
    await q.query(`ALTER TABLE meeting_notice ADD CONSTRAINT meeting_notice_kind_check CHECK (kind IN ('consent_withdrawn','pair_member_busy'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM meeting_notice WHERE kind = 'pair_member_busy'`);
    await q.query(`ALTER TABLE meeting_notice DROP CONSTRAINT meeting_notice_kind_check`);
    await q.query(`ALTER TABLE meeting_notice ADD CONSTRAINT meeting_notice_kind_check CHECK (kind IN ('consent_withdrawn'))`);
    await q.query(`ALTER TABLE meeting_notice DROP COLUMN person_ids`);
  }
}
