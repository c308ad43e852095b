import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { JOIN_TOKEN_AUDIENCE, JOIN_TOKEN_ISSUER, SFU_CONTROL_AUDIENCE, readJoinTokenClaims, readSfuControlClaims, readSfuEndClaims, type VideoRole } from '@kohtaamo/protocol';
import { SfuError } from '../common/sfu.error';
import { SFU_CONFIG } from '../config/sfu-config.token';
import type { SfuConfig } from '../config/sfu.config';
import { jwtVerify } from 'jose';

/** Who a verified join token says the bearer is. */
export interface JoinIdentity {
  participantId: string;
  meetingId: string;
  name: string;
  role: VideoRole;
  /** people in the meeting room behind this device (hybrid sessions) */
  roomCount?: number;
  /** token expiry, ms since epoch */
  expiresAt: number;
  /** the SFU node the API placed the meeting on (several nodes); absent with a single SFU */
  node?: string;
}

/** Verifies the compact JWS (HS256) the API signs with JOIN_TOKEN_SECRET; the claims are libs/protocol/src/tokens.ts. */
@Injectable()
export class JoinTokenService {
  private readonly key: KeyObject;
  private readonly nodeId: string | undefined;

  constructor(@Inject(SFU_CONFIG) config: SfuConfig) {
    this.key = createSecretKey(Buffer.from(config.joinTokenSecret, 'utf8'));
    this.nodeId = config.registry?.nodeId;
  }

  async verify(token: string, expectedMeetingId?: string): Promise<JoinIdentity> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: JOIN_TOKEN_ISSUER,
        audience: JOIN_TOKEN_AUDIENCE,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (e) {
      const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
      if (code === 'ERR_JWT_EXPIRED') throw new SfuError('token_expired', 'the join token has expired; ask for a new link', 'token');
      throw new SfuError('invalid_token', 'the join token is not valid', 'token');
    }
    const read = readJoinTokenClaims(payload);
    if (!read.ok) throw new SfuError('invalid_token', read.message, 'token');
    const { sub: participantId, mid: meetingId, name, role, room, node, exp } = read.claims;
    if (expectedMeetingId !== undefined && expectedMeetingId !== meetingId) {
      throw new SfuError('wrong_meeting', 'the join token is for another meeting', 'meetingId');
    }
    // A meeting lives on one node: a token placed on another node (an old link after a failover) is sent
    // back for a new one, so that no meeting is ever split over two nodes.
    if (node !== undefined && this.nodeId !== undefined && node !== this.nodeId) {
      throw new SfuError('wrong_node', 'the meeting is on another media server; ask for a new join token', 'token');
    }
    return { participantId, meetingId, name, role, roomCount: room, expiresAt: exp * 1000, ...(node === undefined ? {} : { node }) };
  }

  /** Verifies an order from the API (libs/protocol tokens.ts SfuControlClaims): who to remove from which meeting. */
  async verifyControl(token: string): Promise<{ meetingId: string; participantIds: string[] }> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: JOIN_TOKEN_ISSUER, audience: SFU_CONTROL_AUDIENCE, requiredClaims: ['exp', 'mid'] }));
    } catch {
      throw new SfuError('invalid_token', 'the order is not valid', 'token');
    }
    const read = readSfuControlClaims(payload);
    if (!read.ok) throw new SfuError('invalid_token', read.message, 'token');
    return { meetingId: read.claims.mid, participantIds: read.claims.remove };
  }

  /** An order to end a meeting's call (libs/protocol readSfuEndClaims): its meeting id. */
  async verifyEndOrder(token: string): Promise<string> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: JOIN_TOKEN_ISSUER, audience: SFU_CONTROL_AUDIENCE, requiredClaims: ['exp', 'mid'] }));
    } catch {
      throw new SfuError('invalid_token', 'the order is not valid', 'token');
    }
    const read = readSfuEndClaims(payload);
    if (!read.ok) throw new SfuError('invalid_token', read.message, 'token');
    return read.claims.mid;
  }
}
