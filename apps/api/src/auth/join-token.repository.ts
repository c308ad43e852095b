import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What a join token is issued from: the meeting's status, time, mode and title. */
export interface JoinableMeeting {
  status: string;
  startsAt: Date;
  endsAt: Date;
  mode: string;
  title: string;
}

/** The meeting and participant rows JoinTokenService reads (as the caller's actor). */
@Injectable()
export class JoinTokenRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The meeting, or null if it does not exist or row-level security hides it. */
  async meeting(meetingId: string): Promise<JoinableMeeting | null> {
    const rows: Array<{ status: string; starts_at: Date; ends_at: Date; mode: string; title: string }> = await this.db.query(
      `SELECT status, starts_at, ends_at, mode, title FROM meeting WHERE id = $1`,
      [meetingId],
    );
    const m = rows[0];
    return m ? { status: m.status, startsAt: m.starts_at, endsAt: m.ends_at, mode: m.mode, title: m.title } : null;
  }

  /** The id of a staff member's participant row in the meeting, or null if they are not a participant. */
  async participantIdOf(meetingId: string, personId: string): Promise<string | null> {
    const [p]: Array<{ id: string }> = await this.db.query(`SELECT id FROM meeting_participant WHERE meeting_id = $1 AND person_id = $2`, [meetingId, personId]);
    return p?.id ?? null;
  }
}
