import { asServer, asWorker, FakeChannel, FakeWorker, type FakeRouter } from '../../../../test/support/fake-mediasoup';
import type { JoinedInfo, VideoRole } from '@kohtaamo/protocol';
import { newMeetingState, Room, type RoomCloseReason } from './room.model';
import type { Peer } from './peer.model';

interface Harness {
  room: Room;
  worker: FakeWorker;
  router: FakeRouter;
  closed: RoomCloseReason[];
  emptied: number;
}

async function makeRoom(clock: () => number = () => Date.parse('2026-11-28T10:00:00Z')): Promise<Harness> {
  const worker = new FakeWorker({});
  const server = await worker.createWebRtcServer({ listenInfos: [] });
  const h: Harness = { closed: [], emptied: 0 } as unknown as Harness;
  h.worker = worker;
  h.room = await Room.create({
    meetingId: 'm1',
    worker: asWorker(worker),
    webRtcServer: asServer(server),
    state: newMeetingState('m1'),
    hooks: { closed: (_r, reason) => h.closed.push(reason), empty: () => h.emptied++ },
    clock,
  });
  const router = [...worker.routers][0];
  if (router === undefined) throw new Error('no router');
  h.router = router;
  return h;
}

function join(room: Room, participantId: string, role: VideoRole): { channel: FakeChannel; peer: Peer | undefined } {
  const channel = new FakeChannel();
  channel.session = { meetingId: 'm1', participantId };
  room.join({ participantId, name: participantId, role }, channel);
  return { channel, peer: room.peerFor(channel) };
}

function required<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('missing');
  return v;
}

const AUDIO = { codecs: [], encodings: [{ ssrc: 1 }] };
const VIDEO3 = { codecs: [], encodings: [{ ssrc: 1 }, { ssrc: 2 }, { ssrc: 3 }] };

async function withMedia(room: Room, peer: Peer): Promise<{ send: string }> {
  room.setCapabilities(peer, { codecs: [] });
  const send = await room.createTransport(peer, 'send');
  await room.createTransport(peer, 'recv');
  return { send: send.id };
}

