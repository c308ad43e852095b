import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { JOIN_TOKEN_AUDIENCE, JOIN_TOKEN_ISSUER, SFU_CONTROL_AUDIENCE, VIDEO_ROLES, type VideoRole } from '@kohtaamo/domain';
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

const MAX_ID = 200;
const MAX_NAME = 100;
const MAX_ROOM = 500;

function isRole(v: unknown): v is VideoRole {
  return typeof v === 'string' && (VIDEO_ROLES as readonly string[]).includes(v);
}

function str(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t.length > 0 && t.length <= max ? t : undefined;
}

/** Verifies the compact JWS (HS256) the API signs with JOIN_TOKEN_SECRET; see libs/domain/src/join-token.ts. */
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
    const participantId = str(payload['sub'], MAX_ID);
    const meetingId = str(payload['mid'], MAX_ID);
    const name = str(payload['name'], MAX_NAME);
    const role = payload['role'];
    const room = payload['room'];
    const exp = payload['exp'];
    if (participantId === undefined || meetingId === undefined || name === undefined || !isRole(role) || typeof exp !== 'number') {
      throw new SfuError('invalid_token', 'the join token lacks a participant, meeting, name or role', 'token');
    }
    if (room !== undefined && !(Number.isInteger(room) && typeof room === 'number' && room >= 1 && room <= MAX_ROOM)) {
      throw new SfuError('invalid_token', 'the join token has an invalid room head count', 'token');
    }
    if (expectedMeetingId !== undefined && expectedMeetingId !== meetingId) {
      throw new SfuError('wrong_meeting', 'the join token is for another meeting', 'meetingId');
    }
    // A meeting lives on one node: a token placed on another node (an old link after a failover) is sent
    // back for a new one, so that no meeting is ever split over two nodes.
    const node = payload['node'];
    if (node !== undefined && typeof node !== 'string') throw new SfuError('invalid_token', 'the join token has an invalid node', 'token');
    if (node !== undefined && this.nodeId !== undefined && node !== this.nodeId) {
      throw new SfuError('wrong_node', 'the meeting is on another media server; ask for a new join token', 'token');
    }
    return { participantId, meetingId, name, role, roomCount: room, expiresAt: exp * 1000, ...(node === undefined ? {} : { node }) };
  }

  /** Verifies an order from the API (libs/domain join-token.ts SfuControlClaims): who to remove from which meeting. */
  async verifyControl(token: string): Promise<{ meetingId: string; participantIds: string[] }> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: JOIN_TOKEN_ISSUER, audience: SFU_CONTROL_AUDIENCE, requiredClaims: ['exp', 'mid'] }));
    } catch {
      throw new SfuError('invalid_token', 'the order is not valid', 'token');
    }
    const meetingId = str(payload['mid'], MAX_ID);
    const remove = payload['remove'];
    if (meetingId === undefined || !Array.isArray(remove) || remove.length > 500 || !remove.every((p) => str(p, MAX_ID) !== undefined)) {
      throw new SfuError('invalid_token', 'the order lacks a meeting or its participants', 'token');
    }
    return { meetingId, participantIds: (remove as string[]).map((p) => p.trim()) };
  }
}
