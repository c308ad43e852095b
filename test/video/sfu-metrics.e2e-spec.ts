import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { audioRtpParameters, type TestClient } from './support/client';
import { joinAs, joined, prepareMedia } from './support/participants';
import { startSfu } from './support/sfu';

/** One sample's value from Prometheus text (`name{labels} value`); undefined when the series is absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

async function until(what: string, cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('SFU /metrics (Prometheus)', () => {
  const TOKEN = 'sfu-metrics-token-0123456789';
  let sfu: RunningSfu;
  const open: TestClient[] = [];
  const scrape = async (): Promise<string> => {
    const res = await fetch(`${sfu.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    sfu = await startSfu({ workers: 2, metricsToken: TOKEN, production: true }, { respawnDelayMs: 300 });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await sfu?.close();
  });

  it('is closed without the token', async () => {
    expect((await fetch(`${sfu.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${sfu.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789ab' } })).status).toBe(401);
  });

  it('rooms, peers and consumers move when people join; worker CPU and deaths are per worker', async () => {
    const before = await scrape();
    expect(sample(before, 'kohtaamo_sfu_rooms')).toBe(0);
    expect(sample(before, 'kohtaamo_sfu_peers')).toBe(0);
    expect(sample(before, 'kohtaamo_sfu_consumers')).toBe(0);
    expect(sample(before, 'kohtaamo_sfu_workers_alive')).toBe(2);
    expect(sample(before, 'kohtaamo_sfu_worker_deaths_total', 'worker="0"')).toBe(0);
    expect(sample(before, 'kohtaamo_sfu_worker_cpu_seconds_total', 'worker="1"')).toBeGreaterThanOrEqual(0);
    expect(before).toContain('kohtaamo_sfu_process_cpu_seconds_total');
    // the health check's own request is timed under its route template
    await fetch(`${sfu.url}/health`);
    expect(sample(await scrape(), 'kohtaamo_sfu_http_request_duration_seconds_count', 'method="GET",route="/health",status="200"')).toBe(1);

    const alice = await joinAs(sfu.url, { sub: 'alice', mid: 'meeting-metrics', name: 'Alice', role: 'member' });
    const bob = await joinAs(sfu.url, { sub: 'bob', mid: 'meeting-metrics', name: 'Bob', role: 'member' });
    open.push(alice.client, bob.client);
    const ta = await prepareMedia(alice.client, joined(alice));
    const produced = await alice.client.ok('produce', { transportId: ta.send.id, kind: 'audio', rtpParameters: audioRtpParameters(9100), source: 'mic' });
    await prepareMedia(bob.client, joined(bob));
    await bob.client.ok('consume', { producerId: (produced as { id: string }).id });
    const during = await scrape();
    expect(sample(during, 'kohtaamo_sfu_rooms')).toBe(1);
    expect(sample(during, 'kohtaamo_sfu_peers')).toBe(2);
    expect(sample(during, 'kohtaamo_sfu_consumers')).toBe(1);

    // a worker dies: its death is counted under its slot
    const room = sfu.rooms.room('meeting-metrics');
    if (room === undefined) throw new Error('room missing');
    const slot = sfu.pool.slotOf(room.worker);
    process.kill(room.worker.pid, 'SIGKILL');
    await until('the death to be counted', async () => sample(await scrape(), 'kohtaamo_sfu_worker_deaths_total', `worker="${slot?.index}"`) === 1);
  });
});
