import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { DomainError, ParticipantKind, consentAllows } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { PolicyService } from './policy.service';
import type { StaffPrincipal } from './principal';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { asSystem } from '../database/actor-context';
import { GuestPrincipal } from './principal';
import { InvitationsRepository } from './invitations.repository';

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
    private readonly links: InvitationsRepository,
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
    const p = await this.links.participant(meetingId, participantId);
    if (!p) throw DomainError.notFound('participant', participantId);
    // consent is checked here; the notifications worker (createKnown) checks outside participants' consent itself
    const uncovered = await this.consentRefusal(meetingId, participantId, this.clock.now());
    if (uncovered) throw DomainError.field('consent_required', 'participantId', uncovered);
    return this.createKnown({ meetingId, participantId, kind: p.kind, endsAt: p.endsAt, status: p.status }, createdById, expiresAt);
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
    const valid = await this.links.unrevoked(meetingId, participantId, graceEnd, now);
    const reusable = valid.find((v) => v.tokenHash === hashToken(this.tokenOf(v.id)));
    if (reusable) {
      const current = reusable.expiresAt ? new Date(reusable.expiresAt) : graceEnd;
      const until = expiresAt && expiresAt > current ? expiresAt : current;
      if (until !== current) await this.links.setExpiry(reusable.id, until);
      const token = this.tokenOf(reusable.id);
      return { id: reusable.id, token, link: `${this.config.publicUrl}/join?invitation=${token}`, expiresAt: until };
    }
    const id = randomUUID();
    const token = this.tokenOf(id);
    await this.links.insert({ id, meetingId, participantId, tokenHash: hashToken(token), createdById, expiresAt });
    return { id, token, link: `${this.config.publicUrl}/join?invitation=${token}`, expiresAt: expiresAt ?? graceEnd };
  }

  /** The meeting's guest links (without tokens), newest first, for those who manage it. */
  async listFor(meetingId: string, who: StaffPrincipal): Promise<InvitationInfo[]> {
    await this.policy.meeting(who, meetingId, 'manage');
    return this.list(meetingId);
  }

  /** The meeting's guest links, newest first; a link without a validity of its own expires at the meeting's end plus the grace. */
  async list(meetingId: string): Promise<InvitationInfo[]> {
    const rows = await this.links.forMeeting(meetingId);
    return rows.map((r) => ({
      id: r.id,
      participantId: r.participantId,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt ?? new Date(new Date(r.meetingEndsAt).getTime() + INVITATION_GRACE_MS),
      revokedAt: r.revokedAt,
      lastUsedAt: r.lastUsedAt,
    }));
  }

  /**
   * Why an outside participant may not be sent to or let into the meeting now, or null: the meeting's
   * consent no longer covers their organisation (withdrawn, expired, or never covering it). Outside
   * organisations take part only within the family's consent (README, privacy); the family and staff are
   * not held by it here. Read as the system: the caller may be a worker or a guest signing in.
   */
  async consentRefusal(meetingId: string, participantId: string, now: Date): Promise<string | null> {
    const r = await asSystem(() => this.links.participantConsent(meetingId, participantId));
    if (!r || r.kind !== 'external') return null;
    const consent = r.consent;
    if (consent && r.organisationType && consentAllows(consent, r.organisationType, 'request', now)) return null;
    return consent?.withdrawnAt && consent.withdrawnAt <= now
      ? 'the family withdrew its consent: outside organisations no longer take part in this meeting'
      : `the family's consent does not cover "${r.organisationType ?? 'unknown'}" now`;
  }

  /** The token of an invitation: derived from its id with the server's secret (43 base64url characters). */
  private tokenOf(id: string): string {
    return createHmac('sha256', this.config.joinTokenSecret).update(`invitation:${id}`).digest('base64url');
  }

  async revoke(meetingId: string, invitationId: string): Promise<void> {
    if (!(await this.links.revoke(meetingId, invitationId))) throw DomainError.notFound('invitation', invitationId);
  }

  /**
   * The guest behind a token, or 401: unknown and expired read the same; a revoked link is 410, and so is
   * a valid link of a cancelled meeting (details.reason `meeting_cancelled`). Runs as
   * the system actor: nobody is signed in yet, and row-level security shows a guest's participant row
   * only to an actor.
   */
  authenticate(token: string): Promise<GuestPrincipal> {
    return asSystem(() => this.authenticateAsSystem(token));
  }

  private async authenticateAsSystem(token: string): Promise<GuestPrincipal> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new DomainError('unauthorized', 'the invitation link is not valid');
    const i = await this.links.byTokenHash(hashToken(token));
    const now = this.clock.now().getTime();
    const expires = i ? (i.expiresAt ? new Date(i.expiresAt).getTime() : new Date(i.meetingEndsAt).getTime() + INVITATION_GRACE_MS) : 0;
    if (i?.revokedAt) {
      // withdrawn on purpose (by the organiser, or with the family's consent): the holder had a real link, so say so
      throw new DomainError('gone', 'this invitation link has been withdrawn; ask the organiser if you should still take part');
    }
    if (!i || now > expires) {
      throw new DomainError('unauthorized', 'the invitation link is not valid (it may have expired or been withdrawn); ask the organiser for a new one');
    }
    if (i.meetingStatus === 'cancelled') {
      // a real link of a meeting that was called off: the holder got the cancellation email too, so the
      // page may say so (410 with the reason), and nothing more — no time, place or minutes
      throw new DomainError('gone', 'the meeting has been cancelled', [], { reason: 'meeting_cancelled' });
    }
    await this.links.markUsed(i.id);
    return {
      kind: 'guest',
      invitationId: i.id,
      participantId: i.participantId,
      meetingId: i.meetingId,
      name: i.displayName,
      organisation: i.organisationName,
      organisationType: i.organisationType,
      roles: [i.kind === 'family' ? 'family_member' : 'external_guest'],
    };
  }
}
