/**
 * In-memory stand-ins for the mediasoup objects the SFU touches, for unit tests of lifecycles. They keep
 * mediasoup's event contract: observer 'close' on every close; 'transportclose' / 'routerclose' /
 * 'workerclose' when the parent goes; a consumer hears 'producerclose' one tick after its producer closes
 * (in mediasoup that notification comes from the worker process, asynchronously).
 */
import { EventEmitter } from 'node:events';
import type { types as ms } from 'mediasoup';
import type { PeerChannel } from '../../apps/sfu/src/rooms/peer-channel';
import type { ServerEvents } from '@kohtaamo/protocol';

let nextId = 0;
const id = (prefix: string): string => `${prefix}-${++nextId}`;

export class FakeProducer extends EventEmitter {
  readonly id = id('producer');
  readonly observer = new EventEmitter();
  closed = false;
  paused = false;
  readonly rtpParameters: { encodings: unknown[] };
  constructor(
    readonly kind: 'audio' | 'video',
    readonly appData: Record<string, unknown>,
    encodings: number,
  ) {
    super();
    this.rtpParameters = { encodings: Array.from({ length: encodings }, () => ({})) };
  }
  async pause(): Promise<void> {
    this.paused = true;
  }
  async resume(): Promise<void> {
    this.paused = false;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.observer.emit('close');
  }
  transportClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('transportclose');
    this.observer.emit('close');
  }
}

export class FakeConsumer extends EventEmitter {
  readonly id = id('consumer');
  readonly observer = new EventEmitter();
  closed = false;
  paused: boolean;
  readonly producerPaused = false;
  /** as mediasoup's ortc gives a simulcast consumer: one encoding whose mode counts the producer's layers */
  rtpParameters: { encodings?: Array<{ scalabilityMode?: string }> } = {};
  /** the last 'score' mediasoup reported (a test sets producerScores to say a sender's stream died) */
  score = { score: 10, producerScore: 10, producerScores: [] as number[] };
  preferredLayers?: { spatialLayer: number; temporalLayer?: number };
  constructor(
    readonly producerId: string,
    readonly kind: 'audio' | 'video',
    readonly type: string,
    readonly appData: Record<string, unknown>,
    paused: boolean,
  ) {
    super();
    this.paused = paused;
  }
  async pause(): Promise<void> {
    this.paused = true;
  }
  async resume(): Promise<void> {
    this.paused = false;
  }
  async setPreferredLayers(l: { spatialLayer: number; temporalLayer?: number }): Promise<void> {
    this.preferredLayers = l;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.observer.emit('close');
  }
  transportClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('transportclose');
    this.observer.emit('close');
  }
  producerClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('producerclose');
    this.observer.emit('close');
  }
}

export class FakeTransport extends EventEmitter {
  readonly id = id('transport');
  readonly observer = new EventEmitter();
  closed = false;
  readonly producers = new Set<FakeProducer>();
  readonly consumers = new Set<FakeConsumer>();
  readonly iceParameters = {};
  readonly iceCandidates = [];
  readonly dtlsParameters = {};
  /** when set, the next consume() waits for this promise (to test races) */
  consumeGate?: Promise<void>;
  constructor(
    readonly router: FakeRouter,
    readonly appData: Record<string, unknown>,
  ) {
    super();
  }
  async connect(): Promise<void> {
    if (this.closed) throw new Error('closed');
  }
  async setMaxIncomingBitrate(): Promise<void> {}

  /** trace events ('bwe') are never emitted by the fake; the layer guard then has no estimate */
  async enableTraceEvent(): Promise<void> {}
  async restartIce(): Promise<object> {
    return {};
  }
  async produce(o: { kind: 'audio' | 'video'; rtpParameters: { encodings?: unknown[] }; appData: Record<string, unknown> }): Promise<FakeProducer> {
    if (this.closed) throw new Error('transport closed');
    const p = new FakeProducer(o.kind, o.appData, o.rtpParameters.encodings?.length ?? 1);
    this.producers.add(p);
    this.router.producers.set(p.id, p);
    p.observer.once('close', () => {
      this.producers.delete(p);
      this.router.producers.delete(p.id);
      // The worker tells consumers a tick later.
      setImmediate(() => {
        for (const t of this.router.transports) for (const c of t.consumers) if (c.producerId === p.id) c.producerClosed();
      });
    });
    return p;
  }
  async consume(o: { producerId: string; paused?: boolean; appData: Record<string, unknown> }): Promise<FakeConsumer> {
    const gate = this.consumeGate;
    this.consumeGate = undefined;
    if (gate !== undefined) await gate;
    const p = this.router.producers.get(o.producerId);
    if (p === undefined || p.closed) throw new Error(`Producer with id "${o.producerId}" not found`);
    const simulcast = p.kind === 'video' && p.rtpParameters.encodings.length > 1;
    const c = new FakeConsumer(o.producerId, p.kind, simulcast ? 'simulcast' : 'simple', o.appData, o.paused ?? false);
    if (simulcast) {
      // ortc.js getConsumerRtpParameters: `L${encodings}T${temporal layers of the producer's mode}`
      const mode = (p.rtpParameters.encodings as Array<{ scalabilityMode?: unknown }>).find((e) => typeof e.scalabilityMode === 'string')?.scalabilityMode as string | undefined;
      c.rtpParameters = { encodings: [{ scalabilityMode: `L${p.rtpParameters.encodings.length}T${/T(\d+)/.exec(mode ?? '')?.[1] ?? 1}` }] };
    }
    this.consumers.add(c);
    c.observer.once('close', () => this.consumers.delete(c));
    return c;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of [...this.producers]) p.transportClosed();
    for (const c of [...this.consumers]) c.transportClosed();
    this.router.transports.delete(this);
    this.observer.emit('close');
  }
  routerClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of [...this.producers]) p.transportClosed();
    for (const c of [...this.consumers]) c.transportClosed();
    this.emit('routerclose');
    this.observer.emit('close');
  }
}

