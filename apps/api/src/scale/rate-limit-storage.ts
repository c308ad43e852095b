import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import type { ApiConfig } from '../config/config';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters in Redis, so that a limit holds for the sum of every API instance behind the load
 * balancer, not for each. Keys live under the instance group's QUEUE_PREFIX (`<prefix>:rl:`): instances
 * that share queues share limits; separate groups (and parallel test files) never count each other.
 *
 * While Redis cannot be reached the counting falls back to this process's memory (each instance then
 * limits on its own, as before several instances), rather than refusing every request: a rate limit is a
 * guard against floods, not a reason to take the service down. Redis commands fail fast (no offline queue).
 */
export class RateLimitStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('RateLimits');
  private readonly redis: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private degraded = false;

  constructor(config: Pick<ApiConfig, 'redisUrl' | 'queuePrefix'>) {
    this.redis = new ThrottlerStorageRedisService(config.redisUrl, { keyPrefix: `${config.queuePrefix}:rl:`, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    // an unhandled 'error' event would end the process; failures surface through increment()
    this.redis.redis.on('error', () => undefined);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      const record = await this.redis.increment(key, ttl, limit, blockDuration, throttlerName);
      if (this.degraded) this.logger.warn('rate limits are counted in Redis again');
      this.degraded = false;
      return record;
    } catch (e) {
      if (!this.degraded) this.logger.warn(`rate limits counted per instance while Redis is unreachable: ${e instanceof Error ? e.message : String(e)}`);
      this.degraded = true;
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  onModuleDestroy(): void {
    this.redis.onModuleDestroy();
    this.local.onApplicationShutdown();
  }
}

export function rateLimitStorage(config: Pick<ApiConfig, 'redisUrl' | 'queuePrefix'>): RateLimitStorage {
  return new RateLimitStorage(config);
}
