import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ConsentFacts, Locale } from '@kohtaamo/domain';
import { InvitationsService } from '../auth/invitations.service';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import type { DeliveryRow } from '../notifications/delivery.store';
import type { OutgoingMail } from '../notifications/mailer.service';
import { MeetingFacts, compose } from '../notifications/messages';
import type { FamilyRelation, ParticipantKind, OrganisationType } from '@kohtaamo/domain';
import { DisclosureLogRepository } from '../auth/disclosure-log.repository';
import { minutesRecipientDecision } from './minutes-recipients';

export interface MinutesAbout {
  id: string;
  version: number;
  anonymous: boolean;
  locale: Locale;
  pdf: Buffer | null;
  consent: ConsentFacts | null;
}

/** Loads finalised minutes with what decides who may receive them (the request's consent). */
export async function loadMinutesAbout(db: DataSource, minutesId: string): Promise<MinutesAbout | null> {
  const rows: Array<{
    id: string;
    version: number;
    anonymous: boolean;
    locale: Locale;
    pdf: Buffer | null;
    organisation_types: string[] | null;
    data_categories: string[] | null;
    given_at: Date | null;
    valid_until: Date | null;
    withdrawn_at: Date | null;
  }> = await db.query(
    `SELECT m.id, m.version, m.anonymous, m.locale, m.pdf, c.organisation_types, c.data_categories, c.given_at, c.valid_until, c.withdrawn_at
       FROM minutes m
       LEFT JOIN consultation_request r ON r.id = m.request_id
       LEFT JOIN consent c ON c.id = r.consent_id
      WHERE m.id = $1 AND m.status = 'finalised'`,
    [minutesId],
  );
  const r = rows[0];
  if (!r) return null;
  const consent: ConsentFacts | null = r.given_at
    ? {
        organisationTypes: (r.organisation_types ?? []) as ConsentFacts['organisationTypes'],
        dataCategories: (r.data_categories ?? []) as ConsentFacts['dataCategories'],
        givenAt: r.given_at,
        validUntil: r.valid_until,
        withdrawnAt: r.withdrawn_at,
      }
    : null;
  return { id: r.id, version: Number(r.version), anonymous: r.anonymous, locale: r.locale, pdf: r.pdf, consent };
}

/** How long a guest's or family member's link to read finalised minutes works (consent is checked at each reading). */
export const MINUTES_LINK_DAYS = 30;

/**
 * Composes the email that tells of finalised minutes, after checking once more that this recipient may
 * have them. The minutes are never attached (confidential client data is not sent by email): staff get a
 * link to read them after signing in; a guest or family member a link of their own (an invitation
 * token valid {@link MINUTES_LINK_DAYS} days, for this meeting only), checked against the consent when
 * they read. The link carries the token in the fragment, which never reaches a server log.
 */
@Injectable()
export class MinutesMailer {
  private readonly logger = new Logger('MinutesMailer');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly invitations: InvitationsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly disclosures: DisclosureLogRepository,
  ) {}

  async compose(
    row: DeliveryRow,
    to: { id: string; name: string; email: string | null; locale: Locale; kind: ParticipantKind; organisationType: OrganisationType | null },
    meeting: MeetingFacts,
    now: Date,
  ): Promise<Omit<OutgoingMail, 'messageId'> | { withheld: string }> {
    const about = row.minutesId ? await loadMinutesAbout(this.db, row.minutesId) : null;
    if (!about) return { withheld: 'the minutes are not finalised' };
    const relation = to.kind === 'family' ? await this.relationOf(to.id) : null;
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
    const content = compose(about.version > 1 ? 'minutes_correction' : 'minutes', to.locale, to.name, meeting, { version: about.version, audience, minutesUrl });
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
    const rows: Array<{ directory: string | null; name: string; organisation: string | null; client_id: string | null; consent_id: string | null; provider: string | null }> =
      await this.db.query(
        `SELECT pe.email AS directory, p.display_name AS name, pe.organisation, r.client_id, r.consent_id, coalesce(o.organisation, q.organisation) AS provider
           FROM minutes n
           JOIN meeting m ON m.id = n.meeting_id
           JOIN meeting_participant p ON p.id = $2 AND p.meeting_id = m.id
           LEFT JOIN person pe ON pe.id = p.person_id
           LEFT JOIN consultation_request r ON r.id = coalesce(n.request_id, m.request_id)
           LEFT JOIN person o ON o.id = m.organiser_id
           LEFT JOIN person q ON q.id = r.requester_id
          WHERE n.id = $1`,
        [row.minutesId, to.id],
      );
    const r = rows[0];
    if (!r?.client_id || (r.directory && r.directory.trim().toLowerCase() === to.email.trim().toLowerCase())) return;
    await this.disclosures.record([
      {
        at: now,
        clientId: r.client_id,
        basis: 'staff_duty',
        consentId: r.consent_id,
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

  private async relationOf(participantId: string): Promise<FamilyRelation | null> {
    const rows: Array<{ family_relation: FamilyRelation | null }> = await this.db.query(`SELECT family_relation FROM meeting_participant WHERE id = $1`, [participantId]);
    return rows[0]?.family_relation ?? null;
  }
}
