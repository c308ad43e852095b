import { Device } from 'mediasoup-client';
import type { types as msc } from 'mediasoup-client';
import type { JoinedInfo, MediaJson, MediaKind, MediaSource, ProducerInfo } from '@kohtaamo/protocol';
import { connectionQuality, type ConnectionQuality } from '../../../libs/domain/src/connection-quality';
import { SignallingError, type Signalling } from './signalling';

export type { ConnectionQuality };

export interface RemoteTrack {
  consumerId: string;
  producerId: string;
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  track: MediaStreamTrack;
}

export interface MediaHooks {
  trackAdded(track: RemoteTrack): void;
  trackRemoved(track: RemoteTrack): void;
  /** something went wrong that the user may want to know about (already logged) */
  problem(message: string): void;
  /**
   * A transport did not connect within CONNECT_TIMEOUT_MS (or ICE failed). A wrong TURN credential or an
   * untrusted TURNS certificate leaves it silently in `new`/`connecting`, so only a timer notices.
   */
  connectTimedOut(direction: 'send' | 'recv'): void;
  /** the connection-quality level changed (see MediaSession.quality) */
  qualityChanged?(quality: ConnectionQuality): void;
  /** the SFU now forwards this spatial layer of a remote simulcast video (null: none) */
  layersChanged?(consumerId: string, spatialLayer: number | null): void;
}


/** How media reaches the SFU: TURN servers from the join-token answer, and whether to use only them. */
export interface IceOptions {
  iceServers: RTCIceServer[];
  relayOnly: boolean;
}

/** The route ICE chose for a transport: the local candidate type and, through a relay, its protocol. */
export interface TransportRoute {
  direction: 'send' | 'recv';
  state: string;
  /** host, srflx, prflx or relay */
  localCandidateType?: string;
  /** udp, tcp or tls: how this browser reaches the TURN server (relay only) */
  relayProtocol?: string;
}

/** Direct media normally connects in well under a second; TURN over TLS in one or two. */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface TrackStats {
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  bytesReceived: number;
  framesDecoded: number;
  /** audio: samples played out and those the decoder had to invent (loss concealment) */
  totalSamplesReceived?: number;
  concealedSamples?: number;
  /** video: the simulcast layer the SFU forwards now, and the one the tile asked for */
  spatialLayer?: number | null;
  preferredLayer?: number;
  /** the SFU's score for this stream (0–10) */
  score?: number;
}

/**
 * Camera simulcast: three layers (¼, ½ and full resolution). The SFU forwards the layer that fits each
 * viewer's tile. Temporal scalability lets it also thin out frames for small tiles.
 * The bottom layer is kept cheap (100 kbit/s; a quarter of 720p is 320×180): it is what a viewer on a
 * weak link gets, and mediasoup forwards no video at all when the viewer's estimate fits not even its
 * lowest temporal layer (about 40 % of the layer's rate in libwebrtc's L1T3 split) — at 150 kbit/s that
 * was 60 kbit/s, above a 5 %-loss link's lowest estimates (README, "Impaired links").
 */
const CAMERA_ENCODINGS: msc.RtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 100_000, scalabilityMode: 'L1T3' },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 450_000, scalabilityMode: 'L1T3' },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
];
const SCREEN_ENCODINGS: msc.RtpEncodingParameters[] = [{ maxBitrate: 1_500_000 }];

type Remote = RemoteTrack & { consumer: msc.Consumer; score?: number; spatialLayer?: number | null; preferredLayer?: number };

/**
 * The browser side of the SFU flow: device.load → peer:capabilities → send/recv transports →
 * produce local tracks → consume remote producers (paused on the server, resumed once ready).
 * start() may be called again after a rejoin; local tracks survive (stopTracks: false).
 */
export class MediaSession {
  private device?: Device;
  private sendTransport?: msc.Transport;
  private recvTransport?: msc.Transport;
  private readonly producers = new Map<MediaSource, msc.Producer>();
  private readonly remotes = new Map<string, Remote>();
  private readonly pendingProducers = new Set<string>();
  /**
   * Every remote producer in the room as far as we know (from the join answer and producer:new/closed),
   * kept even before the receive transport exists, so none announced meanwhile is missed.
   */
  private readonly known = new Map<string, { participantId: string; producer: ProducerInfo }>();
  /** bumps on every start/stop so late answers of an older session are dropped */
  private generation = 0;

