import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { DomainError, meetingDecision } from '@kohtaamo/domain';
import { JOIN_TOKEN_AUDIENCE, JOIN_TOKEN_ISSUER, type IceServer, type JoinTokenPayload, type VideoRole } from '@kohtaamo/protocol';
import { PolicyService, actorOf } from './policy.service';
import { Clock } from '../common/clock';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { SfuPlacementService } from '../video/sfu-placement.service';
import { turnIceServers } from '../video/turn-credentials';
import { INVITATION_GRACE_MS, InvitationsService } from './invitations.service';
import { JoinTokenRepository } from './join-token.repository';
import { Principal } from './principal';

const MAX_TTL_MS = 4 * 3600_000;

export interface JoinTokenResponse {
  token: string;
  expiresAt: Date;
  sfuUrl: string;
  role: VideoRole;
  meetingId: string;
  /** the SFU node the meeting is placed on (several nodes registered); absent with a single SFU */
  node?: string;
  /** TURN servers with credentials valid until expiresAt (empty when TURN is not configured) */
  iceServers: IceServer[];
  /**
   * For the join page's heading: the meeting's title for staff; null for a guest, who (as in the .ics of their
   * invitation, notifications.processor) sees a neutral word instead — a title may name the case.
   */
  title: string | null;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Issues the token that lets someone into a meeting's video (its claims are JoinTokenClaims, libs/protocol/src/tokens.ts).
 * Staff who may read the meeting (libs/domain/policy.ts) join as members, hosts when they organised it
 * or chair its team on the meeting's day; a guest joins only the meeting of their invitation, through the lobby.
 */
@Injectable()
export class JoinTokenService {
  private readonly key: Uint8Array;

  constructor(
    private readonly meetings: JoinTokenRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly clock: Clock,
    private readonly policy: PolicyService,
    private readonly placement: SfuPlacementService,
    private readonly invitations: InvitationsService,
  ) {
    this.key = new TextEncoder().encode(config.joinTokenSecret);
  }

  async issue(principal: Principal, meetingId: string, roomDevice?: { peopleInRoom: number }): Promise<JoinTokenResponse> {
    // who may join (meetingDecision 'read') is asked first: a meeting the caller takes no part in is a
    // 404 whatever its status, so its status is not disclosed either
    const facts = principal.kind === 'staff' ? await this.policy.meeting(principal, meetingId, 'read') : null;
    const m = await this.meetings.meeting(meetingId);
    if (!m || (principal.kind === 'guest' && principal.meetingId !== meetingId)) throw DomainError.notFound('meeting', meetingId);
    if (m.status === 'cancelled') throw DomainError.field('conflict', 'meetingId', 'the meeting is cancelled');
    // a host has ended it (held): there is no call to join any more
    if (m.status === 'held') throw new DomainError('conflict', 'meetingId: the meeting has ended', [{ field: 'meetingId', reason: 'the meeting has ended', code: 'meeting_ended' }]);
    const now = this.clock.now().getTime();
    const until = new Date(m.endsAt).getTime() + INVITATION_GRACE_MS;
    if (now > until) throw DomainError.field('conflict', 'meetingId', 'the meeting is over');
    if (m.mode === 'in_person') throw DomainError.field('unprocessable', 'meetingId', 'the meeting is in person only; it has no video');

    let sub: string;
    let name: string;
    let role: VideoRole;
    if (principal.kind === 'guest') {
      if (roomDevice) throw DomainError.field('forbidden', 'roomDevice', 'only staff can join as a meeting room device');
      // an outside participant joins only within the family's consent (a withdrawal revokes their link too)
      const uncovered = await this.invitations.consentRefusal(meetingId, principal.participantId, this.clock.now());
      if (uncovered) throw DomainError.field('consent_required', 'meetingId', uncovered);
      sub = principal.participantId;
      name = principal.organisation ? `${principal.name} (${principal.organisation})` : principal.name;
      role = 'guest';
    } else {
      // who may join and who hosts: the one policy (meetingDecision 'read' and 'host'), the chair on the meeting's day
      sub = (await this.meetings.participantIdOf(meetingId, principal.personId)) ?? `person:${principal.personId}`;
      name = roomDevice ? `${principal.organisation} – meeting room` : principal.name;
      role = facts && meetingDecision(actorOf(principal), 'host', facts).allowed ? 'host' : 'member';
    }
    const expiresAt = new Date(Math.min(until, now + MAX_TTL_MS));
    // several SFU nodes: the meeting lives on one; its address goes in the answer and its id in the token
    const placed = await this.placement.place(meetingId, now, expiresAt.getTime());
    const claims: JoinTokenPayload = {
      mid: meetingId,
      name,
      role,
      ...(roomDevice ? { room: roomDevice.peopleInRoom } : {}),
      ...(placed ? { node: placed.nodeId } : {}),
    };
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuer(JOIN_TOKEN_ISSUER)
      .setAudience(JOIN_TOKEN_AUDIENCE)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    const iceServers = turnIceServers(this.config.turn, sub, expiresAt.getTime());
    const about = { title: principal.kind === 'guest' ? null : m.title, startsAt: new Date(m.startsAt), endsAt: new Date(m.endsAt) };
    return { token, expiresAt, sfuUrl: placed?.url ?? this.config.sfuPublicUrl, role, meetingId, iceServers, ...about, ...(placed ? { node: placed.nodeId } : {}) };
  }
}
