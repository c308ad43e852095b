import Redis from 'ioredis';

/** Deletes every BullMQ key under a test prefix (never anything else: the prefix must be a test one). */
export async function dropQueueKeys(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix.startsWith('kohtaamo-test-') && !prefix.startsWith('kohtaamo-bench-')) throw new Error(`refusing to delete keys of "${prefix}"`);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
