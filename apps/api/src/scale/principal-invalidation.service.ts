import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { PrincipalCache } from '../auth/principal-cache';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { RedisService } from '../redis/redis.module';

/**
 * Several API instances each keep a short cache of verified principals (auth/principal-cache.ts). When one
 * instance changes what an account may do, every instance must forget: the change is published on Redis
 * (`<QUEUE_PREFIX>:principals:clear`) and each other instance clears its cache when the message arrives
 * (well under a millisecond on one host; the same order as a database round trip between hosts).
 */
@Injectable()
export class PrincipalInvalidation implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PrincipalInvalidation');
  private readonly instance = randomUUID();
  private readonly channel: string;
  private subscriber?: Redis;

  constructor(
    private readonly cache: PrincipalCache,
    private readonly redis: RedisService,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.channel = `${config.queuePrefix}:principals:clear`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const sub = this.redis.client.duplicate();
    sub.on('error', () => undefined);
    this.subscriber = sub;
    sub.on('message', (channel: string, from: string) => {
      if (channel === this.channel && from !== this.instance) this.cache.clearLocal();
    });
    await sub.subscribe(this.channel);
    this.cache.onCleared(() => {
      this.redis.client.publish(this.channel, this.instance).catch((e: unknown) => {
        this.logger.warn(`cannot tell the other instances to clear their principal caches: ${e instanceof Error ? e.message : String(e)}`);
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
