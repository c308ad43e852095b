import type { types as ms } from 'mediasoup';
import { SfuError } from '../common/sfu.error';
import type { MediaKind, MediaSource, PeerInfo, ProducerInfo, VideoRole } from '@kohtaamo/protocol';
import type { PeerChannel } from './peer-channel';

export type TransportDirection = 'send' | 'recv';
export type TransportAppData = { direction: TransportDirection };
export type ProducerAppData = { source: MediaSource; participantId: string };
/** source and owner of the producer this consumer receives */
export type ConsumerAppData = { source: MediaSource; participantId: string };

export type PeerTransport = ms.WebRtcTransport<TransportAppData>;
export type PeerProducer = ms.Producer<ProducerAppData>;
export type PeerConsumer = ms.Consumer<ConsumerAppData>;

export interface PeerIdentity {
  participantId: string;
  name: string;
  role: VideoRole;
  roomCount?: number;
}

/** What the room needs to hear from a peer; called synchronously when a mediasoup object closes. */
export interface PeerHooks {
  producerClosed(peer: Peer, producer: PeerProducer): void;
}

/**
 * One admitted participant: its socket channel and its mediasoup transports, producers and consumers.
 * Every mediasoup object leaves the maps in the same tick it closes (its observer 'close' event), whatever
 * closed it: the client, the transport, the producer on the other side, the router or the worker.
 */
export class Peer {
  readonly transports = new Map<string, PeerTransport>();
  readonly producers = new Map<string, PeerProducer>();
  readonly consumers = new Map<string, PeerConsumer>();
  rtpCapabilities?: ms.RtpCapabilities;
  roomCount?: number;
  private isClosed = false;

  private constructor(
    readonly identity: PeerIdentity,
    readonly channel: PeerChannel,
    private readonly hooks: PeerHooks,
  ) {
    this.roomCount = identity.roomCount;
  }

  static create(identity: PeerIdentity, channel: PeerChannel, hooks: PeerHooks): Peer {
    return new Peer(identity, channel, hooks);
  }

  get participantId(): string {
    return this.identity.participantId;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  // ---- transports ------------------------------------------------------------------------------

  addTransport(transport: PeerTransport): void {
    if (this.isClosed) {
      transport.close();
      throw new SfuError('not_joined', 'the participant has left');
    }
    // One transport per direction: a new one replaces the old (e.g. after an ICE failure).
    for (const t of [...this.transports.values()]) {
      if (t.appData.direction === transport.appData.direction) t.close();
    }
    this.transports.set(transport.id, transport);
    transport.observer.once('close', () => this.transports.delete(transport.id));
    transport.on('routerclose', () => this.transports.delete(transport.id));
    transport.on('dtlsstatechange', (state) => {
      if (state === 'closed') transport.close();
    });
  }

  transport(id: string, direction?: TransportDirection): PeerTransport {
    const t = this.transports.get(id);
    if (t === undefined || t.closed) throw new SfuError('not_found', 'no such transport', 'transportId');
    if (direction !== undefined && t.appData.direction !== direction) {
      throw new SfuError('invalid_payload', `transport ${id} is not a ${direction} transport`, 'transportId');
    }
    return t;
  }

  recvTransport(): PeerTransport | undefined {
    for (const t of this.transports.values()) if (t.appData.direction === 'recv' && !t.closed) return t;
    return undefined;
  }

  // ---- producers -------------------------------------------------------------------------------

  addProducer(producer: PeerProducer): void {
    if (this.isClosed) {
      producer.close();
      throw new SfuError('not_joined', 'the participant has left');
    }
    this.producers.set(producer.id, producer);
    let gone = false;
    const drop = (): void => {
      if (gone) return;
      gone = true;
      this.producers.delete(producer.id);
      this.hooks.producerClosed(this, producer);
    };
    producer.observer.once('close', drop);
    producer.on('transportclose', drop);
  }

  producer(id: string): PeerProducer {
    const p = this.producers.get(id);
    if (p === undefined || p.closed) throw new SfuError('not_found', 'no such producer', 'producerId');
    return p;
  }

  producerBySource(source: MediaSource): PeerProducer | undefined {
    for (const p of this.producers.values()) if (p.appData.source === source && !p.closed) return p;
    return undefined;
  }

  // ---- consumers -------------------------------------------------------------------------------

  addConsumer(consumer: PeerConsumer): void {
    if (this.isClosed) {
      consumer.close();
      throw new SfuError('not_joined', 'the participant has left');
    }
    this.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => this.consumers.delete(consumer.id));
    consumer.on('transportclose', () => this.consumers.delete(consumer.id));
    consumer.on('producerclose', () => {
      this.consumers.delete(consumer.id);
      if (!this.isClosed) this.channel.send('consumer:closed', { consumerId: consumer.id, producerId: consumer.producerId });
    });
  }

  consumer(id: string): PeerConsumer {
    const c = this.consumers.get(id);
    if (c === undefined || c.closed) throw new SfuError('not_found', 'no such consumer', 'consumerId');
    return c;
  }

  consumerForProducer(producerId: string): PeerConsumer | undefined {
    for (const c of this.consumers.values()) if (c.producerId === producerId && !c.closed) return c;
    return undefined;
  }

  // ---- info and lifecycle ----------------------------------------------------------------------

  producerInfos(): ProducerInfo[] {
    return [...this.producers.values()].filter((p) => !p.closed).map(producerInfo);
  }

  info(): PeerInfo {
    const { participantId, name, role } = this.identity;
    const info: PeerInfo = { participantId, name, role, producers: this.producerInfos() };
    if (this.roomCount !== undefined) info.roomCount = this.roomCount;
    return info;
  }

  /** Closes every transport (which closes their producers and consumers) and drops every reference. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const t of [...this.transports.values()]) t.close();
    // Objects already closed by mediasoup are dropped too, whatever their state.
    for (const p of [...this.producers.values()]) p.close();
    for (const c of [...this.consumers.values()]) c.close();
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
    this.rtpCapabilities = undefined;
  }
}

export function producerInfo(p: PeerProducer): ProducerInfo {
  return { id: p.id, kind: p.kind as MediaKind, source: p.appData.source, paused: p.paused };
}
