import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { MeetingAttendanceEntity, MeetingParticipantEntity } from './meeting.entity';

/** A participant of a meeting as a video report names them: their row (if invited) and their person (if staff). */
export interface PresenceSubject {
  participantId: string | null;
  personId: string | null;
}

/**
 * Who was at a meeting: video connections the SFU reported, hosts' "in the room" marks (meeting_attendance),
 * and each participant's attendance. Methods that take an EntityManager run in the caller's transaction.
 */
@Injectable()
export class AttendanceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every video connection and room mark of the meeting, first joined first. */
  rowsOf(meetingId: string): Promise<MeetingAttendanceEntity[]> {
    return this.db.manager.find(MeetingAttendanceEntity, { where: { meetingId }, order: { joinedAt: 'ASC', id: 'ASC' } });
  }

  /** Opens a room row for the participant from `at`, unless one is open already. */
  async openRoomMark(tx: EntityManager, p: Pick<MeetingParticipantEntity, 'id' | 'meetingId' | 'personId'>, at: Date, recordedById: string): Promise<void> {
    const open = await tx.findOneBy(MeetingAttendanceEntity, { meetingId: p.meetingId, participantId: p.id, source: 'room', leftAt: IsNull() });
    if (!open) await tx.insert(MeetingAttendanceEntity, { meetingId: p.meetingId, participantId: p.id, personId: p.personId, source: 'room', joinedAt: at, recordedById });
  }

  /** Closes the participant's open room row at `at`; answers whether the video ever saw them. */
  async closeRoomMark(tx: EntityManager, p: Pick<MeetingParticipantEntity, 'id' | 'meetingId'>, at: Date): Promise<{ seenOnVideo: boolean }> {
    await tx.update(MeetingAttendanceEntity, { meetingId: p.meetingId, participantId: p.id, source: 'room', leftAt: IsNull() }, { leftAt: at });
    return { seenOnVideo: await tx.existsBy(MeetingAttendanceEntity, { meetingId: p.meetingId, participantId: p.id, source: 'video' }) };
  }

  /** The meeting ended at `at`: open rows close then, and invited participants nobody saw become absent. */
  async closeAll(tx: EntityManager, meetingId: string, at: Date): Promise<void> {
    await tx.query(`UPDATE meeting_attendance SET left_at = greatest(joined_at, $2) WHERE meeting_id = $1 AND left_at IS NULL`, [meetingId, at]);
    await tx.update(MeetingParticipantEntity, { meetingId, attendance: 'invited' }, { attendance: 'absent' });
  }

  /**
   * Has anyone been present at the meeting between `since` and `now`: a video connection or a host's
   * "in the room" mark (meeting_attendance, with their times) that began by `now` and had not ended before
   * `since` — or a participant a host marked present (attendance `in_person` or `remote`) with no such row
   * at all? (A video connection marks its participant `remote` too; then its row's time decides, so a test of
   * the video days ahead does not count.)
   */
  async attendedBy(tx: EntityManager, meetingId: string, now: Date, since: Date): Promise<boolean> {
    const [row]: Array<{ v: boolean }> = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM meeting_attendance WHERE meeting_id = $1 AND joined_at <= $2 AND coalesce(left_at, $2) >= $3)
           OR EXISTS (SELECT 1 FROM meeting_participant p WHERE p.meeting_id = $1 AND p.attendance IN ('in_person', 'remote')
                        AND NOT EXISTS (SELECT 1 FROM meeting_attendance a WHERE a.meeting_id = $1 AND a.participant_id = p.id)) AS v`,
      [meetingId, now, since],
    );
    return row.v;
  }

  /** The meeting's status in the caller's transaction, or null when there is no such meeting. */
  async meetingStatus(tx: EntityManager, meetingId: string): Promise<string | null> {
    const [m]: Array<{ status: string }> = await tx.query(`SELECT status FROM meeting WHERE id = $1`, [meetingId]);
    return m?.status ?? null;
  }

  /**
   * Who a video report's subject is: `person:<uuid>` is a staff member (their participant row if they
   * were invited; none for, say, the chair of the day), anything else a participant id of the meeting.
   * Null when the subject is nobody known here.
   */
  async subject(tx: EntityManager, meetingId: string, subject: string): Promise<PresenceSubject | null> {
    const personRef = /^person:([0-9a-f-]{36})$/i.exec(subject);
    if (personRef) {
      const personId = personRef[1];
      const [p]: Array<{ id: string }> = await tx.query(`SELECT id FROM meeting_participant WHERE meeting_id = $1 AND person_id = $2`, [meetingId, personId]);
      if (p) return { participantId: p.id, personId };
      const [known]: Array<{ id: string }> = await tx.query(`SELECT id FROM person WHERE id = $1`, [personId]);
      return known ? { participantId: null, personId } : null;
    }
    const [p]: Array<{ id: string; person_id: string | null }> = await tx.query(`SELECT id, person_id FROM meeting_participant WHERE meeting_id = $1 AND id::text = $2`, [meetingId, subject]);
    return p ? { participantId: p.id, personId: p.person_id } : null;
  }

  /**
   * A video connection began: one row per connection key (a repeated report adds nothing), an invited or
   * absent participant becomes `remote`, and a room device's count becomes the room's headcount.
   * Answers whether a row was added.
   */
  async videoJoined(tx: EntityManager, r: { meetingId: string; who: PresenceSubject; sessionKey: string; at: Date; roomCount?: number }): Promise<boolean> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO meeting_attendance (meeting_id, participant_id, person_id, source, session_key, joined_at, room_count)
       VALUES ($1, $2, $3, 'video', $4, $5, $6) ON CONFLICT (meeting_id, session_key) WHERE session_key IS NOT NULL DO NOTHING RETURNING id`,
      [r.meetingId, r.who.participantId, r.who.personId, r.sessionKey, r.at, r.roomCount ?? null],
    );
    if (r.who.participantId) await tx.query(`UPDATE meeting_participant SET attendance = 'remote' WHERE id = $1 AND attendance IN ('invited', 'absent')`, [r.who.participantId]);
    if (r.roomCount !== undefined) await tx.query(`UPDATE meeting SET room_headcount = $2 WHERE id = $1`, [r.meetingId, r.roomCount]);
    return inserted.length > 0;
  }

  /** A video connection ended: its open row closes at `at` (never before it began). Answers whether a row was closed. */
  async videoLeft(tx: EntityManager, r: { meetingId: string; sessionKey: string; at: Date }): Promise<boolean> {
    const closed: unknown[] = await tx.query(
      `UPDATE meeting_attendance SET left_at = greatest(joined_at, $3) WHERE meeting_id = $1 AND session_key = $2 AND left_at IS NULL RETURNING id`,
      [r.meetingId, r.sessionKey, r.at],
    );
    return closed.length > 0;
  }
}
