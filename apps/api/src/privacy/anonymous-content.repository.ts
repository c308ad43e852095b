import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What the anonymity rules read: whether a meeting's request is anonymous. */
@Injectable()
export class AnonymousContentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The request a meeting is about, as far as anonymity goes; null when it is about none (or there is no such meeting). */
  async requestOfMeeting(meetingId: string): Promise<{ anonymous: boolean } | null> {
    const rows: Array<{ anonymous: boolean | null }> = await this.db.query(
      `SELECT r.anonymous FROM meeting m LEFT JOIN consultation_request r ON r.id = m.request_id WHERE m.id = $1`,
      [meetingId],
    );
    return rows[0]?.anonymous == null ? null : { anonymous: rows[0].anonymous };
  }
}
