import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Network meetings held in Kohtaamo (issue 12):
 * - `meeting_participant.host`: a co-host named by the organiser (a staff participant who may admit guests
 *   and end the meeting like the organiser). The organiser hosts through `meeting.organiser_id`.
 * - `meeting.change_reason`: the reason given for the latest reschedule or the cancellation; the update
 *   and cancellation emails quote it.
 * - `meeting.ended_at`, `meeting.room_headcount`: when a host ended the meeting (it is then `held`), and
 *   how many sat in the meeting room (the host's count, or the room device's).
 * - `meeting_attendance`: who was in the video, from when to when (reported by the SFU node of the
 *   meeting, signed with the join-token secret), and who a host marked present in the room. Rows name
 *   participants by id only (no names), like meeting_notice.
 */
export class MeetingHosting1765100000000 implements MigrationInterface {
  name = 'MeetingHosting1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting_participant ADD COLUMN host boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE meeting_participant ADD CONSTRAINT meeting_participant_host_staff CHECK (NOT host OR kind = 'staff')`);
    await q.query(`ALTER TABLE meeting ADD COLUMN change_reason varchar(500)`);
    await q.query(`ALTER TABLE meeting ADD COLUMN ended_at timestamptz`);
    await q.query(`ALTER TABLE meeting ADD COLUMN room_headcount int CHECK (room_headcount BETWEEN 0 AND 500)`);
    await q.query(`
      CREATE TABLE meeting_attendance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        -- the participant (their row), or a staff member without one (a chair of a session): person_id
        participant_id uuid REFERENCES meeting_participant(id) ON DELETE CASCADE,
        person_id uuid REFERENCES person(id),
        source varchar(10) NOT NULL CHECK (source IN ('video', 'room')),
        -- video: one connection to the call (the SFU's session key), so a repeated report changes nothing
        session_key varchar(200),
        joined_at timestamptz NOT NULL,
        left_at timestamptz,
        -- a meeting-room device: how many people sat behind it
        room_count int CHECK (room_count BETWEEN 0 AND 500),
        recorded_by_id uuid REFERENCES person(id),
        CHECK (participant_id IS NOT NULL OR person_id IS NOT NULL),
        CHECK (left_at IS NULL OR left_at >= joined_at)
      )`);
    await q.query(`CREATE INDEX meeting_attendance_meeting ON meeting_attendance (meeting_id, joined_at)`);
    await q.query(`CREATE UNIQUE INDEX meeting_attendance_session ON meeting_attendance (meeting_id, session_key) WHERE session_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE meeting_attendance`);
    await q.query(`ALTER TABLE meeting DROP COLUMN room_headcount, DROP COLUMN ended_at, DROP COLUMN change_reason`);
    await q.query(`ALTER TABLE meeting_participant DROP CONSTRAINT meeting_participant_host_staff`);
    await q.query(`ALTER TABLE meeting_participant DROP COLUMN host`);
  }
}
