import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ConsentFacts, DataCategory, OrganisationType, ParticipantKind } from '@kohtaamo/domain';

/** A participant as a guest link needs it: who they are and the meeting's end and status. */
export interface LinkParticipant {
  kind: ParticipantKind;
  endsAt: Date;
  status: string;
}

/** A stored link that is neither revoked nor past its validity. */
export interface UnrevokedLink {
  id: string;
  tokenHash: string;
  /** its own validity; null = the meeting's end plus the grace */
  expiresAt: Date | null;
}

/** One of a meeting's links as stored (never a token: only its hash is kept, and not returned here). */
export interface StoredLink {
  id: string;
  participantId: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** the meeting's end, from which a link without its own validity is valid */
  meetingEndsAt: Date;
}

/** What decides whether a participant is covered by the family's consent of the meeting's case. */
export interface ParticipantConsent {
  kind: ParticipantKind;
  organisationType: OrganisationType | null;
  /** the consent of the meeting's request; null when the meeting is about no identified request */
  consent: ConsentFacts | null;
}

/** A link found by its token's hash, with the participant and meeting it lets in. */
export interface LinkHolder {
  id: string;
  participantId: string;
  meetingId: string;
  displayName: string;
  kind: ParticipantKind;
  organisationName: string | null;
  organisationType: OrganisationType | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  meetingEndsAt: Date;
  meetingStatus: string;
}

/**
 * meeting_invitation — the guest links — and the participant and meeting rows a link is judged by. All
 * the I/O of InvitationsService; the rules (reuse, validity, consent) stay there. Each method runs as the
 * caller's actor: the service decides when that is the system.
 */
