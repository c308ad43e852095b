import { Inject, Injectable, Logger } from '@nestjs/common';
import { SignJWT } from 'jose';
import { JOIN_TOKEN_ISSUER, SFU_CONTROL_AUDIENCE, SFU_CONTROL_TTL_S } from '@kohtaamo/protocol';
import { Clock } from '../common/clock';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { SfuNodesRepository } from './sfu-nodes.repository';

/** How long the API waits for an SFU node to take an order. */
const ORDER_TIMEOUT_MS = 3000;

/**
 * Orders to the SFU node a meeting lives on (libs/protocol tokens.ts SfuControlClaims): the same secret
 * as join tokens, another audience. Sent to the node the meeting is placed on (the registry), else to the
 * single SFU at SFU_PUBLIC_URL. Best effort: an unreachable node is logged and reported, never an error
 * for the caller — the API has already stopped issuing tokens to these participants, and a node that
 * comes back gets no meeting without asking the API.
 */
@Injectable()
export class SfuControlService {
  private readonly logger = new Logger('SfuControl');
  private readonly key: Uint8Array;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly nodes: SfuNodesRepository,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(config.joinTokenSecret);
  }

  /** Removes participants from a meeting's call and lobby now. Whether the node took the order. */
  async removeParticipants(meetingId: string, participantIds: string[]): Promise<boolean> {
    if (!participantIds.length) return true;
    return this.order(meetingId, 'remove', { mid: meetingId, remove: participantIds }, `remove ${participantIds.length} participant(s) of`);
  }

  /** Ends a meeting's call for everyone now (its host ended the meeting in the staff app). Whether the node took the order. */
  endMeeting(meetingId: string): Promise<boolean> {
    return this.order(meetingId, 'end', { mid: meetingId, end: true }, 'end the call of');
  }

  private async order(meetingId: string, path: 'remove' | 'end', claims: Record<string, unknown>, what: string): Promise<boolean> {
    const url = await this.nodeUrl(meetingId);
    if (url === null) return true; // placed on a node that is gone: nobody is in that call any more
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const order = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(JOIN_TOKEN_ISSUER)
      .setAudience(SFU_CONTROL_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + SFU_CONTROL_TTL_S)
      .sign(this.key);
    try {
      const res = await fetch(`${url.replace(/\/$/, '')}/control/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${order}` },
        signal: AbortSignal.timeout(ORDER_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return true;
    } catch (e) {
      this.logger.warn(`could not tell the SFU at ${url} to ${what} meeting ${meetingId}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  private async nodeUrl(meetingId: string): Promise<string | null> {
    try {
      const placed = await this.nodes.placement(meetingId);
      if (placed !== undefined) return (await this.nodes.node(placed))?.url ?? null;
    } catch (e) {
      this.logger.warn(`cannot read the SFU registry (${e instanceof Error ? e.message : String(e)}); using SFU_PUBLIC_URL`);
    }
    return this.config.sfuPublicUrl;
  }
}
