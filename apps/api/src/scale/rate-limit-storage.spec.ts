import { createServer, type AddressInfo } from 'node:net';
import { RateLimitStorage } from './rate-limit-storage';

/** Redis unreachable (a port nobody listens on): limits are still counted, in this process. */
describe('RateLimitStorage without Redis', () => {
  it('falls back to counting in memory instead of failing the request', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const storage = new RateLimitStorage({ redisUrl: `redis://127.0.0.1:${port}`, queuePrefix: 'rl-unit' });
    try {
      const first = await storage.increment('client-a', 60_000, 2, 60_000, 'default');
      const second = await storage.increment('client-a', 60_000, 2, 60_000, 'default');
      const third = await storage.increment('client-a', 60_000, 2, 60_000, 'default');
      expect([first.totalHits, second.totalHits, third.totalHits]).toEqual([1, 2, 3]);
      expect(third.isBlocked).toBe(true);
    } finally {
      storage.onModuleDestroy();
    }
  });
});
