import { FakeMediasoup } from '../../../../test/support/fake-mediasoup';
import { WorkerPool } from './worker-pool.service';

const base = { listenIp: '127.0.0.1', rtcPortBase: 40000, respawnDelayMs: 10, acquireTimeoutMs: 500 };

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error('condition never held');
}

describe('WorkerPool', () => {
  it('starts one worker per slot, each with a WebRtcServer on UDP and TCP port base + index', async () => {
    const ms = new FakeMediasoup();
    const pool = await WorkerPool.create({ ...base, count: 3, announcedIp: '203.0.113.7' }, ms);
    expect(ms.workers).toHaveLength(3);
    expect(ms.workers.map((w) => w.servers[0]?.listenInfos)).toEqual([40000, 40001, 40002].map((port) => [
      { protocol: 'udp', ip: '127.0.0.1', port, announcedIp: '203.0.113.7' },
      { protocol: 'tcp', ip: '127.0.0.1', port, announcedIp: '203.0.113.7' },
    ]));
    pool.close();
  });

  it('hands workers out round-robin', async () => {
    const pool = await WorkerPool.create({ ...base, count: 3 }, new FakeMediasoup());
    const order: number[] = [];
    for (let i = 0; i < 7; i++) order.push((await pool.acquire()).index);
    expect(order).toEqual([0, 1, 2, 0, 1, 2, 0]);
    pool.close();
  });

  it('skips a dead worker, tells listeners, and respawns it on the same port', async () => {
    const ms = new FakeMediasoup();
    const pool = await WorkerPool.create({ ...base, count: 2 }, ms);
    const died: number[] = [];
    pool.onWorkerDied((slot) => died.push(slot.index));
    ms.workers[0]?.die();
    expect(died).toEqual([0]);
    expect(pool.status().map((s) => s.alive)).toEqual([false, true]);
    expect((await pool.acquire()).index).toBe(1);
    expect((await pool.acquire()).index).toBe(1);
    await until(() => pool.liveWorkers().length === 2);
    expect(ms.workers).toHaveLength(3);
    expect(ms.workers[2]?.servers[0]?.listenInfos).toEqual([
      { protocol: 'udp', ip: '127.0.0.1', port: 40000 },
      { protocol: 'tcp', ip: '127.0.0.1', port: 40000 },
    ]);
    expect(pool.status()[0]).toMatchObject({ alive: true, deaths: 1 });
    pool.close();
  });

  it('waits for a respawn when every worker is down, and keeps retrying a failing respawn', async () => {
    const ms = new FakeMediasoup();
    const pool = await WorkerPool.create({ ...base, count: 1, acquireTimeoutMs: 2000 }, ms);
    ms.failNext = 2;
    ms.workers[0]?.die();
    const slot = await pool.acquire();
    expect(slot.worker).toBe(ms.workers[1]);
    pool.close();
  });

  it('gives up acquiring after its timeout with an "unavailable" error', async () => {
    const ms = new FakeMediasoup();
    const pool = await WorkerPool.create({ ...base, count: 1, respawnDelayMs: 60_000, acquireTimeoutMs: 50 }, ms);
    ms.workers[0]?.die();
    await expect(pool.acquire()).rejects.toMatchObject({ code: 'unavailable' });
    pool.close();
  });

  it('closes the workers it started when one cannot start', async () => {
    const ms = new FakeMediasoup();
    const failing = { ...ms, createWorker: async (s: Parameters<FakeMediasoup['createWorker']>[0]) => {
      if (ms.workers.length === 1) throw new Error('no');
      return ms.createWorker(s);
    } };
    await expect(WorkerPool.create({ ...base, count: 2 }, failing)).rejects.toThrow('no');
    expect(ms.workers).toHaveLength(1);
    expect(ms.workers.every((w) => w.closed)).toBe(true);
  });

  it('close() is idempotent, closes every worker and does not respawn', async () => {
    const ms = new FakeMediasoup();
    const pool = await WorkerPool.create({ ...base, count: 2 }, ms);
    pool.close();
    pool.close();
    expect(ms.workers).toHaveLength(2);
    expect(ms.workers.every((w) => w.closed)).toBe(true);
    await expect(pool.acquire()).rejects.toMatchObject({ code: 'unavailable' });
    await new Promise((r) => setTimeout(r, 30));
    expect(ms.workers).toHaveLength(2);
  });
});
