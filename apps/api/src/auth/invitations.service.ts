import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConsentFacts, DataCategory, DomainError, OrganisationType, ParticipantKind, consentAllows } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { PolicyService } from './policy.service';
import type { StaffPrincipal } from './principal';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { asSystem } from '../database/actor-context';
import { GuestPrincipal } from './principal';

/** An invitation stays usable this long after its meeting ends (the meeting may run over). */
export const INVITATION_GRACE_MS = 2 * 3600_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** One guest link as the organiser sees it (never its token). */
export interface InvitationInfo {
  id: string;
  participantId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/**
 * Guest links: one per participant per meeting — asking again (a new email, the organiser's button)
 * gives the same link while it is valid; revoking it lets the next request mint a new one. The token is
 * HMAC-SHA256(JOIN_TOKEN_SECRET, invitation id), so the same link can be sent again without storing it. Only its SHA-256 is stored, so a lookup by
 * hash compares no secret in variable time and a database leak gives no usable link. A token is valid
 * for its meeting only, until two hours after the meeting ends, and until it is revoked.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly clock: Clock,
    private readonly policy: PolicyService,
  ) {}

  /** Mints a guest link as `who`, who must manage the meeting (its organiser, that day's chairs, a coordinator for sessions). */
  async createFor(meetingId: string, participantId: string, who: StaffPrincipal): Promise<{ id: string; token: string; link: string; expiresAt: Date }> {
    await this.policy.meeting(who, meetingId, 'manage');
    return this.create(meetingId, participantId, who.personId);
  }

  /** Revokes a guest link as `who` (same rule as minting). */
  async revokeFor(meetingId: string, invitationId: string, who: StaffPrincipal): Promise<void> {
    await this.policy.meeting(who, meetingId, 'manage');
    return this.revoke(meetingId, invitationId);
  }

  /**
   * The participant's link: the valid one if there is one (its validity extended to `expiresAt` if that
   * is later), otherwise a new one. `expiresAt`: a validity of its own (a link to read minutes after the
   * meeting); default: the meeting's end plus the grace.
   */
  async create(meetingId: string, participantId: string, createdById: string | null, expiresAt: Date | null = null): Promise<{ id: string; token: string; link: string; expiresAt: Date }> {
    const rows: Array<{ kind: ParticipantKind; ends_at: Date; status: string }> = await this.db.query(
      `SELECT p.kind, m.ends_at, m.status FROM meeting_participant p JOIN meeting m ON m.id = p.meeting_id WHERE p.id = $1 AND p.meeting_id = $2`,
      [participantId, meetingId],
    );
    const p = rows[0];
    if (!p) throw DomainError.notFound('participant', participantId);
    // consent is checked here; the notifications worker (createKnown) checks outside participants' consent itself
    const uncovered = await this.consentRefusal(meetingId, participantId, this.clock.now());
    if (uncovered) throw DomainError.field('consent_required', 'participantId', uncovered);
    return this.createKnown({ meetingId, participantId, kind: p.kind, endsAt: p.ends_at, status: p.status }, createdById, expiresAt);
  }