  private readonly connectTimers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly sig: Signalling,
    private readonly hooks: MediaHooks,
    private readonly ice: () => IceOptions = () => ({ iceServers: [], relayOnly: false }),
  ) {
    sig.on('producer:new', ({ participantId, producer }) => {
      this.known.set(producer.id, { participantId, producer });
      void this.consume(participantId, producer);
    });
    sig.on('producer:closed', ({ producerId }) => {
      this.known.delete(producerId);
      this.dropByProducer(producerId);
    });
    sig.on('peer:left', ({ participantId }) => {
      for (const [id, k] of this.known) if (k.participantId === participantId) this.known.delete(id);
    });
    sig.on('consumer:closed', ({ consumerId }) => this.drop(consumerId));
    sig.on('consumer:layers', ({ consumerId, spatialLayer }) => {
      const r = this.remotes.get(consumerId);
      if (r === undefined) return;
      r.spatialLayer = spatialLayer;
      this.hooks.layersChanged?.(consumerId, spatialLayer);
      this.qualityMaybeChanged();
    });
    sig.on('consumer:score', ({ consumerId, score }) => {
      const r = this.remotes.get(consumerId);
      if (r === undefined) return;
      r.score = score;
      this.qualityMaybeChanged();
    });
  }

  private lastQuality: ConnectionQuality = 'unknown';

  /** The connection quality now (see connectionQuality). */
  quality(): ConnectionQuality {
    return connectionQuality([...this.remotes.values()]);
  }

  private qualityMaybeChanged(): void {
    const q = this.quality();
    if (q === this.lastQuality) return;
    this.lastQuality = q;
    this.hooks.qualityChanged?.(q);
  }

  async start(info: JoinedInfo, local: { audio?: MediaStreamTrack; video?: MediaStreamTrack; micMuted: boolean }): Promise<void> {
    this.stop();
    const generation = ++this.generation;
    for (const peer of info.peers) for (const p of peer.producers) this.known.set(p.id, { participantId: peer.participantId, producer: p });
    const device = new Device();
    await device.load({ routerRtpCapabilities: info.routerRtpCapabilities as unknown as msc.RtpCapabilities });
    this.device = device;
    await this.sig.request('peer:capabilities', { rtpCapabilities: device.rtpCapabilities as unknown as MediaJson });
    const [sendInfo, recvInfo] = await Promise.all([
      this.sig.request('transport:create', { direction: 'send' }),
      this.sig.request('transport:create', { direction: 'recv' }),
    ]);
    if (generation !== this.generation) return;
    const { iceServers, relayOnly } = this.ice();
    const iceOptions = { iceServers, iceTransportPolicy: relayOnly ? ('relay' as const) : ('all' as const) };
    const send = device.createSendTransport({ ...(sendInfo as unknown as msc.TransportOptions), ...iceOptions, appData: { direction: 'send' } });
    const recv = device.createRecvTransport({ ...(recvInfo as unknown as msc.TransportOptions), ...iceOptions, appData: { direction: 'recv' } });
    for (const transport of [send, recv]) {
      const direction = transport === send ? 'send' : 'recv';
      transport.on('connect', ({ dtlsParameters }, callback, errback) => {
        this.watchConnect(transport, direction, generation);
        this.sig
          .request('transport:connect', { transportId: transport.id, dtlsParameters: dtlsParameters as unknown as MediaJson })
          .then(() => callback(), errback);
      });
    }
    send.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const source = appData['source'] as MediaSource;
      this.sig
        .request('produce', { transportId: send.id, kind, rtpParameters: rtpParameters as unknown as MediaJson, source })
        .then(({ id }) => callback({ id }), errback);
    });
    this.sendTransport = send;
    this.recvTransport = recv;

    // Receive first: the others are already talking (including anyone who started while we set up).
    for (const { participantId, producer } of this.known.values()) void this.consume(participantId, producer);
    if (local.audio !== undefined) {
      const mic = await this.produce('mic', local.audio);
      if (mic !== undefined && local.micMuted) await this.setMicMuted(true);
    }
    if (local.video !== undefined) await this.produce('camera', local.video);
  }

  /** Closes transports (and with them every producer and consumer); local tracks keep running. */
  stop(): void {
    this.generation++;
    for (const t of this.connectTimers) clearTimeout(t);
    this.connectTimers.clear();
    this.known.clear();
    for (const r of [...this.remotes.values()]) this.drop(r.consumerId);
    this.producers.clear();
    this.pendingProducers.clear();
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = undefined;
    this.recvTransport = undefined;
  }

  async produce(source: MediaSource, track: MediaStreamTrack): Promise<msc.Producer | undefined> {
    const transport = this.sendTransport;
    if (transport === undefined || this.device?.canProduce(track.kind as MediaKind) !== true) return undefined;
    const generation = this.generation;
    const producer = await transport.produce({
      track,
      stopTracks: false,
      encodings: source === 'camera' ? CAMERA_ENCODINGS : source === 'screen' ? SCREEN_ENCODINGS : undefined,
      codecOptions: source === 'mic' ? { opusDtx: true, opusFec: true } : { videoGoogleStartBitrate: 1000 },
      appData: { source },
    });
    if (generation !== this.generation) {
      producer.close();
      return undefined;
    }
    this.producers.get(source)?.close();
    this.producers.set(source, producer);
    producer.on('transportclose', () => this.producers.delete(source));
    return producer;
  }

  async closeProducer(source: MediaSource): Promise<void> {
    const producer = this.producers.get(source);
    if (producer === undefined) return;
    this.producers.delete(source);
    producer.close();
    await this.sig.request('producer:close', { producerId: producer.id }).catch(() => undefined);
  }

  hasProducer(source: MediaSource): boolean {
    return this.producers.has(source);
  }

  async setMicMuted(muted: boolean): Promise<void> {
    const mic = this.producers.get('mic');
    if (mic === undefined) return;
    if (muted) mic.pause();
    else mic.resume();
    await this.sig.request(muted ? 'producer:pause' : 'producer:resume', { producerId: mic.id });
  }

  /** Tells the SFU how large (device pixels) a remote video is drawn, so it can pick the simulcast layer. */
  async reportTile(consumerId: string, width: number, height: number): Promise<void> {
    if (!this.remotes.has(consumerId)) return;
    const answer = await this.sig.request('consumer:tile', { consumerId, width: Math.round(width), height: Math.round(height) }).catch(() => undefined);
    const r = this.remotes.get(consumerId);
    if (answer !== undefined && r !== undefined) {
      r.preferredLayer = answer.spatialLayer;
      this.qualityMaybeChanged();
    }
  }

  remoteTracks(): RemoteTrack[] {
    return [...this.remotes.values()].map(({ consumer: _c, ...r }) => r);
  }

  async stats(): Promise<TrackStats[]> {
    const out: TrackStats[] = [];
    for (const r of this.remotes.values()) {
      let bytesReceived = 0;
      let framesDecoded = 0;
      let totalSamplesReceived = 0;
      let concealedSamples = 0;
      const report = await r.consumer.getStats();
      report.forEach((s: { type?: string; bytesReceived?: number; framesDecoded?: number; totalSamplesReceived?: number; concealedSamples?: number }) => {
        if (s.type !== 'inbound-rtp') return;
        bytesReceived += s.bytesReceived ?? 0;
        framesDecoded += s.framesDecoded ?? 0;
        totalSamplesReceived += s.totalSamplesReceived ?? 0;
        concealedSamples += s.concealedSamples ?? 0;
      });
      const stat: TrackStats = { participantId: r.participantId, kind: r.kind, source: r.source, bytesReceived, framesDecoded };
      if (r.kind === 'audio') Object.assign(stat, { totalSamplesReceived, concealedSamples });
      if (r.kind === 'video') Object.assign(stat, { spatialLayer: r.spatialLayer, preferredLayer: r.preferredLayer });
      if (r.score !== undefined) stat.score = r.score;
      out.push(stat);
    }
    return out;
  }

  /** Per transport: its connection state and the ICE route it took (from the selected candidate pair). */
  async routes(): Promise<TransportRoute[]> {
    const out: TransportRoute[] = [];
    for (const [direction, transport] of [['send', this.sendTransport], ['recv', this.recvTransport]] as const) {
      if (transport === undefined) continue;
      const route: TransportRoute = { direction, state: transport.connectionState };
      const report = await transport.getStats().catch(() => undefined);
      if (report !== undefined) {
        const byId = new Map<string, Record<string, unknown>>();
        report.forEach((s: Record<string, unknown>) => byId.set(String(s['id']), s));
        for (const s of byId.values()) {
          if (s['type'] !== 'transport' || typeof s['selectedCandidatePairId'] !== 'string') continue;
          const pair = byId.get(s['selectedCandidatePairId']);
          const local = pair === undefined ? undefined : byId.get(String(pair['localCandidateId']));
          if (local === undefined) continue;
          route.localCandidateType = String(local['candidateType']);
          if (typeof local['relayProtocol'] === 'string') route.relayProtocol = local['relayProtocol'];
        }
      }
      out.push(route);
    }
    return out;
  }

  /** Starts the transport's own connect timeout when it first tries to connect. */
  private watchConnect(transport: msc.Transport, direction: 'send' | 'recv', generation: number): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      if (timer !== undefined) this.connectTimers.delete(timer);
      timer = undefined;
    };
    const giveUp = (): void => {
      settle();
      if (generation === this.generation && !transport.closed) this.hooks.connectTimedOut(direction);
    };
    timer = setTimeout(giveUp, CONNECT_TIMEOUT_MS);
    this.connectTimers.add(timer);
    transport.on('connectionstatechange', (state) => {
      if (state === 'connected') settle();
      else if (state === 'failed') giveUp();
    });
  }

  private async consume(participantId: string, producer: ProducerInfo): Promise<void> {
    const recv = this.recvTransport;
    if (recv === undefined || this.pendingProducers.has(producer.id)) return;
    for (const r of this.remotes.values()) if (r.producerId === producer.id) return;
    const generation = this.generation;
    this.pendingProducers.add(producer.id);
    try {
      const info = await this.sig.request('consume', { producerId: producer.id });
      if (generation !== this.generation) return;
      const consumer = await recv.consume({
        id: info.id,
        producerId: info.producerId,
        kind: info.kind,
        rtpParameters: info.rtpParameters as unknown as msc.RtpParameters,
        appData: { participantId, source: info.source },
      });
      if (generation !== this.generation || !this.pendingProducers.has(producer.id)) {
        consumer.close();
        return;
      }
      const remote: Remote = {
        consumer,
        consumerId: consumer.id,
        producerId: info.producerId,
        participantId,
        kind: info.kind,
        source: info.source,
        track: consumer.track,
      };
      this.remotes.set(consumer.id, remote);
      consumer.on('transportclose', () => this.drop(consumer.id));
      this.hooks.trackAdded(this.publicTrack(remote));
      await this.sig.request('consumer:resume', { consumerId: consumer.id });
    } catch (e) {
      // The producer went away meanwhile: nothing to show.
      if (e instanceof SignallingError && e.code === 'not_found') return;
      if (generation === this.generation) this.hooks.problem(e instanceof Error ? e.message : String(e));
    } finally {
      this.pendingProducers.delete(producer.id);
    }
  }

  private dropByProducer(producerId: string): void {
    this.pendingProducers.delete(producerId);
    for (const r of [...this.remotes.values()]) if (r.producerId === producerId) this.drop(r.consumerId);
  }

  private drop(consumerId: string): void {
    const r = this.remotes.get(consumerId);
    if (r === undefined) return;
    this.remotes.delete(consumerId);
    r.consumer.close();
    this.hooks.trackRemoved(this.publicTrack(r));
    this.qualityMaybeChanged();
  }

  private publicTrack(r: Remote): RemoteTrack {
    return { consumerId: r.consumerId, producerId: r.producerId, participantId: r.participantId, kind: r.kind, source: r.source, track: r.track };
  }
}
