import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Locale, OrganisationType, ParticipantKind } from '@kohtaamo/domain';
import { InvitationsService } from '../auth/invitations.service';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import type { DeliveryContext, DeliveryHandler, DeliveryOutcome } from '../notifications/delivery-handlers';
import type { DeliveryRow } from '../notifications/delivery.repository';
import type { OutgoingMail } from '../notifications/mailer.service';
import { MeetingFacts, compose } from '../notifications/messages';
import { DisclosureLogRepository } from '../auth/disclosure-log.repository';
import { MinutesMailRepository } from './minutes-mail.repository';
import { minutesRecipientDecision } from './minutes-recipients';

/** How long a guest's or family member's link to read finalised minutes works (consent is checked at each reading). */
export const MINUTES_LINK_DAYS = 30;

/**
 * Sends the `minutes` messages for the notifications worker (registered as their `DeliveryHandler` by
 * MinutesWorkersModule): the email that tells of finalised minutes, after checking once more that this
 * recipient may have them. The minutes are never attached (confidential client data is not sent by email): staff get a
 * link to read them after signing in; a guest or family member a link of their own (an invitation
 * token valid {@link MINUTES_LINK_DAYS} days, for this meeting only), checked against the consent when
 * they read. The link carries the token in the fragment, which never reaches a server log.
 */
@Injectable()
export class MinutesMailer implements DeliveryHandler {
  private readonly logger = new Logger('MinutesMailer');

  constructor(
    private readonly minutes: MinutesMailRepository,
    private readonly invitations: InvitationsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly disclosures: DisclosureLogRepository,
  ) {}

  /** One `minutes` message: to a participant who still belongs to the meeting, has an address and may have the minutes now. */
  async deliver(row: DeliveryRow, { meeting, participant, now, send }: DeliveryContext): Promise<DeliveryOutcome> {
    if (!participant) return { status: 'superseded', reason: 'no longer a participant' };
    if (!participant.email) return { status: 'no_address', reason: 'the participant has no email address' };
    const mail = await this.compose(row, participant, meeting, now);
    if ('withheld' in mail) return { status: 'withheld', reason: mail.withheld };
    const messageId = await send(mail);
    await this.recordSent(row, participant, now); // the disclosure log (never throws)
    return { status: 'sent', kind: 'minutes', messageId };
  }

  async compose(
    row: DeliveryRow,
    to: { id: string; name: string; email: string | null; locale: Locale; kind: ParticipantKind; organisationType: OrganisationType | null },
    meeting: MeetingFacts,
    now: Date,
  ): Promise<Omit<OutgoingMail, 'messageId'> | { withheld: string }> {
    const about = row.minutesId ? await this.minutes.about(row.minutesId) : null;
    if (!about) return { withheld: 'the minutes are not finalised' };
    const relation = to.kind === 'family' ? await this.minutes.familyRelation(to.id) : null;
    const decision = minutesRecipientDecision({ ...to, relation }, about, now);
    if (!decision.allowed) return { withheld: decision.reason };
    // staff: the minutes page of the staff app (signs in first); guests and the family: their own page,
    // the token in the fragment so that it never reaches a server's log
    const origin = this.config.publicUrl.replace(/\/$/, '');
    let minutesUrl = `${origin}/meetings/${row.meetingId}/minutes`;
    if (to.kind !== 'staff') {
      const { token } = await this.invitations.create(row.meetingId, to.id, null, new Date(now.getTime() + MINUTES_LINK_DAYS * 86_400_000));
      minutesUrl = `${origin}/guest#invitation=${token}&minutes=${about.id}&lang=${to.locale}`;
    }
    const audience = to.kind === 'staff' ? 'staff' : 'outside';
    // a guest's message carries their own page only (minutesUrl), never the staff app's join link
    const facts = audience === 'staff' ? meeting : { ...meeting, joinUrl: null };
    const content = compose(about.version > 1 ? 'minutes_correction' : 'minutes', to.locale, to.name, facts, { version: about.version, audience, minutesUrl });
    return { to: { name: to.name, address: to.email! }, subject: content.subject, text: content.text };
  }

  /**
   * After a minutes notice went out: a staff participant whose email was set for this meeting to another
   * address than the directory's (a private or outside mailbox) received the meeting's title and a link to
   * an identified client's minutes outside the county's own mail — a disclosure, logged as one. Notices to
   * directory addresses stay within the county's staff; notices to guests and the family carry no client
   * data (their reading through the link is logged when it happens).
   */
  async recordSent(row: DeliveryRow, to: { id: string; kind: ParticipantKind; email: string | null }, now: Date): Promise<void> {
    // the message is out: a failure here must not make the worker send it again (it is logged instead)
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.recordDisclosure(row, to, now);
      } catch (e) {
        if (attempt >= 5) {
          this.logger.error(`${row.key} was sent but its disclosure could not be logged: ${(e as Error).message}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  private async recordDisclosure(row: DeliveryRow, to: { id: string; kind: ParticipantKind; email: string | null }, now: Date): Promise<void> {
    if (to.kind !== 'staff' || !to.email || !row.minutesId) return;
    const r = await this.minutes.noticeDisclosure(row.minutesId, to.id);
    if (!r?.clientId || (r.directoryEmail && r.directoryEmail.trim().toLowerCase() === to.email.trim().toLowerCase())) return;
    await this.disclosures.record([
      {
        at: now,
        clientId: r.clientId,
        basis: 'staff_duty',
        consentId: r.consentId,
        recipient: { kind: 'staff', participantId: to.id, name: r.name, organisation: r.organisation, organisationType: null, relation: null, address: to.email },
        channel: 'email',
        resourceType: 'minutes_notice',
        resourceId: row.minutesId,
        meetingId: row.meetingId,
        dataCategories: ['minutes'],
        serviceProvider: r.provider ?? r.organisation ?? 'Kohtaamo',
      },
    ]);
  }
}
