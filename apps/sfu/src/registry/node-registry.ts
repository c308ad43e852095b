import Redis from 'ioredis';
import { sfuKeys, type SfuNodeRecord } from '@kohtaamo/domain';
import type { SfuRegistryConfig } from '../config/sfu.config';

export interface NodeLoad {
  workers: number;
  peers: number;
  rooms: number;
  consumers: number;
}

export interface RegistryLogger {
  warn(message: string): void;
}

/** What the registry checks on this node's meetings at each heartbeat. */
export interface NodeMeetings {
  ids(): string[];
  /** the meeting is placed on another node now */
  handOver(meetingId: string): void;
}

/** A node is dead this many heartbeats after its last one (its Redis key expires). */
export const HEARTBEATS_TO_DEATH = 3;

/**
 * This SFU node in the Redis registry (libs/domain/src/sfu-nodes.ts): every heartbeat it writes its
 * address and load under a key that expires after HEARTBEATS_TO_DEATH intervals, so a node that dies —
 * SIGKILL, power, network — drops out of the API's choice within about three seconds, while a node that
 * shuts down cleanly removes itself at once. Redis being away only delays heartbeats (logged once).
 */
export class NodeRegistry {
  private readonly redis: Redis;
  private readonly keys: ReturnType<typeof sfuKeys>;
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  private failing = false;

  private constructor(
    private readonly config: SfuRegistryConfig,
    private readonly url: string,
    private readonly load: () => NodeLoad,
    private readonly logger: RegistryLogger | undefined,
    private readonly meetings: NodeMeetings | undefined,
  ) {
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.redis.on('error', () => undefined);
    this.keys = sfuKeys(config.prefix);
    this.timer = setInterval(() => void this.beat(), config.heartbeatMs);
    this.timer.unref();
  }

  /** Registers the node (first heartbeat written before this resolves) and keeps it registered. */
  static async start(config: SfuRegistryConfig, url: string, load: () => NodeLoad, logger?: RegistryLogger, meetings?: NodeMeetings): Promise<NodeRegistry> {
    const r = new NodeRegistry(config, url, load, logger, meetings);
    await r.redis.connect();
    await r.beat(true);
    return r;
  }

  get nodeId(): string {
    return this.config.nodeId;
  }

  /** Whether a meeting may live on this node: placed here, or not placed at all (Redis unreachable: yes). */
  async mayHost(meetingId: string): Promise<boolean> {
    try {
      const placed = await this.redis.get(this.keys.meeting(meetingId));
      return placed === null || placed === this.config.nodeId;
    } catch {
      return true;
    }
  }

  record(): SfuNodeRecord {
    return { id: this.config.nodeId, url: this.url, ...this.load(), at: Date.now() };
  }

  /** Leaves the registry at once (a clean shutdown): the API stops placing meetings here. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    try {
      await this.redis.multi().del(this.keys.node(this.config.nodeId)).srem(this.keys.nodes, this.config.nodeId).exec();
    } catch {
      // the key expires by itself
    }
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Hands over meetings the API has placed on another node meanwhile (this node was presumed dead). */
  private async checkPlacements(): Promise<void> {
    const ids = this.meetings?.ids() ?? [];
    if (ids.length === 0) return;
    const placed = await this.redis.mget(ids.map((id) => this.keys.meeting(id)));
    ids.forEach((id, i) => {
      const node = placed[i];
      if (node !== null && node !== undefined && node !== this.config.nodeId) this.meetings?.handOver(id);
    });
  }

  private async beat(throwOnError = false): Promise<void> {
    if (this.closed) return;
    const ttl = this.config.heartbeatMs * HEARTBEATS_TO_DEATH;
    try {
      await this.redis.multi().set(this.keys.node(this.config.nodeId), JSON.stringify(this.record()), 'PX', ttl).sadd(this.keys.nodes, this.config.nodeId).exec();
      if (this.failing) this.logger?.warn('registry: heartbeats reach Redis again');
      this.failing = false;
      await this.checkPlacements();
    } catch (e) {
      if (throwOnError) throw e;
      if (!this.failing) this.logger?.warn(`registry: cannot write the heartbeat to Redis: ${e instanceof Error ? e.message : String(e)}`);
      this.failing = true;
    }
  }
}
