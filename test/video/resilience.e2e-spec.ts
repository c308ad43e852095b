import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { audioRtpParameters, TestClient } from './support/client';
import { joinAs, joined, prepareMedia, type Participant } from './support/participants';
import { startSfu } from './support/sfu';

async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('resilience: a mediasoup worker dies', () => {
  let sfu: RunningSfu;
  const open: TestClient[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ workers: 2 }, { respawnDelayMs: 300 });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await sfu?.close();
  });

  async function join(mid: string, sub: string): Promise<Participant> {
    const p = await joinAs(sfu.url, { sub, mid, name: sub, role: 'member' });
    open.push(p.client);
    return p;
  }

  it('recreates the rooms of a dead worker on another worker, tells their clients to rejoin, and spares other rooms', async () => {
    const alice = await join('meeting-doomed', 'alice');
    const bob = await join('meeting-doomed', 'bob');
    const carol = await join('meeting-spared', 'carol');
    const doomed = sfu.rooms.room('meeting-doomed');
    const spared = sfu.rooms.room('meeting-spared');
    if (doomed === undefined || spared === undefined) throw new Error('rooms missing');
    expect(doomed.worker.pid).not.toBe(spared.worker.pid); // round-robin put them on different workers
    const t = await prepareMedia(alice.client, joined(alice));
    await alice.client.ok('produce', { transportId: t.send.id, kind: 'audio', rtpParameters: audioRtpParameters(7000), source: 'mic' });

    const killedPid = doomed.worker.pid;
    const rejoinA = alice.client.next('meeting:rejoin');
    const rejoinB = bob.client.next('meeting:rejoin');
    process.kill(killedPid, 'SIGKILL');

    expect(await rejoinA).toEqual({ reason: 'media-restart' });
    expect(await rejoinB).toEqual({ reason: 'media-restart' });
    // The health endpoint reports the loss while the worker is down or after its respawn.
    const health = (await (await fetch(`${sfu.url}/health`)).json()) as { workers: Array<{ deaths: number }> };
    expect(health.workers.reduce((n, w) => n + w.deaths, 0)).toBe(1);

    // Both clients rejoin on the same sockets with the same tokens.
    const again = await alice.client.ok('join', { token: alice.token });
    expect(again.status).toBe('joined');
    await bob.client.ok('join', { token: bob.token });
    const recreated = sfu.rooms.room('meeting-doomed');
    expect(recreated).not.toBe(doomed);
    expect(recreated?.worker.pid).not.toBe(killedPid);
    expect(recreated?.peers.size).toBe(2);
    const t2 = await prepareMedia(alice.client, joined({ ...alice, result: again }));
    await alice.client.ok('produce', { transportId: t2.send.id, kind: 'audio', rtpParameters: audioRtpParameters(7100), source: 'mic' });

    // The other meeting never noticed.
    expect(sfu.rooms.room('meeting-spared')).toBe(spared);
    expect(carol.client.eventsNamed('meeting:rejoin')).toHaveLength(0);
    expect(await carol.client.ok('transport:create', { direction: 'recv' })).toHaveProperty('id');

    // The dead worker is replaced and the SFU is whole again.
    await until('the worker to respawn', () => sfu.pool.liveWorkers().length === 2);
    const after = (await (await fetch(`${sfu.url}/health`)).json()) as { status: string };
    expect(after.status).toBe('ok');
  }, 30_000);
});