describe('Room lifecycle', () => {
  it('puts guests in the lobby until a host admits them; hosts are told who waits', async () => {
    const { room } = await makeRoom();
    const host = join(room, 'host', 'host');
    const guest = join(room, 'guest', 'guest');
    expect(guest.peer).toBeUndefined();
    expect(room.inLobby(guest.channel)).toBe(true);
    expect(host.channel.events('lobby:update').at(-1)?.waiting.map((w) => w.participantId)).toEqual(['guest']);

    room.admit(required(host.peer), 'guest');
    expect(room.lobby.size).toBe(0);
    const admitted = guest.channel.events('lobby:admitted')[0] as JoinedInfo;
    expect(admitted.peers.map((p) => p.participantId)).toEqual(['host']);
    expect(room.peerFor(guest.channel)?.participantId).toBe('guest');
    expect(host.channel.events('peer:joined').map((e) => e.peer.participantId)).toEqual(['guest']);
    expect(room.state.admitted.has('guest')).toBe(true);
  });

  it('a guest who left on purpose waits in the lobby next time; one whose connection dropped comes straight back', async () => {
    const { room } = await makeRoom();
    const host = join(room, 'host', 'host');
    join(room, 'guest', 'guest');
    room.admit(required(host.peer), 'guest');
    // the connection drops: still admitted, the rejoin goes straight into the call
    room.leave(required(room.peers.get('guest')), 'disconnected');
    const back = join(room, 'guest', 'guest');
    expect(back.peer?.participantId).toBe('guest');
    // the leave button: out of the call, and the next join waits for a host again
    room.leave(required(back.peer), 'left');
    expect(room.state.admitted.has('guest')).toBe(false);
    const again = join(room, 'guest', 'guest');
    expect(again.peer).toBeUndefined();
    expect(room.inLobby(again.channel)).toBe(true);
    // staff never wait, whatever way they left
    room.leave(required(host.peer), 'left');
    expect(join(room, 'host', 'host').peer?.participantId).toBe('host');
  });

  it('drops a leaving peer from every map, closes its media and reports the room empty', async () => {
    const h = await makeRoom();
    const a = join(h.room, 'a', 'host');
    const b = join(h.room, 'b', 'member');
    const pa = required(a.peer);
    const pb = required(b.peer);
    const ta = await withMedia(h.room, pa);
    await withMedia(h.room, pb);
    const mic = await h.room.produce(pa, 'audio', AUDIO, 'mic', ta.send);
    const cam = await h.room.produce(pa, 'video', VIDEO3, 'camera', ta.send);
    const consumer = await h.room.consume(pb, cam);
    expect(consumer.type).toBe('simulcast');
    expect(pb.consumers.get(consumer.id)?.paused).toBe(true);
    expect(h.router.speaker.producerIds).toEqual([mic]);

    h.room.leave(pa, 'left');
    expect(h.room.peers.has('a')).toBe(false);
    expect(h.room.producers.size).toBe(0);
    expect(pa.transports.size + pa.producers.size).toBe(0);
    expect(b.channel.events('producer:closed').map((e) => e.producerId).sort()).toEqual([cam, mic].sort());
    expect(b.channel.events('peer:left')).toEqual([{ participantId: 'a', reason: 'left' }]);
    await new Promise((r) => setImmediate(r));
    expect(pb.consumers.size).toBe(0);

    h.room.leave(pb, 'disconnected');
    expect(h.emptied).toBe(1);
    expect(h.room.closed).toBe(false); // closing an empty room is the service's decision (grace period)
  });

  it('removes a closed producer from the index in the same tick, so it can never be consumed', async () => {
    const { room } = await makeRoom();
    const pa = required(join(room, 'a', 'host').peer);
    const pb = required(join(room, 'b', 'member').peer);
    const ta = await withMedia(room, pa);
    await withMedia(room, pb);
    const cam = await room.produce(pa, 'video', VIDEO3, 'camera', ta.send);
    room.closeProducer(pa, cam);
    expect(room.producers.has(cam)).toBe(false);
    await expect(room.consume(pb, cam)).rejects.toMatchObject({ code: 'not_found', field: 'producerId' });
  });

  it('closes a consumer created for a producer that closed while consume was in flight', async () => {
    const { room } = await makeRoom();
    const pa = required(join(room, 'a', 'host').peer);
    const pb = required(join(room, 'b', 'member').peer);
    const ta = await withMedia(room, pa);
    await withMedia(room, pb);
    const cam = await room.produce(pa, 'video', VIDEO3, 'camera', ta.send);
    const recv = pb.recvTransport() as unknown as { consumeGate?: Promise<void> };
    let open!: () => void;
    recv.consumeGate = new Promise<void>((r) => (open = r));
    const consuming = room.consume(pb, cam);
    room.closeProducer(pa, cam);
    open();
    await expect(consuming).rejects.toMatchObject({ code: 'not_found' });
    expect(pb.consumers.size).toBe(0);
  });

  it('when its worker dies: every peer and waiting guest is told to rejoin, sessions are cleared, nothing is left', async () => {
    const h = await makeRoom();
    const a = join(h.room, 'a', 'host');
    const g = join(h.room, 'g', 'guest');
    const pa = required(a.peer);
    const ta = await withMedia(h.room, pa);
    await h.room.produce(pa, 'audio', AUDIO, 'mic', ta.send);

    h.worker.die();
    expect(h.closed).toEqual(['worker-died']);
    expect(h.room.closed).toBe(true);
    expect([h.room.peers.size, h.room.lobby.size, h.room.producers.size]).toEqual([0, 0, 0]);
    expect(pa.closed).toBe(true);
    for (const c of [a.channel, g.channel]) {
      expect(c.events('meeting:rejoin')).toEqual([{ reason: 'media-restart' }]);
      expect(c.session).toBeUndefined();
      expect(c.closed).toBe(false);
    }
    h.room.close('shutdown'); // idempotent
    expect(h.closed).toEqual(['worker-died']);
  });

  it('a host ends the meeting: everyone’s session ends and the router closes', async () => {
    const h = await makeRoom();
    const a = join(h.room, 'a', 'host');
    const b = join(h.room, 'b', 'member');
    const g = join(h.room, 'g', 'guest');
    expect(() => h.room.end(required(b.peer))).toThrow(expect.objectContaining({ code: 'forbidden' }));
    h.room.end(required(a.peer));
    for (const c of [a.channel, b.channel, g.channel]) {
      expect(c.events('session:ended')).toEqual([{ reason: 'meeting-ended' }]);
      expect(c.closed).toBe(true);
    }
    expect(h.router.closed).toBe(true);
    expect(h.room.state.ended).toBe(true);
    expect(h.closed).toEqual(['ended']);
  });

  it('the same participant joining again replaces the old peer and its media', async () => {
    const { room } = await makeRoom();
    const first = join(room, 'a', 'member');
    const other = join(room, 'o', 'member');
    const p1 = required(first.peer);
    const t = await withMedia(room, p1);
    await room.produce(p1, 'audio', AUDIO, 'mic', t.send);
    const second = join(room, 'a', 'member');
    expect(first.channel.events('session:ended')).toEqual([{ reason: 'replaced' }]);
    expect(p1.closed).toBe(true);
    expect(room.producers.size).toBe(0);
    expect(room.peers.get('a')).toBe(second.peer);
    expect(other.channel.events('peer:left')).toEqual([{ participantId: 'a', reason: 'replaced' }]);
  });

  it('maps a viewer’s tile size to a simulcast layer', async () => {
    const { room } = await makeRoom();
    const pa = required(join(room, 'a', 'host').peer);
    const pb = required(join(room, 'b', 'member').peer);
    const ta = await withMedia(room, pa);
    await withMedia(room, pb);
    const cam = await room.produce(pa, 'video', VIDEO3, 'camera', ta.send);
    const c = await room.consume(pb, cam);
    expect(await room.setTileSize(pb, c.id, 320, 180)).toBe(0);
    expect(await room.setTileSize(pb, c.id, 640, 360)).toBe(1);
    expect(await room.setTileSize(pb, c.id, 1920, 1080)).toBe(2);
  });

  it("holds a viewer's layer down after the estimate stepped it down, and lets it rise a layer at a time only when the estimate carries the next (layer-guard.ts)", async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'], now: Date.parse('2026-11-28T10:00:00Z') });
    try {
      const h = await makeRoom(() => Date.now()); // jest's clock: the guard's holds and steps pass with the timers
      const pa = required(join(h.room, 'a', 'host').peer);
      const b = join(h.room, 'b', 'member');
      const pb = required(b.peer);
      const ta = await withMedia(h.room, pa);
      await withMedia(h.room, pb);
      const cam = await h.room.produce(pa, 'video', VIDEO3, 'camera', ta.send);
      // the sender's encodings, as the web client gives them (media-session.ts)
      const encodings = required(h.router.producers.get(cam)).rtpParameters.encodings as Array<Record<string, unknown>>;
      [150_000, 450_000, 1_200_000].forEach((maxBitrate, i) => Object.assign(required(encodings[i]), { maxBitrate, scalabilityMode: 'L1T3' }));
      const info = await h.room.consume(pb, cam);
      expect(await h.room.setTileSize(pb, info.id, 1280, 720)).toBe(2);
      const consumer = required([...h.router.transports].flatMap((t) => [...t.consumers]).find((c) => c.id === info.id));
      expect(consumer.rtpParameters.encodings?.[0]?.scalabilityMode).toBe('L3T3');
      const recv = required(pb.recvTransport()) as unknown as { emit(e: string, v: unknown): void };
      const estimate = (availableBitrate: number) => recv.emit('trace', { type: 'bwe', info: { availableBitrate } });

      consumer.emit('layerschange', { spatialLayer: 2, temporalLayer: 2 });
      consumer.emit('layerschange', { spatialLayer: 0, temporalLayer: 2 });
      expect(consumer.preferredLayers).toEqual({ spatialLayer: 0, temporalLayer: 2 });
      expect(b.channel.events('consumer:layers').map((l) => l.spatialLayer)).toEqual([2, 0]);

      estimate(300_000); // a weak link: the cap stays (short of a minute, when it would try once anyway)
      await jest.advanceTimersByTimeAsync(30_000);
      expect(consumer.preferredLayers?.spatialLayer).toBe(0);
      // the tile grows meanwhile: still capped
      expect(await h.room.setTileSize(pb, info.id, 1920, 1080)).toBe(2);
      expect(consumer.preferredLayers?.spatialLayer).toBe(0);

      estimate(600_000); // carries layer 1 (450 kbit/s and a tenth), not layer 2
      await jest.advanceTimersByTimeAsync(3_000);
      expect(consumer.preferredLayers?.spatialLayer).toBe(1);
      estimate(1_620_000); // but layer 1 does not arrive yet: no further rise
      await jest.advanceTimersByTimeAsync(10_000);
      expect(consumer.preferredLayers?.spatialLayer).toBe(1);
      // layer 1 arrives below its full frame rate (the consumer's L3T3: top temporal layer 2) for 3 s: capped
      // one lower, frame rate before resolution — a failed climb, so the hold doubles to 12 s
      consumer.emit('layerschange', { spatialLayer: 1, temporalLayer: 1 });
      await jest.advanceTimersByTimeAsync(3_000);
      expect(consumer.preferredLayers?.spatialLayer).toBe(0);
      consumer.emit('layerschange', { spatialLayer: 0, temporalLayer: 2 });
      await jest.advanceTimersByTimeAsync(11_000);
      expect(consumer.preferredLayers?.spatialLayer).toBe(0);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(consumer.preferredLayers?.spatialLayer).toBe(1);
      consumer.emit('layerschange', { spatialLayer: 1, temporalLayer: 2 });
      await jest.advanceTimersByTimeAsync(3_000);
      expect(consumer.preferredLayers?.spatialLayer).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('a step down the sender caused (its top stream died) caps no viewer', async () => {
    const h = await makeRoom();
    const pa = required(join(h.room, 'a', 'host').peer);
    const pb = required(join(h.room, 'b', 'member').peer);
    const ta = await withMedia(h.room, pa);
    await withMedia(h.room, pb);
    const cam = await h.room.produce(pa, 'video', VIDEO3, 'camera', ta.send);
    const info = await h.room.consume(pb, cam);
    expect(await h.room.setTileSize(pb, info.id, 1280, 720)).toBe(2);
    const consumer = required([...h.router.transports].flatMap((t) => [...t.consumers]).find((c) => c.id === info.id));
    consumer.emit('layerschange', { spatialLayer: 2, temporalLayer: 0 });
    consumer.score = { score: 10, producerScore: 0, producerScores: [10, 10, 0] };
    consumer.emit('layerschange', { spatialLayer: 1, temporalLayer: 0 });
    expect(consumer.preferredLayers?.spatialLayer).toBe(2);
    // the viewer's own link: the same drop with every sender stream alive caps the layer
    consumer.score = { score: 10, producerScore: 10, producerScores: [10, 10, 10] };
    consumer.emit('layerschange', { spatialLayer: 2, temporalLayer: 0 });
    consumer.emit('layerschange', { spatialLayer: 1, temporalLayer: 0 });
    expect(consumer.preferredLayers?.spatialLayer).toBe(1);
    h.room.close('worker-died');
  });
});
