import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ConsentFacts, DataCategory, DisclosureBasis, FamilyRelation, OrganisationType, ParticipantKind } from '@kohtaamo/domain';
import { Page } from '../common/pagination.dto';

/** One disclosure of a client's data to someone outside the county's staff (migration 1765030000000). */
export interface DisclosureEntry {
  at: Date;
  clientId: string;
  basis: DisclosureBasis;
  /** the consent of the case (also when the basis is the client's or guardian's own right) */
  consentId: string | null;
  recipient: {
    kind: ParticipantKind;
    participantId: string | null;
    name: string;
    organisation: string | null;
    organisationType: OrganisationType | null;
    relation: FamilyRelation | null;
    /** the email address it went to (email disclosures) */
    address: string | null;
  };
  /** `link`: read through the recipient's own link (page or download); `email`: sent to an address */
  channel: 'link' | 'email';
  /** 'meeting' (the meeting's page), 'minutes', 'minutes_pdf', 'minutes_notice' */
  resourceType: string;
  resourceId: string | null;
  meetingId: string | null;
  /** the consent categories the data belongs to ('request' for a meeting's page, 'minutes') */
  dataCategories: string[];
  /** the organisation that disclosed it (palvelunantaja) */
  serviceProvider: string;
  /** the staff member who recorded it, when a person did (workers record as the system) */
  recordedById?: string | null;
  route?: string | null;
  ip?: string | null;
}

export interface DisclosureLogRow {
  id: string;
  at: Date;
  clientId: string;
  basis: DisclosureBasis;
  consentId: string | null;
  recipientKind: ParticipantKind;
  recipientParticipantId: string | null;
  recipientName: string;
  recipientOrganisation: string | null;
  recipientOrganisationType: string | null;
  recipientRelation: string | null;
  recipientAddress: string | null;
  channel: 'link' | 'email';
  resourceType: string;
  resourceId: string | null;
  meetingId: string | null;
  dataCategories: string[];
  serviceProvider: string;
  route: string | null;
}

/** What decides a guest's disclosure: their participant row, the meeting's case and consent, and who brought them in. */
export interface GuestDisclosureFacts {
  kind: ParticipantKind;
  relation: FamilyRelation | null;
  name: string;
  organisation: string | null;
  organisationType: OrganisationType | null;
  clientId: string | null;
  consentId: string | null;
  consent: ConsentFacts | null;
  serviceProvider: string | null;
}

const COLUMNS = `id, at, client_id AS "clientId", basis, consent_id AS "consentId", recipient_kind AS "recipientKind",
  recipient_participant_id AS "recipientParticipantId", recipient_name AS "recipientName", recipient_organisation AS "recipientOrganisation",
  recipient_organisation_type AS "recipientOrganisationType", recipient_relation AS "recipientRelation", recipient_address AS "recipientAddress",
  channel, resource_type AS "resourceType", resource_id AS "resourceId", meeting_id AS "meetingId", data_categories AS "dataCategories",
  service_provider AS "serviceProvider", route`;

/**
 * The disclosure log (luovutusloki): append-only in PostgreSQL (a trigger refuses UPDATE, DELETE,
 * TRUNCATE), readable by the system and the administrator only (row-level security); a guest appends
 * only entries naming themselves as the recipient. All its I/O is here.
 */
