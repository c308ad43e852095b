import { Injectable } from '@nestjs/common';
import { AnonymousContentRepository } from './anonymous-content.repository';
import { IdentifierCheckService, NEVER_EMAILED, type IdentifierContext } from './identifier-check.service';

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
    private readonly meetings: AnonymousContentRepository,
    private readonly identifiers: IdentifierCheckService,
  ) {}

  /** What a meeting about this request (or none) is. */
  static of(request: { anonymous: boolean } | null | undefined): MeetingAnonymity {
    return !request ? 'no_request' : request.anonymous ? 'anonymous_request' : 'identified';
  }

  /** What this meeting is about. */
  async meeting(meetingId: string): Promise<MeetingAnonymity> {
    return AnonymousContentService.of(await this.meetings.requestOfMeeting(meetingId));
  }

  /**
   * Throws 422 `identifier_in_anonymous` naming each field (`title`, `location`,
   * `participants[i].displayName`, `participants[i].email`) and the kind found, if the meeting is anonymous.
   */
  async assertMeeting(about: MeetingAnonymity, meeting: { title?: string | null; location?: string | null }, participants: ParticipantText[] = [], listField: string | null = 'participants'): Promise<void> {
    if (about !== 'identified') await this.assertAnonymous(about, meeting, participants, listField);
    await this.assertEmailedNames(participants, listField);
  }

  /**
   * Every participant's name greets them in every email ("Hei <name>"), whatever the meeting is about: an
   * identity code in it is refused (422 `identifier_in_anonymous`, field `participants[i].displayName`,
   * code `identifier_in_participant_name`) — plain email is no place for one (docs/domain.md).
   */
  private async assertEmailedNames(participants: ParticipantText[], listField: string | null): Promise<void> {
    const texts: Record<string, string | null | undefined> = {};
    participants.forEach((p, i) => (texts[listField ? `${listField}[${i}].displayName` : 'displayName'] = p.displayName));
    await this.identifiers.assertNone(texts, 'participant_name', NEVER_EMAILED);
  }

  private async assertAnonymous(about: MeetingAnonymity, meeting: { title?: string | null; location?: string | null }, participants: ParticipantText[], listField: string | null): Promise<void> {
    const at = (i: number, f: string) => (listField ? `${listField}[${i}].${f}` : f);
    const texts: Record<string, string | null | undefined> = { title: meeting.title, location: meeting.location };
    participants.forEach((p, i) => {
      if (p.kind === 'staff' || about !== 'anonymous_request') return;
      texts[at(i, 'displayName')] = p.displayName;
      if (p.kind === 'family') texts[at(i, 'email')] = p.email;
    });
    // worded for where each text goes: the title stays in staff calendars and records, the place is seen by everyone invited
    const context = (field: string): IdentifierContext => (field === 'title' ? 'meeting_title' : field === 'location' ? 'meeting_place' : 'participant');
    await this.identifiers.assertNone(texts, context);
  }

  /**
   * A reason for a reschedule or cancellation goes by plain email to everyone invited, outside partners
   * and the family included (docs/domain.md, The law that applies: confidential client data is not sent by email), whatever the
   * meeting is about: 422 `identifier_in_anonymous` naming `reason` if it looks like it names someone.
   */
  async assertReason(reason: string | null | undefined): Promise<void> {
    if (reason) await this.identifiers.assertNone({ reason }, 'notice_reason');
  }
}
