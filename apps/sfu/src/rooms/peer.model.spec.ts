import { SfuError } from '../common/sfu.error';
import {
  asConsumer,
  asTransport,
  FakeChannel,
  FakeRouter,
  type FakeTransport,
} from '../../../../test/support/fake-mediasoup';
import { Peer, type PeerConsumer, type PeerProducer, type PeerTransport } from './peer.model';

async function setup(): Promise<{ peer: Peer; channel: FakeChannel; router: FakeRouter; closedProducers: string[] }> {
  const channel = new FakeChannel();
  const closedProducers: string[] = [];
  const peer = Peer.create({ participantId: 'p1', name: 'P', role: 'member' }, channel, {
    producerClosed: (_peer, producer) => closedProducers.push(producer.id),
  });
  return { peer, channel, router: new FakeRouter({}), closedProducers };
}

async function transport(router: FakeRouter, direction: 'send' | 'recv'): Promise<FakeTransport> {
  return router.createWebRtcTransport({ appData: { direction } });
}

async function producer(t: FakeTransport, kind: 'audio' | 'video' = 'audio'): Promise<PeerProducer> {
  const p = await t.produce({ kind, rtpParameters: { encodings: [{}] }, appData: { source: kind === 'audio' ? 'mic' : 'camera', participantId: 'p1' } });
  return p as unknown as PeerProducer;
}

describe('Peer lifecycle', () => {
  it('close() closes every transport and drops every transport, producer and consumer', async () => {
    const { peer, router, closedProducers } = await setup();
    const send = await transport(router, 'send');
    const recv = await transport(router, 'recv');
    peer.addTransport(asTransport<PeerTransport>(send));
    peer.addTransport(asTransport<PeerTransport>(recv));
    const mic = await producer(send);
    peer.addProducer(mic);
    const other = await (await transport(router, 'send')).produce({ kind: 'video', rtpParameters: { encodings: [{}] }, appData: {} });
    const consumer = await recv.consume({ producerId: other.id, paused: true, appData: {} });
    peer.addConsumer(asConsumer<PeerConsumer>(consumer));
    expect([peer.transports.size, peer.producers.size, peer.consumers.size]).toEqual([2, 1, 1]);

    peer.close();
    expect([peer.transports.size, peer.producers.size, peer.consumers.size]).toEqual([0, 0, 0]);
    expect(send.closed && recv.closed && mic.closed && consumer.closed).toBe(true);
    expect(closedProducers).toEqual([mic.id]);
    expect(peer.closed).toBe(true);
    peer.close(); // idempotent
    expect(closedProducers).toEqual([mic.id]);
  });

  it('drops a producer in the same tick its transport closes, and tells the room once', async () => {
    const { peer, router, closedProducers } = await setup();
    const send = await transport(router, 'send');
    peer.addTransport(asTransport<PeerTransport>(send));
    const mic = await producer(send);
    peer.addProducer(mic);
    send.close();
    expect(peer.producers.size).toBe(0);
    expect(peer.transports.size).toBe(0);
    expect(closedProducers).toEqual([mic.id]);
  });

  it('drops a consumer whose producer closed and tells the client', async () => {
    const { peer, channel, router } = await setup();
    const recv = await transport(router, 'recv');
    peer.addTransport(asTransport<PeerTransport>(recv));
    const remote = await (await transport(router, 'send')).produce({ kind: 'video', rtpParameters: { encodings: [{}] }, appData: {} });
    const consumer = await recv.consume({ producerId: remote.id, paused: true, appData: {} });
    peer.addConsumer(asConsumer<PeerConsumer>(consumer));
    remote.close();
    await new Promise((r) => setImmediate(r));
    expect(peer.consumers.size).toBe(0);
    expect(channel.events('consumer:closed')).toEqual([{ consumerId: consumer.id, producerId: remote.id }]);
  });

  it('drops everything when the router closes under it', async () => {
    const { peer, router, closedProducers } = await setup();
    const send = await transport(router, 'send');
    peer.addTransport(asTransport<PeerTransport>(send));
    peer.addProducer(await producer(send));
    router.workerClosed();
    expect([peer.transports.size, peer.producers.size]).toEqual([0, 0]);
    expect(closedProducers).toHaveLength(1);
  });

  it('keeps one transport per direction: a new one replaces the old', async () => {
    const { peer, router } = await setup();
    const first = await transport(router, 'recv');
    const second = await transport(router, 'recv');
    peer.addTransport(asTransport<PeerTransport>(first));
    peer.addTransport(asTransport<PeerTransport>(second));
    expect(first.closed).toBe(true);
    expect([...peer.transports.keys()]).toEqual([second.id]);
    expect(peer.recvTransport()?.id).toBe(second.id);
  });

  it('refuses (and closes) objects handed to it after it closed', async () => {
    const { peer, router } = await setup();
    peer.close();
    const t = await transport(router, 'send');
    expect(() => peer.addTransport(asTransport<PeerTransport>(t))).toThrow(SfuError);
    expect(t.closed).toBe(true);
  });

  it('looks up only live objects and names the field when one is missing', async () => {
    const { peer } = await setup();
    expect(() => peer.transport('x')).toThrow(expect.objectContaining({ code: 'not_found', field: 'transportId' }));
    expect(() => peer.producer('x')).toThrow(expect.objectContaining({ code: 'not_found', field: 'producerId' }));
    expect(() => peer.consumer('x')).toThrow(expect.objectContaining({ code: 'not_found', field: 'consumerId' }));
  });

  it('describes itself with its room head count when it is a meeting-room device', async () => {
    const channel = new FakeChannel();
    const peer = Peer.create({ participantId: 'room', name: 'Room 2', role: 'member', roomCount: 5 }, channel, { producerClosed: () => undefined });
    expect(peer.info()).toEqual({ participantId: 'room', name: 'Room 2', role: 'member', roomCount: 5, producers: [] });
  });
});