@Injectable()
export class DisclosureLogRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(entries: DisclosureEntry[], tx?: EntityManager): Promise<void> {
    if (!entries.length) return;
    const cols = 20;
    const values: unknown[] = [];
    const rows = entries.map((e, i) => {
      const r = e.recipient;
      values.push(
        e.at, e.clientId, e.basis, e.consentId, r.kind, r.participantId, r.name.slice(0, 200), r.organisation?.slice(0, 200) ?? null, r.organisationType, r.relation,
        r.address, e.channel, e.resourceType, e.resourceId, e.meetingId, e.dataCategories, e.serviceProvider.slice(0, 200), e.recordedById ?? null,
        e.route?.slice(0, 300) ?? null, e.ip ?? null,
      );
      return `(${Array.from({ length: cols }, (_, k) => `$${i * cols + k + 1}`).join(', ')})`;
    });
    await (tx ?? this.db).query(
      `INSERT INTO disclosure_log (at, client_id, basis, consent_id, recipient_kind, recipient_participant_id, recipient_name, recipient_organisation,
         recipient_organisation_type, recipient_relation, recipient_address, channel, resource_type, resource_id, meeting_id, data_categories,
         service_provider, recorded_by_id, route, ip)
       VALUES ${rows.join(', ')}`,
      values,
    );
  }

  /** One client's disclosures from `from` (inclusive) to `to` (exclusive), oldest first. */
  forClient(clientId: string, from: Date | null, to: Date | null): Promise<DisclosureLogRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM disclosure_log
        WHERE client_id = $1 AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)
        ORDER BY at, id`,
      [clientId, from, to],
    );
  }

  /** How many of one client's disclosures are older than `before`. */
  async countBefore(clientId: string, before: Date): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.db.query(`SELECT count(*)::int AS n FROM disclosure_log WHERE client_id = $1 AND at < $2`, [clientId, before]);
    return n;
  }

  /** One page of the log for administrators, newest first, with the total matching `q`. */
  async page(q: { clientId?: string; from?: string; to?: string; limit: number; offset: number }): Promise<Page<DisclosureLogRow>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.clientId) add('client_id = ?', q.clientId);
    if (q.from) add('at >= ?', new Date(q.from));
    if (q.to) add('at < ?', new Date(q.to));
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM disclosure_log ${w}`, params);
    const items = await this.db.query(`SELECT ${COLUMNS} FROM disclosure_log ${w} ORDER BY at DESC, id DESC LIMIT ${q.limit} OFFSET ${q.offset}`, params);
    return { items, total: n, limit: q.limit, offset: q.offset };
  }

  /**
   * A guest's standing for a disclosure of their meeting's data: read as the guest (row-level security
   * shows them their own participant row, their meeting's request and consent). The service provider is
   * the organisation of the professional who brought them in: the meeting's organiser, else the requester.
   */
  async guestFacts(participantId: string): Promise<GuestDisclosureFacts | null> {
    const rows: Array<{
      kind: ParticipantKind; family_relation: FamilyRelation | null; display_name: string; organisation_name: string | null; organisation_type: OrganisationType | null;
      client_id: string | null; consent_id: string | null; organisation_types: OrganisationType[] | null; data_categories: DataCategory[] | null;
      given_at: Date | null; valid_until: Date | null; withdrawn_at: Date | null; provider: string | null;
    }> = await this.db.query(
      `SELECT p.kind, p.family_relation, p.display_name, p.organisation_name, p.organisation_type, r.client_id, r.consent_id,
              s.organisation_types, s.data_categories, s.given_at, s.valid_until, s.withdrawn_at,
              coalesce(o.organisation, q.organisation) AS provider
         FROM meeting_participant p
         JOIN meeting m ON m.id = p.meeting_id
         LEFT JOIN consultation_request r ON r.id = m.request_id
         LEFT JOIN consent s ON s.id = r.consent_id
         LEFT JOIN person o ON o.id = m.organiser_id
         LEFT JOIN person q ON q.id = r.requester_id
        WHERE p.id = $1`,
      [participantId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      kind: r.kind,
      relation: r.family_relation,
      name: r.display_name,
      organisation: r.organisation_name,
      organisationType: r.organisation_type,
      clientId: r.client_id,
      consentId: r.consent_id,
      consent: r.given_at
        ? { organisationTypes: r.organisation_types ?? [], dataCategories: r.data_categories ?? [], givenAt: r.given_at, validUntil: r.valid_until, withdrawnAt: r.withdrawn_at }
        : null,
      serviceProvider: r.provider,
    };
  }
}
