import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ConsentFacts, FamilyRelation, Locale, OrganisationType, ParticipantKind } from '@kohtaamo/domain';

/** Finalised minutes with what decides who may receive them (the consent of their request, if any). */
export interface MinutesAbout {
  id: string;
  version: number;
  anonymous: boolean;
  locale: Locale;
  pdf: Buffer | null;
  consent: ConsentFacts | null;
}

/** A participant of the meeting as a minutes notice to them is planned. */
export interface MinutesRecipient {
  id: string;
  kind: ParticipantKind;
  displayName: string;
  email: string | null;
  locale: Locale;
  organisationType: OrganisationType | null;
}

/** What the disclosure of a minutes notice to a staff participant's own address is logged with. */
export interface NoticeDisclosureFacts {
  /** the participant's address in the directory (null: not in the directory) */
  directoryEmail: string | null;
  name: string;
  organisation: string | null;
  /** the client of the minutes' request (or of the meeting's); null: no identified client */
  clientId: string | null;
  consentId: string | null;
  /** the organisation of the meeting's organiser, else of the request's requester */
  provider: string | null;
}

/**
 * What distributing finalised minutes and sending their notices read: the minutes with their consent,
 * the meeting's participants, a family member's relation, and the facts a notice's disclosure is
 * logged with. Read-only, on a pooled connection as the current actor.
 */
@Injectable()
export class MinutesMailRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Finalised minutes with the consent of their request (null when they are about no request or it has none); null if not finalised. */
  async about(minutesId: string): Promise<MinutesAbout | null> {
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
    }> = await this.db.query(
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

  /** The meeting's participants in the order they were added. */
  async recipients(meetingId: string): Promise<MinutesRecipient[]> {
    const rows: Array<{ id: string; kind: ParticipantKind; display_name: string; email: string | null; locale: Locale; organisation_type: OrganisationType | null }> =
      await this.db.query(`SELECT id, kind, display_name, email, locale, organisation_type FROM meeting_participant WHERE meeting_id = $1 ORDER BY added_order`, [meetingId]);
    return rows.map((p) => ({ id: p.id, kind: p.kind, displayName: p.display_name, email: p.email, locale: p.locale, organisationType: p.organisation_type }));
  }

  /** A family participant's relation to the client; null if none is recorded (or there is no such participant). */
  async familyRelation(participantId: string): Promise<FamilyRelation | null> {
    const rows: Array<{ family_relation: FamilyRelation | null }> = await this.db.query(`SELECT family_relation FROM meeting_participant WHERE id = $1`, [participantId]);
    return rows[0]?.family_relation ?? null;
  }

  /** The facts of a minutes notice to `participantId` (a participant of the minutes' meeting); null if there is no such pair. */
  async noticeDisclosure(minutesId: string, participantId: string): Promise<NoticeDisclosureFacts | null> {
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
        [minutesId, participantId],
      );
    const r = rows[0];
    if (!r) return null;
    return { directoryEmail: r.directory, name: r.name, organisation: r.organisation, clientId: r.client_id, consentId: r.consent_id, provider: r.provider };
  }
}
