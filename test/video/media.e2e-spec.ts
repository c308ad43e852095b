import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { audioRtpParameters, isError, TestClient, videoRtpParameters } from './support/client';
import { joinAs, joined, prepareMedia, type Participant } from './support/participants';
import { startSfu } from './support/sfu';
import type { VideoRole } from '@kohtaamo/protocol';
import { signJoinToken } from './support/tokens';

/** The signalling flow against real mediasoup: produce, consume (paused), resume, layers, close. */
describe('media signalling (socket.io + mediasoup)', () => {
  let sfu: RunningSfu;
  const open: TestClient[] = [];
  let seq = 0;

  beforeAll(async () => {
    sfu = await startSfu();
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  afterAll(async () => {
    await sfu?.close();
  });

  async function join(mid: string, sub: string, role: VideoRole = 'member', room?: number): Promise<Participant> {
    const p = await joinAs(sfu.url, room === undefined ? { sub, mid, name: sub, role } : { sub, mid, name: sub, role, room });
    open.push(p.client);
    return p;
  }

  it('announces producers, creates paused simulcast consumers, resumes them and follows the tile size', async () => {
    const mid = `meeting-media-${++seq}`;
    const alice = await join(mid, 'alice', 'host');
    const bob = await join(mid, 'bob');
    const aliceT = await prepareMedia(alice.client, joined(alice));
    await prepareMedia(bob.client, joined(bob));

    const announced = bob.client.next('producer:new', (e) => e.producer.source === 'camera');
    const mic = await alice.client.ok('produce', { transportId: aliceT.send.id, kind: 'audio', rtpParameters: audioRtpParameters(1000), source: 'mic' });
    const cam = await alice.client.ok('produce', { transportId: aliceT.send.id, kind: 'video', rtpParameters: videoRtpParameters(2000), source: 'camera' });
    expect(await announced).toEqual({ participantId: 'alice', producer: { id: cam.id, kind: 'video', source: 'camera', paused: false } });

    const camConsumer = await bob.client.ok('consume', { producerId: cam.id });
    expect(camConsumer).toMatchObject({ producerId: cam.id, participantId: 'alice', kind: 'video', source: 'camera', type: 'simulcast' });
    const micConsumer = await bob.client.ok('consume', { producerId: mic.id });
    expect(micConsumer.type).toBe('simple');
    const bobPeer = sfu.rooms.room(mid)?.peers.get('bob');
    expect(bobPeer?.consumers.get(camConsumer.id)?.paused).toBe(true);
    await bob.client.ok('consumer:resume', { consumerId: camConsumer.id });
    expect(bobPeer?.consumers.get(camConsumer.id)?.paused).toBe(false);

    expect(await bob.client.ok('consumer:tile', { consumerId: camConsumer.id, width: 160, height: 90 })).toEqual({ spatialLayer: 0 });
    expect(bobPeer?.consumers.get(camConsumer.id)?.preferredLayers).toEqual({ spatialLayer: 0, temporalLayer: 2 });
    expect(await bob.client.ok('consumer:tile', { consumerId: camConsumer.id, width: 1280, height: 720 })).toEqual({ spatialLayer: 2 });
    expect(bobPeer?.consumers.get(camConsumer.id)?.preferredLayers).toEqual({ spatialLayer: 2, temporalLayer: 2 });

    // A late joiner learns about existing producers from the join answer.
    const carol = await join(mid, 'carol');
    const aliceInfo = joined(carol).peers.find((p) => p.participantId === 'alice');
    expect(aliceInfo?.producers.map((p) => p.source).sort()).toEqual(['camera', 'mic']);
  });

  it('shares the screen as a second video producer and replaces a previous share', async () => {
    const mid = `meeting-media-${++seq}`;
    const alice = await join(mid, 'alice', 'host');
    const bob = await join(mid, 'bob');
    const t = await prepareMedia(alice.client, joined(alice));
    await alice.client.ok('produce', { transportId: t.send.id, kind: 'video', rtpParameters: videoRtpParameters(3000), source: 'camera' });
    const first = await alice.client.ok('produce', { transportId: t.send.id, kind: 'video', rtpParameters: videoRtpParameters(4000, 1), source: 'screen' });
    await bob.client.next('producer:new', (e) => e.producer.id === first.id, { past: true });
    const firstGone = bob.client.next('producer:closed', (e) => e.producerId === first.id);
    const second = await alice.client.ok('produce', { transportId: t.send.id, kind: 'video', rtpParameters: videoRtpParameters(5000, 1), source: 'screen' });
    await firstGone;
    const sources = sfu.rooms.room(mid)?.peers.get('alice')?.producerInfos().map((p) => p.source).sort();
    expect(sources).toEqual(['camera', 'screen']);
    const stop = bob.client.next('producer:closed', (e) => e.producerId === second.id);
    await alice.client.ok('producer:close', { producerId: second.id });
    await stop;
  });

  it('a closed producer leaves every map at once: consuming it is refused, never a crash', async () => {
    const mid = `meeting-media-${++seq}`;
    const alice = await join(mid, 'alice', 'host');
    const bob = await join(mid, 'bob');
    const t = await prepareMedia(alice.client, joined(alice));
    await prepareMedia(bob.client, joined(bob));
    const room = sfu.rooms.room(mid);

    for (let i = 0; i < 10; i++) {
      const p = await alice.client.ok('produce', { transportId: t.send.id, kind: 'video', rtpParameters: videoRtpParameters(10_000 + i * 10), source: 'camera' });
      // Close and consume in the same breath: whichever wins, the answer is a consumer or not_found.
      const [consumed] = await Promise.all([bob.client.request('consume', { producerId: p.id }), alice.client.request('producer:close', { producerId: p.id })]);
      if (isError(consumed)) expect(consumed.error.code).toBe('not_found');
      expect(room?.producers.has(p.id)).toBe(false);
      const after = await bob.client.request('consume', { producerId: p.id });
      expect(isError(after) && after.error.code).toBe('not_found');
    }
    // Consumers of closed producers are gone too, and bob was told about each one he had.
    await new Promise((r) => setTimeout(r, 200));
    expect(room?.peers.get('bob')?.consumers.size).toBe(0);
    expect(sfu.pool.liveWorkers()).toHaveLength(2);
  });

  it('when a participant leaves, their producers and the consumers of them go with them', async () => {
    const mid = `meeting-media-${++seq}`;
    const alice = await join(mid, 'alice', 'host');
    const bob = await join(mid, 'bob');
    const t = await prepareMedia(alice.client, joined(alice));
    await prepareMedia(bob.client, joined(bob));
    const cam = await alice.client.ok('produce', { transportId: t.send.id, kind: 'video', rtpParameters: videoRtpParameters(20_000), source: 'camera' });
    const consumer = await bob.client.ok('consume', { producerId: cam.id });
    const consumerClosed = bob.client.next('consumer:closed', (e) => e.consumerId === consumer.id);
    const left = bob.client.next('peer:left', (e) => e.participantId === 'alice');
    await alice.client.ok('leave', {});
    expect(await left).toEqual({ participantId: 'alice', reason: 'left' });
    await consumerClosed;
    const room = sfu.rooms.room(mid);
    expect(room?.peers.has('alice')).toBe(false);
    expect(room?.producers.size).toBe(0);
    expect(room?.peers.get('bob')?.consumers.size).toBe(0);
  });

  it('the same participant on a new connection replaces the old one (rejoin after a dropped socket)', async () => {
    const mid = `meeting-media-${++seq}`;
    const alice = await join(mid, 'alice', 'host');
    const bob = await join(mid, 'bob');
    const t = await prepareMedia(bob.client, joined(bob));
    await bob.client.ok('produce', { transportId: t.send.id, kind: 'audio', rtpParameters: audioRtpParameters(30_000), source: 'mic' });

    const oldEnded = bob.client.next('session:ended');
    const replaced = alice.client.next('peer:left', (e) => e.participantId === 'bob' && e.reason === 'replaced');
    const rejoined = alice.client.next('peer:joined', (e) => e.peer.participantId === 'bob');
    const bob2 = await join(mid, 'bob');
    expect(await oldEnded).toEqual({ reason: 'replaced' });
    await replaced;
    expect((await rejoined).peer.producers).toEqual([]);
    expect(bob2.result.status).toBe('joined');
    const room = sfu.rooms.room(mid);
    expect(room?.peers.size).toBe(2);
    expect(room?.producers.size).toBe(0);
    // The new connection works; the old one is closed by the server.
    expect(await bob2.client.ok('transport:create', { direction: 'send' })).toHaveProperty('id');
    await bob.client.disconnected();
  });

  it('labels a meeting-room device with how many people are in the room, and lets it update the count', async () => {
    const mid = `meeting-media-${++seq}`;
    const alice = await join(mid, 'alice', 'host');
    const roomDevice = await join(mid, 'room-1', 'member', 4);
    const seen = await alice.client.next('peer:joined', (e) => e.peer.participantId === 'room-1', { past: true });
    expect(seen.peer.roomCount).toBe(4);
    const updated = alice.client.next('peer:updated', (e) => e.peer.participantId === 'room-1');
    await roomDevice.client.ok('peer:room-count', { count: 6 });
    expect((await updated).peer.roomCount).toBe(6);
    const notARoom = await alice.client.request('peer:room-count', { count: 3 });
    expect(isError(notARoom) && notARoom.error.code).toBe('forbidden');
  });

  it('closes the router when the last participant leaves', async () => {
    const mid = `meeting-media-${++seq}`;
    const alice = await join(mid, 'alice', 'host');
    const room = sfu.rooms.room(mid);
    expect(room?.router.closed).toBe(false);
    alice.client.close();
    for (let i = 0; i < 50 && sfu.rooms.room(mid) !== undefined; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sfu.rooms.room(mid)).toBeUndefined();
    expect(room?.router.closed).toBe(true);
  });

  it('concurrent joins: each answer comes first, and answer plus later events name every participant once', async () => {
    const mid = `meeting-media-${++seq}`;
    await join(mid, 'first', 'host');
    const ids = Array.from({ length: 8 }, (_, i) => `joiner-${i}`);
    const clients = await Promise.all(ids.map(() => TestClient.connect(sfu.url)));
    open.push(...clients);
    const tokens = await Promise.all(ids.map((sub) => signJoinToken({ sub, mid, name: sub, role: 'member' })));
    const acks = await Promise.all(clients.map((c, i) => c.requestLogged('join', { token: tokens[i] ?? '' })));
    await new Promise((r) => setTimeout(r, 300));
    clients.forEach((c, i) => {
      const ack = acks[i];
      if (ack === undefined || isError(ack) || ack.status !== 'joined') throw new Error('join failed');
      const log = c.received.map((r) => r.event);
      expect(log.indexOf('@ack:join')).toBe(0);
      // The snapshot plus the later peer:joined events name every other participant exactly once.
      const later = c.eventsNamed('peer:joined').map((e) => e.peer.participantId);
      const seen = [...ack.peers.map((p) => p.participantId), ...later].sort();
      expect(seen).toEqual(['first', ...ids].filter((id) => id !== ids[i]).sort());
    });
  });

  it('serves GET /health', async () => {
    const res = await fetch(`${sfu.url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; workers: Array<{ alive: boolean; pid: number }> };
    expect(body.status).toBe('ok');
    expect(body.workers).toHaveLength(2);
    expect(body.workers.every((w) => w.alive && w.pid > 0)).toBe(true);
  });
});