  /**
   * `create` for a caller that has just read the participant and its meeting (the notifications worker,
   * once per message): the same rules without reading them again.
   */
  async createKnown(
    p: { meetingId: string; participantId: string; kind: ParticipantKind; endsAt: Date; status: string },
    createdById: string | null,
    expiresAt: Date | null = null,
  ): Promise<{ id: string; token: string; link: string; expiresAt: Date }> {
    const { meetingId, participantId } = p;
    if (p.kind === 'staff') throw DomainError.field('unprocessable', 'participantId', 'staff sign in; invitations are for guests and the family');
    if (p.status === 'cancelled') throw DomainError.field('conflict', 'meetingId', 'the meeting is cancelled');
    const graceEnd = new Date(new Date(p.endsAt).getTime() + INVITATION_GRACE_MS);
    const now = this.clock.now();
    // the latest link still valid, if its token is one this service can derive again (not an older random one)
    const valid: Array<{ id: string; token_hash: string; expires_at: Date | null }> = await this.db.query(
      `SELECT id, token_hash, expires_at FROM meeting_invitation
        WHERE meeting_id = $1 AND participant_id = $2 AND revoked_at IS NULL AND coalesce(expires_at, $3) > $4
        ORDER BY created_at DESC`,
      [meetingId, participantId, graceEnd, now],
    );
    const reusable = valid.find((v) => v.token_hash === hashToken(this.tokenOf(v.id)));
    if (reusable) {
      const current = reusable.expires_at ? new Date(reusable.expires_at) : graceEnd;
      const until = expiresAt && expiresAt > current ? expiresAt : current;
      if (until !== current) await this.db.query(`UPDATE meeting_invitation SET expires_at = $2 WHERE id = $1`, [reusable.id, until]);
      const token = this.tokenOf(reusable.id);
      return { id: reusable.id, token, link: `${this.config.publicUrl}/join?invitation=${token}`, expiresAt: until };
    }
    const id = randomUUID();
    const token = this.tokenOf(id);
    await this.db.query(
      `INSERT INTO meeting_invitation (id, meeting_id, participant_id, token_hash, created_by_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, meetingId, participantId, hashToken(token), createdById, expiresAt],
    );
    return { id, token, link: `${this.config.publicUrl}/join?invitation=${token}`, expiresAt: expiresAt ?? graceEnd };
  }

  /** The meeting's guest links, newest first, without their tokens. */
  /** The meeting's guest links (without tokens), for those who manage it. */
  async listFor(meetingId: string, who: StaffPrincipal): Promise<InvitationInfo[]> {
    await this.policy.meeting(who, meetingId, 'manage');
    return this.list(meetingId);
  }

  async list(meetingId: string): Promise<InvitationInfo[]> {
    const rows: Array<{ id: string; participant_id: string; created_at: Date; expires_at: Date; revoked_at: Date | null; last_used_at: Date | null }> = await this.db.query(
      `SELECT i.id, i.participant_id, i.created_at, coalesce(i.expires_at, m.ends_at + $2 * interval '1 millisecond') AS expires_at, i.revoked_at, i.last_used_at
         FROM meeting_invitation i JOIN meeting m ON m.id = i.meeting_id WHERE i.meeting_id = $1 ORDER BY i.created_at DESC, i.id`,
      [meetingId, INVITATION_GRACE_MS],
    );
    return rows.map((r) => ({ id: r.id, participantId: r.participant_id, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at }));
  }

  /**
   * Why an outside participant may not be sent to or let into the meeting now, or null: the meeting's
   * consent no longer covers their organisation (withdrawn, expired, or never covering it). Outside
   * organisations take part only within the family's consent (README, privacy); the family and staff are
   * not held by it here. Read as the system: the caller may be a worker or a guest signing in.
   */
  async consentRefusal(meetingId: string, participantId: string, now: Date): Promise<string | null> {
    const rows: Array<{ kind: ParticipantKind; organisation_type: OrganisationType | null; organisation_types: OrganisationType[] | null; data_categories: DataCategory[] | null; given_at: Date | null; valid_until: Date | null; withdrawn_at: Date | null }> =
      await asSystem(() =>
        this.db.query(
          `SELECT p.kind, p.organisation_type, s.organisation_types, s.data_categories, s.given_at, s.valid_until, s.withdrawn_at
             FROM meeting_participant p JOIN meeting m ON m.id = p.meeting_id
             LEFT JOIN consultation_request r ON r.id = m.request_id LEFT JOIN consent s ON s.id = r.consent_id
            WHERE p.id = $1 AND p.meeting_id = $2`,
          [participantId, meetingId],
        ),
      );
    const r = rows[0];
    if (!r || r.kind !== 'external') return null;
    const consent: ConsentFacts | null = r.given_at
      ? { organisationTypes: r.organisation_types ?? [], dataCategories: r.data_categories ?? [], givenAt: r.given_at, validUntil: r.valid_until, withdrawnAt: r.withdrawn_at }
      : null;
    if (consent && r.organisation_type && consentAllows(consent, r.organisation_type, 'request', now)) return null;
    return consent?.withdrawnAt && consent.withdrawnAt <= now
      ? 'the family withdrew its consent: outside organisations no longer take part in this meeting'
      : `the family's consent does not cover "${r.organisation_type ?? 'unknown'}" now`;
  }

  /** The token of an invitation: derived from its id with the server's secret (43 base64url characters). */
  private tokenOf(id: string): string {
    return createHmac('sha256', this.config.joinTokenSecret).update(`invitation:${id}`).digest('base64url');
  }

  async revoke(meetingId: string, invitationId: string): Promise<void> {
    const r: [unknown[], number] = await this.db.query(
      `UPDATE meeting_invitation SET revoked_at = now() WHERE id = $1 AND meeting_id = $2 AND revoked_at IS NULL`,
      [invitationId, meetingId],
    );
    if (!r[1]) throw DomainError.notFound('invitation', invitationId);
  }

  /**
   * The guest behind a token, or 401: unknown, revoked, expired and cancelled all read the same. Runs as
   * the system actor: nobody is signed in yet, and row-level security shows a guest's participant row
   * only to an actor.
   */
  authenticate(token: string): Promise<GuestPrincipal> {
    return asSystem(() => this.authenticateAsSystem(token));
  }

  private async authenticateAsSystem(token: string): Promise<GuestPrincipal> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new DomainError('unauthorized', 'the invitation link is not valid');
    const rows: Array<{ id: string; participant_id: string; meeting_id: string; display_name: string; kind: ParticipantKind; organisation_name: string | null; organisation_type: OrganisationType | null; revoked_at: Date | null; ends_at: Date; expires_at: Date | null; status: string }> =
      await this.db.query(
        `SELECT i.id, i.participant_id, i.meeting_id, p.display_name, p.kind, p.organisation_name, p.organisation_type, i.revoked_at, m.ends_at, i.expires_at, m.status
           FROM meeting_invitation i JOIN meeting_participant p ON p.id = i.participant_id JOIN meeting m ON m.id = i.meeting_id
          WHERE i.token_hash = $1`,
        [hashToken(token)],
      );
    const i = rows[0];
    const now = this.clock.now().getTime();
    const expires = i ? (i.expires_at ? new Date(i.expires_at).getTime() : new Date(i.ends_at).getTime() + INVITATION_GRACE_MS) : 0;
    if (i?.revoked_at) {
      // withdrawn on purpose (by the organiser, or with the family's consent): the holder had a real link, so say so
      throw new DomainError('gone', 'this invitation link has been withdrawn; ask the organiser if you should still take part');
    }
    if (!i || i.status === 'cancelled' || now > expires) {
      throw new DomainError('unauthorized', 'the invitation link is not valid (it may have expired or been withdrawn); ask the organiser for a new one');
    }
    await this.db.query(`UPDATE meeting_invitation SET last_used_at = now() WHERE id = $1`, [i.id]);
    return {
      kind: 'guest',
      invitationId: i.id,
      participantId: i.participant_id,
      meetingId: i.meeting_id,
      name: i.display_name,
      organisation: i.organisation_name,
      organisationType: i.organisation_type,
      roles: [i.kind === 'family' ? 'family_member' : 'external_guest'],
    };
  }
}
