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
 * The anonymity rules for meetings, in one place.
 * - A meeting about an anonymous request: its title and place, and its non-staff participants, must not
 *   identify anyone. Family members appear by relation only ("äiti", "isä"): a name is refused by the
 *   detector and any email address is refused outright (it would identify the family and invite them by mail).
 * - A meeting about no request (a team session): no consent stands behind it, so its title and place are
 *   checked the same way; its participants are not (a session may have guests of its own; the minutes of
 *   an anonymous case handled in it name family members by relation only).
 * - A meeting about an identified request: nothing is checked (the consent covers it).
 * Staff are professionals acting in their role and are never checked.
 */
export type MeetingAnonymity = 'anonymous_request' | 'no_request' | 'identified';

@Injectable()
export class AnonymousContentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly identifiers: IdentifierCheckService,
  ) {}

  /** What a meeting about this request (or none) is. */
  static of(request: { anonymous: boolean } | null | undefined): MeetingAnonymity {
    return !request ? 'no_request' : request.anonymous ? 'anonymous_request' : 'identified';
  }

  /** What this meeting is about. */
  async meeting(meetingId: string): Promise<MeetingAnonymity> {
    const rows: Array<{ anonymous: boolean | null }> = await this.db.query(
      `SELECT r.anonymous FROM meeting m LEFT JOIN consultation_request r ON r.id = m.request_id WHERE m.id = $1`,
      [meetingId],
    );
    return AnonymousContentService.of(rows[0]?.anonymous == null ? null : { anonymous: rows[0].anonymous });
  }

  /**
   * Throws 422 `identifier_in_anonymous` naming each field (`title`, `location`,
   * `participants[i].displayName`, `participants[i].email`) and the kind found, if the meeting is anonymous.
   */
  async assertMeeting(about: MeetingAnonymity, meeting: { title?: string | null; location?: string | null }, participants: ParticipantText[] = [], listField: string | null = 'participants'): Promise<void> {
    if (about === 'identified') return;
    const at = (i: number, f: string) => (listField ? `${listField}[${i}].${f}` : f);
    const texts: Record<string, string | null | undefined> = { title: meeting.title, location: meeting.location };
    participants.forEach((p, i) => {
      if (p.kind === 'staff' || about !== 'anonymous_request') return;
      texts[at(i, 'displayName')] = p.displayName;
      if (p.kind === 'family') texts[at(i, 'email')] = p.email;
    });
    await this.identifiers.assertNone(texts);
  }

  /**
   * A reason for a reschedule or cancellation goes by plain email to everyone invited, outside partners
   * and the family included (docs/domain.md, The law that applies: confidential client data is not sent by email), whatever the
   * meeting is about: 422 `identifier_in_anonymous` naming `reason` if it looks like it names someone.
   */
  async assertReason(reason: string | null | undefined): Promise<void> {
    if (reason) await this.identifiers.assertNone({ reason });
  }
}
