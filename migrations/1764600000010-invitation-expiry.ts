import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An invitation may carry its own expiry: links that let a guest or family member read finalised
 * minutes (sent after the meeting) outlive the meeting's join window. NULL keeps the old rule
 * (two hours after the meeting ends).
 */
export class InvitationExpiry1764600000010 implements MigrationInterface {
  name = 'InvitationExpiry1764600000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting_invitation ADD COLUMN expires_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting_invitation DROP COLUMN expires_at`);
  }
}
