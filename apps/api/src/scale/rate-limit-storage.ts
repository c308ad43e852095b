import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ApiConfig } from '../config/config';

/**
 * Rate-limit counters in Redis, so that a limit holds for the sum of every API instance behind the load
 * balancer, not for each. Keys live under the instance group's QUEUE_PREFIX (`<prefix>:rl:`): instances
 * that share queues share limits; separate groups (and parallel test files) never count each other.
 * The connection closes with the application (the storage's onModuleDestroy).
 */
export function rateLimitStorage(config: Pick<ApiConfig, 'redisUrl' | 'queuePrefix'>): ThrottlerStorageRedisService {
  const storage = new ThrottlerStorageRedisService(config.redisUrl, { keyPrefix: `${config.queuePrefix}:rl:`, maxRetriesPerRequest: 2 });
  // a Redis outage surfaces through the requests that fail; an unhandled 'error' event would end the process
  storage.redis.on('error', () => undefined);
  return storage;
}
