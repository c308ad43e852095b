import { Inject, Injectable } from '@nestjs/common';
import { sfuKeys, type SfuNodeRecord } from '@kohtaamo/domain';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { RedisService } from '../redis/redis.module';

/** How long a placement counts as "recent" (until the node's heartbeats show the meeting's peers). */
const RECENT_MS = 10_000;

/**
 * Keeps the meeting where it is while its node lives; otherwise places it on the candidate. Atomic, so
 * two API instances signing tokens for one meeting at the same moment agree on one node.
 * KEYS[1] meeting key; ARGV: candidate id, placement ttl (ms), node key prefix, recent key prefix, recent ttl.
 */
const PLACE = `
local current = redis.call('GET', KEYS[1])
if current and redis.call('EXISTS', ARGV[3] .. current) == 1 then
  -- only ever lengthen: a shorter-lived token must not let the placement lapse while others still use it
  if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  return current
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('INCR', ARGV[4] .. ARGV[1])
redis.call('PEXPIRE', ARGV[4] .. ARGV[1], ARGV[5])
return ARGV[1]
`;

/** The SFU node registry in Redis (libs/domain/src/sfu-nodes.ts), read and written by the API. */
@Injectable()
export class SfuNodesRepository {
  private readonly keys: ReturnType<typeof sfuKeys>;

  constructor(
    private readonly redis: RedisService,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.keys = sfuKeys(config.queuePrefix);
  }

  /** Live nodes (heartbeat key present) with their recent placements; ids whose key expired are pruned. */
  async liveNodes(): Promise<Array<SfuNodeRecord & { recent: number }>> {
    const r = this.redis.client;
    const ids = await r.smembers(this.keys.nodes);
    if (ids.length === 0) return [];
    const [records, recents] = await Promise.all([r.mget(ids.map((id) => this.keys.node(id))), r.mget(ids.map((id) => this.keys.recent(id)))]);
    const live: Array<SfuNodeRecord & { recent: number }> = [];
    const dead: string[] = [];
    ids.forEach((id, i) => {
      const raw = records[i];
      if (raw === null || raw === undefined) {
        dead.push(id);
        return;
      }
      try {
        live.push({ ...(JSON.parse(raw) as SfuNodeRecord), id, recent: Number(recents[i] ?? 0) || 0 });
      } catch {
        dead.push(id);
      }
    });
    // a dead id may come back (a restarted node re-adds itself); removing it meanwhile is harmless
    if (dead.length > 0) await r.srem(this.keys.nodes, ...dead).catch(() => undefined);
    return live;
  }

  async node(id: string): Promise<SfuNodeRecord | undefined> {
    const raw = await this.redis.client.get(this.keys.node(id));
    return raw === null ? undefined : (JSON.parse(raw) as SfuNodeRecord);
  }

  /** The node the meeting lives on: kept if it is live, else the candidate (returns the id in force). */
  async place(meetingId: string, candidateId: string, ttlMs: number): Promise<string> {
    const prefixOf = (key: string): string => key.slice(0, key.length - 1);
    const result = await this.redis.client.eval(
      PLACE,
      1,
      this.keys.meeting(meetingId),
      candidateId,
      String(Math.max(1000, Math.round(ttlMs))),
      prefixOf(this.keys.node('x')),
      prefixOf(this.keys.recent('x')),
      String(RECENT_MS),
    );
    return String(result);
  }

  /** Where the meeting is placed now (for tests and operations), live or not. */
  async placement(meetingId: string): Promise<string | undefined> {
    return (await this.redis.client.get(this.keys.meeting(meetingId))) ?? undefined;
  }
}
