import { SignJWT } from 'jose';
import { VIDEO_PRESENCE_AUDIENCE, VIDEO_PRESENCE_ISSUER, VIDEO_PRESENCE_TTL_S } from '@kohtaamo/protocol';
import type { PresenceEvent } from './room.model';

export interface PresenceReporterOptions {
  /** the API's origin (SFU_API_URL); reports go to `${apiUrl}/api/video/presence` */
  apiUrl: string;
  /** JOIN_TOKEN_SECRET, shared with the API */
  secret: string;
  logger?: { warn(message: string): void };
  /** attempts per report (default 4), waiting 0.5, 1, 2 s between them */
  attempts?: number;
  fetch?: typeof fetch;
}

/**
 * Tells the API who joined and left each call (attendance; issue 12), without the SFU ever touching the
 * database: each event becomes a short-lived JWS (HS256 with the join-token secret, audience
 * VIDEO_PRESENCE_AUDIENCE) posted to the API. Reports of one meeting go out in order, one at a time, so a
 * `left` never overtakes its `joined`; a report that fails after its attempts is logged and dropped
 * (attendance can still be marked by a host). Nothing here blocks the media path.
 */
export class PresenceReporter {
  private readonly key: Uint8Array;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly doFetch: typeof fetch;

  constructor(private readonly o: PresenceReporterOptions) {
    this.key = new TextEncoder().encode(o.secret);
    this.doFetch = o.fetch ?? fetch;
  }

  report(e: PresenceEvent): void {
    const before = this.queues.get(e.meetingId) ?? Promise.resolve();
    const next = before.then(() => this.send(e)).catch((err: unknown) => this.o.logger?.warn(`presence report for meeting ${e.meetingId} not delivered: ${String(err)}`));
    this.queues.set(e.meetingId, next);
    void next.then(() => {
      if (this.queues.get(e.meetingId) === next) this.queues.delete(e.meetingId);
    });
  }

  /** resolves when every report queued so far has been sent or given up (tests, shutdown) */
  async drain(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  private async send(e: PresenceEvent): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    const report = await new SignJWT({ mid: e.meetingId, ev: e.event, at: e.at, sk: e.sessionKey, ...(e.roomCount !== undefined ? { room: e.roomCount } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(e.participantId)
      .setIssuer(VIDEO_PRESENCE_ISSUER)
      .setAudience(VIDEO_PRESENCE_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + VIDEO_PRESENCE_TTL_S)
      .sign(this.key);
    const attempts = this.o.attempts ?? 4;
    let last = '';
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 500 * 2 ** (i - 1)));
      try {
        const res = await this.doFetch(`${this.o.apiUrl.replace(/\/$/, '')}/api/video/presence`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ report }),
          signal: AbortSignal.timeout(5000),
        });
        if (res.ok) return;
        last = `HTTP ${res.status}`;
        if (res.status >= 400 && res.status < 500) break; // refused: sending it again changes nothing
      } catch (err) {
        last = String(err);
      }
    }
    throw new Error(last);
  }
}
