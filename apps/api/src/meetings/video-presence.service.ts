import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify } from 'jose';
import { DomainError } from '@kohtaamo/domain';
import { VIDEO_PRESENCE_AUDIENCE, VIDEO_PRESENCE_ISSUER, type VideoPresenceClaims } from '@kohtaamo/protocol';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { Clock } from '../common/clock';
import { asSystem } from '../database/actor-context';
import { MeetingsService } from './meetings.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Takes the SFU node's signed report of a video connection (POST /api/video/presence) and records it as
 * attendance. The report is a compact JWS (HS256, JOIN_TOKEN_SECRET, audience VIDEO_PRESENCE_AUDIENCE,
 * libs/protocol tokens.ts): only a holder of the secret — an SFU node of this county — can write one.
 * A bad signature, audience or expiry is a 401 `unauthorized`; a malformed claim a 400 naming it.
 */
@Injectable()
export class VideoPresenceService {
  private readonly key: Uint8Array;

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    private readonly clock: Clock,
    private readonly meetings: MeetingsService,
  ) {
    this.key = new TextEncoder().encode(config.joinTokenSecret);
  }

  async record(report: string): Promise<{ recorded: boolean }> {
    let c: VideoPresenceClaims;
    try {
      const { payload } = await jwtVerify(report, this.key, {
        algorithms: ['HS256'], audience: VIDEO_PRESENCE_AUDIENCE, issuer: VIDEO_PRESENCE_ISSUER, currentDate: this.clock.now(),
      });
      c = payload as unknown as VideoPresenceClaims;
    } catch {
      throw new DomainError('unauthorized', 'the presence report is not signed by an SFU node of this service, or has expired');
    }
    if (typeof c.mid !== 'string' || !UUID.test(c.mid)) throw DomainError.field('validation_failed', 'report.mid', 'must be a meeting id');
    if (typeof c.sub !== 'string' || c.sub.length > 100) throw DomainError.field('validation_failed', 'report.sub', 'must be a participant');
    if (c.ev !== 'joined' && c.ev !== 'left') throw DomainError.field('validation_failed', 'report.ev', 'must be joined or left');
    if (typeof c.at !== 'number' || !Number.isFinite(c.at)) throw DomainError.field('validation_failed', 'report.at', 'must be a time in ms');
    if (typeof c.sk !== 'string' || c.sk === '' || c.sk.length > 200) throw DomainError.field('validation_failed', 'report.sk', 'must be a connection key');
    if (c.room !== undefined && (!Number.isInteger(c.room) || c.room < 0 || c.room > 500)) throw DomainError.field('validation_failed', 'report.room', 'must be 0–500');
    return asSystem(() =>
      this.meetings.recordVideoPresence({ meetingId: c.mid, subject: c.sub, event: c.ev, at: new Date(c.at), sessionKey: c.sk, roomCount: c.room }),
    );
  }
}