export class FakeActiveSpeakerObserver extends EventEmitter {
  readonly producerIds: string[] = [];
  async addProducer({ producerId }: { producerId: string }): Promise<void> {
    this.producerIds.push(producerId);
  }
}

export class FakeRouter extends EventEmitter {
  readonly id = id('router');
  readonly observer = new EventEmitter();
  closed = false;
  readonly transports = new Set<FakeTransport>();
  readonly producers = new Map<string, FakeProducer>();
  readonly rtpCapabilities = { codecs: [] };
  readonly speaker = new FakeActiveSpeakerObserver();
  constructor(readonly appData: Record<string, unknown>) {
    super();
  }
  async createWebRtcTransport(o: { appData: Record<string, unknown> }): Promise<FakeTransport> {
    if (this.closed) throw new Error('router closed');
    const t = new FakeTransport(this, o.appData);
    this.transports.add(t);
    return t;
  }
  async createActiveSpeakerObserver(): Promise<FakeActiveSpeakerObserver> {
    return this.speaker;
  }
  canConsume({ producerId }: { producerId: string }): boolean {
    return this.producers.has(producerId);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of [...this.transports]) t.routerClosed();
    this.observer.emit('close');
  }
  workerClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of [...this.transports]) t.routerClosed();
    this.emit('workerclose');
    this.observer.emit('close');
  }
}

let nextPid = 1000;

export class FakeWorker extends EventEmitter {
  readonly pid = ++nextPid;
  readonly observer = new EventEmitter();
  closed = false;
  readonly routers = new Set<FakeRouter>();
  readonly servers: Array<{ listenInfos: unknown[]; closed: boolean }> = [];
  constructor(readonly settings: unknown) {
    super();
  }
  async createWebRtcServer(o: { listenInfos: unknown[] }): Promise<{ listenInfos: unknown[]; closed: boolean }> {
    const s = { listenInfos: o.listenInfos, closed: false };
    this.servers.push(s);
    return s;
  }
  async createRouter(o: { appData?: Record<string, unknown> }): Promise<FakeRouter> {
    if (this.closed) throw new Error('worker closed');
    const r = new FakeRouter(o.appData ?? {});
    this.routers.add(r);
    r.observer.once('close', () => this.routers.delete(r));
    this.observer.emit('newrouter', r);
    return r;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.servers) s.closed = true;
    for (const r of [...this.routers]) r.workerClosed();
    this.observer.emit('close');
  }
  /** the worker process crashed */
  die(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.servers) s.closed = true;
    for (const r of [...this.routers]) r.workerClosed();
    this.emit('died', new Error('killed'));
    this.observer.emit('close');
  }
}

/** A fake `mediasoup` module for WorkerPool: records every worker it created. */
export class FakeMediasoup {
  readonly workers: FakeWorker[] = [];
  failNext = 0;
  async createWorker(settings: ms.WorkerSettings): Promise<ms.Worker> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('spawn failed');
    }
    const w = new FakeWorker(settings);
    this.workers.push(w);
    return asWorker(w);
  }
}

export function asWorker(w: FakeWorker): ms.Worker {
  return w as unknown as ms.Worker;
}
export function asServer(s: { listenInfos: unknown[]; closed: boolean }): ms.WebRtcServer {
  return s as unknown as ms.WebRtcServer;
}
export function asTransport<T extends ms.WebRtcTransport>(t: FakeTransport): T {
  return t as unknown as T;
}
export function asProducer<T extends ms.Producer>(p: FakeProducer): T {
  return p as unknown as T;
}
export function asConsumer<T extends ms.Consumer>(c: FakeConsumer): T {
  return c as unknown as T;
}

/** A PeerChannel that records what it was sent. */
export class FakeChannel implements PeerChannel {
  readonly id = id('channel');
  session?: { meetingId: string; participantId: string };
  readonly sent: Array<{ event: keyof ServerEvents; payload: unknown }> = [];
  closed = false;
  private held?: Array<{ event: keyof ServerEvents; payload: unknown }>;
  send<E extends keyof ServerEvents>(event: E, payload: ServerEvents[E]): void {
    (this.held ?? this.sent).push({ event, payload });
  }
  hold(): void {
    this.held ??= [];
  }
  release(): void {
    this.sent.push(...(this.held ?? []));
    this.held = undefined;
  }
  close(): void {
    this.closed = true;
  }
  events<E extends keyof ServerEvents>(event: E): Array<ServerEvents[E]> {
    return this.sent.filter((s) => s.event === event).map((s) => s.payload as ServerEvents[E]);
  }
}
