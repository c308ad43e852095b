import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IdentifierCheckService } from './identifier-check.service';

/** What of a participant can identify the family: the name shown and the address invitations go to. */
export interface ParticipantText {
  kind: string;
  displayName?: string | null;
  email?: string | null;
}

/**
 * The anonymity rules for meetings, in one place. A meeting is anonymous unless it is about an
 * identified request (a team session, a meeting about no request or about an anonymous request all
 * are): its title and place, and its non-staff participants, must not identify anyone. Family members
 * appear by relation only ("äiti", "isä"): a name is refused by the detector and any email address is
 * refused outright (it would identify the family and invite them by mail). Staff are professionals
 * acting in their role and are not checked.
 */
@Injectable()
export class AnonymousContentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly identifiers: IdentifierCheckService,
  ) {}

  /** Is this request anonymous (no request at all counts as anonymous)? */
  async requestIsAnonymous(requestId: string | null | undefined): Promise<boolean> {
    if (!requestId) return true;
    const rows: Array<{ anonymous: boolean }> = await this.db.query(`SELECT anonymous FROM consultation_request WHERE id = $1`, [requestId]);
    return rows[0]?.anonymous ?? true;
  }

  /** Is this meeting anonymous (not about an identified request)? */
  async meetingIsAnonymous(meetingId: string): Promise<boolean> {
    const rows: Array<{ anonymous: boolean | null }> = await this.db.query(
      `SELECT r.anonymous FROM meeting m LEFT JOIN consultation_request r ON r.id = m.request_id WHERE m.id = $1`,
      [meetingId],
    );
    return rows[0]?.anonymous ?? true;
  }

  /**
   * Throws 422 `identifier_in_anonymous` naming each field (`title`, `location`,
   * `participants[i].displayName`, `participants[i].email`) and the kind found, if the meeting is anonymous.
   */
  async assertMeeting(anonymous: boolean, meeting: { title?: string | null; location?: string | null }, participants: ParticipantText[] = [], listField: string | null = 'participants'): Promise<void> {
    if (!anonymous) return;
    const at = (i: number, f: string) => (listField ? `${listField}[${i}].${f}` : f);
    const texts: Record<string, string | null | undefined> = { title: meeting.title, location: meeting.location };
    participants.forEach((p, i) => {
      if (p.kind === 'staff') return;
      texts[at(i, 'displayName')] = p.displayName;
      if (p.kind === 'family') texts[at(i, 'email')] = p.email;
    });
    await this.identifiers.assertNone(texts);
  }
}