@Injectable()
export class InvitationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A participant of a meeting, or null if there is none with that id in that meeting (or it is hidden). */
  async participant(meetingId: string, participantId: string): Promise<LinkParticipant | null> {
    const rows: Array<{ kind: ParticipantKind; ends_at: Date; status: string }> = await this.db.query(
      `SELECT p.kind, m.ends_at, m.status FROM meeting_participant p JOIN meeting m ON m.id = p.meeting_id WHERE p.id = $1 AND p.meeting_id = $2`,
      [participantId, meetingId],
    );
    const p = rows[0];
    return p ? { kind: p.kind, endsAt: p.ends_at, status: p.status } : null;
  }

  /**
   * A participant's links that are not revoked and still valid at `now`, newest first; a link without a
   * validity of its own counts as valid until `defaultExpiry`.
   */
  async unrevoked(meetingId: string, participantId: string, defaultExpiry: Date, now: Date): Promise<UnrevokedLink[]> {
    const rows: Array<{ id: string; token_hash: string; expires_at: Date | null }> = await this.db.query(
      `SELECT id, token_hash, expires_at FROM meeting_invitation
        WHERE meeting_id = $1 AND participant_id = $2 AND revoked_at IS NULL AND coalesce(expires_at, $3) > $4
        ORDER BY created_at DESC`,
      [meetingId, participantId, defaultExpiry, now],
    );
    return rows.map((r) => ({ id: r.id, tokenHash: r.token_hash, expiresAt: r.expires_at }));
  }

  /** Sets a link's validity. */
  async setExpiry(id: string, expiresAt: Date): Promise<void> {
    await this.db.query(`UPDATE meeting_invitation SET expires_at = $2 WHERE id = $1`, [id, expiresAt]);
  }

  /** Stores a new link (its token's hash only); `expiresAt` null = the meeting's end plus the grace. */
  async insert(link: { id: string; meetingId: string; participantId: string; tokenHash: string; createdById: string | null; expiresAt: Date | null }): Promise<void> {
    await this.db.query(
      `INSERT INTO meeting_invitation (id, meeting_id, participant_id, token_hash, created_by_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [link.id, link.meetingId, link.participantId, link.tokenHash, link.createdById, link.expiresAt],
    );
  }

  /** A meeting's links, newest first (ties by id). */
  async forMeeting(meetingId: string): Promise<StoredLink[]> {
    const rows: Array<{ id: string; participant_id: string; created_at: Date; expires_at: Date | null; revoked_at: Date | null; last_used_at: Date | null; ends_at: Date }> =
      await this.db.query(
        `SELECT i.id, i.participant_id, i.created_at, i.expires_at, i.revoked_at, i.last_used_at, m.ends_at
           FROM meeting_invitation i JOIN meeting m ON m.id = i.meeting_id WHERE i.meeting_id = $1 ORDER BY i.created_at DESC, i.id`,
        [meetingId],
      );
    return rows.map((r) => ({
      id: r.id,
      participantId: r.participant_id,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
      lastUsedAt: r.last_used_at,
      meetingEndsAt: r.ends_at,
    }));
  }

  /**
   * A participant's kind and organisation type, and the consent of their meeting's request (null when
   * the meeting is about no request, or the request has no consent); null when there is no such participant.
   */
  async participantConsent(meetingId: string, participantId: string): Promise<ParticipantConsent | null> {
    const rows: Array<{
      kind: ParticipantKind; organisation_type: OrganisationType | null; organisation_types: OrganisationType[] | null; data_categories: DataCategory[] | null;
      given_at: Date | null; valid_until: Date | null; withdrawn_at: Date | null;
    }> = await this.db.query(
      `SELECT p.kind, p.organisation_type, s.organisation_types, s.data_categories, s.given_at, s.valid_until, s.withdrawn_at
         FROM meeting_participant p JOIN meeting m ON m.id = p.meeting_id
         LEFT JOIN consultation_request r ON r.id = m.request_id LEFT JOIN consent s ON s.id = r.consent_id
        WHERE p.id = $1 AND p.meeting_id = $2`,
      [participantId, meetingId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      kind: r.kind,
      organisationType: r.organisation_type,
      consent: r.given_at
        ? { organisationTypes: r.organisation_types ?? [], dataCategories: r.data_categories ?? [], givenAt: r.given_at, validUntil: r.valid_until, withdrawnAt: r.withdrawn_at }
        : null,
    };
  }

  /** Revokes a link of a meeting now (the database's time); false if there is no such link not yet revoked. */
  async revoke(meetingId: string, invitationId: string): Promise<boolean> {
    const [, affected]: [unknown[], number] = await this.db.query(
      `UPDATE meeting_invitation SET revoked_at = now() WHERE id = $1 AND meeting_id = $2 AND revoked_at IS NULL`,
      [invitationId, meetingId],
    );
    return affected > 0;
  }

  /** The link whose token has this SHA-256 (hex), with its participant and meeting, or null. */
  async byTokenHash(tokenHash: string): Promise<LinkHolder | null> {
    const rows: Array<{
      id: string; participant_id: string; meeting_id: string; display_name: string; kind: ParticipantKind; organisation_name: string | null;
      organisation_type: OrganisationType | null; revoked_at: Date | null; ends_at: Date; expires_at: Date | null; status: string;
    }> = await this.db.query(
      `SELECT i.id, i.participant_id, i.meeting_id, p.display_name, p.kind, p.organisation_name, p.organisation_type, i.revoked_at, m.ends_at, i.expires_at, m.status
         FROM meeting_invitation i JOIN meeting_participant p ON p.id = i.participant_id JOIN meeting m ON m.id = i.meeting_id
        WHERE i.token_hash = $1`,
      [tokenHash],
    );
    const i = rows[0];
    if (!i) return null;
    return {
      id: i.id,
      participantId: i.participant_id,
      meetingId: i.meeting_id,
      displayName: i.display_name,
      kind: i.kind,
      organisationName: i.organisation_name,
      organisationType: i.organisation_type,
      revokedAt: i.revoked_at,
      expiresAt: i.expires_at,
      meetingEndsAt: i.ends_at,
      meetingStatus: i.status,
    };
  }

  /** Notes that a link was used just now (the database's time). */
  async markUsed(id: string): Promise<void> {
    await this.db.query(`UPDATE meeting_invitation SET last_used_at = now() WHERE id = $1`, [id]);
  }
}
