import type { types as ms } from 'mediasoup';
import { SfuError, mediaError } from '../common/sfu.error';
import { INITIAL_OUTGOING_BITRATE, MAX_INCOMING_BITRATE, MEDIA_CODECS } from '../media/media-codecs';
import type {
  ConsumerInfo,
  JoinResult,
  JoinedInfo,
  LobbyEntryInfo,
  MediaJson,
  MediaKind,
  MediaSource,
  PeerLeftReason,
  ServerEvents,
  TransportInfo,
} from '@kohtaamo/protocol';
import { LayerGuard } from './layer-guard';
import { spatialLayerForTile } from './layers.util';
import { RouterSpread, type RouterSlot, type SpreadOptions } from './router-spread';
import type { PeerChannel } from './peer-channel';
import {
  Peer,
  producerInfo,
  type ConsumerAppData,
  type PeerIdentity,
  type PeerProducer,
  type ProducerAppData,
  type TransportAppData,
  type TransportDirection,
} from './peer.model';

/** What survives a room: who was admitted or removed, whether a host ended it. Kept per meeting. */
export interface MeetingState {
  readonly meetingId: string;
  readonly admitted: Set<string>;
  readonly removed: Set<string>;
  ended: boolean;
  /** latest token expiry seen (ms); the state is forgotten after it */
  expiresAt: number;
}

export function newMeetingState(meetingId: string): MeetingState {
  return { meetingId, admitted: new Set(), removed: new Set(), ended: false, expiresAt: 0 };
}

export type RoomCloseReason = 'empty' | 'ended' | 'worker-died' | 'shutdown' | 'moved';

/** A participant's connection to the call began (admitted) or ended; `sessionKey` is the same for both. */
export interface PresenceEvent {
  meetingId: string;
  participantId: string;
  event: 'joined' | 'left';
  at: number;
  sessionKey: string;
  roomCount?: number;
}

export interface RoomHooks {
  /** the room closed (every peer is gone from it) */
  closed(room: Room, reason: RoomCloseReason): void;
  /** someone entered or left the call (attendance; issue 12) */
  presence?(event: PresenceEvent): void;
  /** the last peer or waiting guest left */
  empty(room: Room): void;
}

export interface RoomLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface RoomOptions {
  meetingId: string;
  worker: ms.Worker;
  webRtcServer: ms.WebRtcServer;
  state: MeetingState;
  hooks: RoomHooks;
  logger?: RoomLogger;
  clock?: () => number;
  /** spread a large meeting over this node's other workers (pipeToRouter); absent = one router */
  spread?: SpreadOptions;
}

interface LobbyEntry {
  identity: PeerIdentity;
  channel: PeerChannel;
  since: number;
}

interface IndexedProducer {
  peer: Peer;
  producer: PeerProducer;
}

const SOURCE_KIND: Record<MediaSource, MediaKind> = { mic: 'audio', camera: 'video', screen: 'video' };

/**
 * One meeting on one router: admitted peers, the lobby of waiting guests, an active-speaker observer and
 * an index of every live producer. Signalling-agnostic: it speaks to participants through PeerChannels.
 * All mediasoup calls are awaited inside try/catch and every step after an await re-checks that the room,
 * the peer and the producer are still there.
 */
export class Room {
  readonly peers = new Map<string, Peer>();
  readonly lobby = new Map<string, LobbyEntry>();
  /** every live producer in the room; an entry leaves in the tick its producer closes */
  readonly producers = new Map<string, IndexedProducer>();
  private activeSpeakerId: string | null = null;
  private isClosed = false;
  private readonly clock: () => number;
  /** the meeting's routers (the first is `router`) and the pipes between them */
  readonly spread: RouterSpread;
  /** the router each participant's transports live on, decided at its first transport */
  private readonly peerSlots = new Map<Peer, Promise<RouterSlot>>();
  private readonly resolvedSlots = new Map<Peer, RouterSlot>();
  /** each admitted peer's connection key for attendance reports */
  private readonly sessionKeys = new Map<Peer, string>();
  /** each simulcast consumer's hold on its layer after a bandwidth step down (layer-guard.ts), and its timer */
  private readonly layerGuards = new Map<string, { guard: LayerGuard; timer?: NodeJS.Timeout }>();

  private constructor(
    readonly meetingId: string,
    readonly router: ms.Router,
    private readonly workerRef: ms.Worker,
    private readonly webRtcServer: ms.WebRtcServer,
    private readonly speakerObserver: ms.ActiveSpeakerObserver,
    readonly state: MeetingState,
    private readonly hooks: RoomHooks,
    private readonly logger: RoomLogger | undefined,
    clock: (() => number) | undefined,
    spread: SpreadOptions | undefined,
  ) {
    this.clock = clock ?? Date.now;
    this.spread = new RouterSpread({ router, webRtcServer, peers: 0 }, spread, () => this.close('worker-died'));
  }

  static async create(o: RoomOptions): Promise<Room> {
    const router = await o.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { meetingId: o.meetingId, pid: o.worker.pid } });
    let observer: ms.ActiveSpeakerObserver;
    try {
      observer = await router.createActiveSpeakerObserver({ interval: 300 });
    } catch (e) {
      router.close();
      throw e;
    }
    const room = new Room(o.meetingId, router, o.worker, o.webRtcServer, observer, o.state, o.hooks, o.logger, o.clock, o.spread);
    router.on('workerclose', () => room.close('worker-died'));
    observer.on('dominantspeaker', ({ producer }) => room.dominantSpeaker(producer.id));
    return room;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** the worker process this room's router lives on */
  get worker(): ms.Worker {
    return this.workerRef;
  }

  isEmpty(): boolean {
    return this.peers.size === 0 && this.lobby.size === 0;
  }

  // ---- joining ---------------------------------------------------------------------------------

  /** Admits hosts, members and already-admitted guests at once; other guests wait in the lobby. */
  join(identity: PeerIdentity, channel: PeerChannel): JoinResult {
    this.assertOpen();
    const id = identity.participantId;
    // The same participant again (a dropped socket reconnecting, a second tab): the newest wins.
    const old = this.peers.get(id);
    if (old !== undefined && old.channel !== channel) {
      this.endSession(old.channel, 'replaced');
      this.removePeer(old, 'replaced');
    } else if (old !== undefined) {
      this.removePeer(old, 'replaced');
    }
    const waiting = this.lobby.get(id);
    if (waiting !== undefined) {
      this.lobby.delete(id);
      if (waiting.channel !== channel) this.endSession(waiting.channel, 'replaced');
    }

    if (identity.role === 'guest' && !this.state.admitted.has(id)) {
      this.lobby.set(id, { identity, channel, since: waiting?.since ?? this.clock() });
      this.lobbyChanged();
      return { status: 'lobby', self: { participantId: id, name: identity.name, role: identity.role } };
    }
    if (waiting !== undefined) this.lobbyChanged();
    return this.admitPeer(identity, channel);
  }

  admit(host: Peer, participantId: string): void {
    this.assertHost(host);
    const entry = this.lobby.get(participantId);
    if (entry === undefined) throw new SfuError('not_found', 'nobody with that id is waiting', 'participantId');
    this.lobby.delete(participantId);
    this.state.admitted.add(participantId);
    const joined = this.admitPeer(entry.identity, entry.channel);
    entry.channel.send('lobby:admitted', joined);
    this.lobbyChanged();
  }

  deny(host: Peer, participantId: string): void {
    this.assertHost(host);
    const entry = this.lobby.get(participantId);
    if (entry === undefined) throw new SfuError('not_found', 'nobody with that id is waiting', 'participantId');
    this.lobby.delete(participantId);
    this.endSession(entry.channel, 'denied');
    this.lobbyChanged();
    this.checkEmpty();
  }

  /** A waiting guest's connection went away. */
  leaveLobby(channel: PeerChannel): void {
    for (const [id, e] of this.lobby) {
      if (e.channel === channel) {
        this.lobby.delete(id);
        this.lobbyChanged();
        this.checkEmpty();
        return;
      }
    }
  }

  peerFor(channel: PeerChannel): Peer | undefined {
    const id = channel.session?.participantId;
    const peer = id === undefined ? undefined : this.peers.get(id);
    return peer !== undefined && peer.channel === channel ? peer : undefined;
  }

  inLobby(channel: PeerChannel): boolean {
    const id = channel.session?.participantId;
    return id !== undefined && this.lobby.get(id)?.channel === channel;
  }

  /**
   * The peer is gone. A guest who left on purpose (the leave button: 'left') goes back to the lobby the
   * next time, so a host lets them in again; a dropped connection ('disconnected') keeps them admitted, so
   * the automatic rejoin brings them straight back into the call.
   */
  leave(peer: Peer, reason: PeerLeftReason): void {
    if (this.peers.get(peer.participantId) !== peer) return;
    if (reason === 'left') this.state.admitted.delete(peer.participantId);
    this.removePeer(peer, reason);
    this.checkEmpty();
  }

  // ---- media -----------------------------------------------------------------------------------

  setCapabilities(peer: Peer, rtpCapabilities: MediaJson): void {
    if (!Array.isArray(rtpCapabilities['codecs'])) {
      throw new SfuError('invalid_payload', 'rtpCapabilities.codecs must be an array', 'rtpCapabilities');
    }
    peer.rtpCapabilities = rtpCapabilities as ms.RtpCapabilities;
  }

  async createTransport(peer: Peer, direction: TransportDirection): Promise<TransportInfo> {
    this.assertOpen();
    let transport: ms.WebRtcTransport<TransportAppData>;
    try {
      const slot = await this.slotFor(peer);
      transport = await slot.router.createWebRtcTransport<TransportAppData>({
        webRtcServer: slot.webRtcServer,
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: INITIAL_OUTGOING_BITRATE,
        appData: { direction },
      });
    } catch (e) {
      throw mediaError(e, 'cannot create a transport');
    }
    if (this.isClosed || peer.closed) {
      transport.close();
      throw new SfuError('not_joined', 'the participant has left');
    }
    peer.addTransport(transport);
    if (direction === 'recv') {
      // the viewer's bandwidth estimate, for the layer guards of the consumers on this transport
      transport.on('trace', (t) => {
        const bps = (t.info as { availableBitrate?: unknown }).availableBitrate;
        if (t.type !== 'bwe' || typeof bps !== 'number' || peer.recvTransport() !== transport) return;
        const now = this.clock();
        for (const c of peer.consumers.values()) this.layerGuards.get(c.id)?.guard.setAvailableBitrate(bps, now);
      });
      await transport.enableTraceEvent(['bwe']).catch(() => undefined);
    }
    if (direction === 'send') {
      await transport.setMaxIncomingBitrate(MAX_INCOMING_BITRATE).catch(() => undefined);
    }
    return {
      id: transport.id,
      iceParameters: transport.iceParameters as unknown as MediaJson,
      iceCandidates: transport.iceCandidates as unknown as MediaJson[],
      dtlsParameters: transport.dtlsParameters as unknown as MediaJson,
    };
  }

  async connectTransport(peer: Peer, transportId: string, dtlsParameters: MediaJson): Promise<void> {
    const transport = peer.transport(transportId);
    try {
      await transport.connect({ dtlsParameters: dtlsParameters as unknown as ms.DtlsParameters });
    } catch (e) {
      throw mediaError(e, 'cannot connect the transport');
    }
  }

  async restartIce(peer: Peer, transportId: string): Promise<MediaJson> {
    const transport = peer.transport(transportId);
    try {
      return (await transport.restartIce()) as unknown as MediaJson;
    } catch (e) {
      throw mediaError(e, 'cannot restart ICE');
    }
  }

  async produce(peer: Peer, kind: MediaKind, rtpParameters: MediaJson, source: MediaSource, transportId: string): Promise<string> {
    this.assertOpen();
    if (SOURCE_KIND[source] !== kind) {
      throw new SfuError('invalid_payload', `a ${source} producer must be ${SOURCE_KIND[source]}`, 'source');
    }
    const transport = peer.transport(transportId, 'send');
    let producer: PeerProducer;
    try {
      producer = await transport.produce<ProducerAppData>({
        kind,
        rtpParameters: rtpParameters as unknown as ms.RtpParameters,
        appData: { source, participantId: peer.participantId },
      });
    } catch (e) {
      throw mediaError(e, 'cannot produce');
    }
    if (this.isClosed || peer.closed || producer.closed) {
      producer.close();
      throw new SfuError('not_joined', 'the participant has left');
    }
    // One producer per source: sharing the screen again replaces the previous share.
    peer.producerBySource(source)?.close();
    peer.addProducer(producer);
    this.producers.set(producer.id, { peer, producer });
    if (kind === 'audio') {
      // the active-speaker observer lives on the first router: audio from another worker is piped there
      const router = this.resolvedSlots.get(peer)?.router ?? this.router;
      this.spread
        .ensureOn(producer.id, router, this.router)
        .then(() => this.speakerObserver.addProducer({ producerId: producer.id }))
        .catch((e: unknown) => {
          if (!producer.closed) this.logger?.warn(`active speaker: ${e instanceof Error ? e.message : String(e)}`);
        });
    }
    this.broadcast('producer:new', { participantId: peer.participantId, producer: producerInfo(producer) }, peer);
    return producer.id;
  }

  async setProducerPaused(peer: Peer, producerId: string, paused: boolean): Promise<void> {
    const producer = peer.producer(producerId);
    try {
      if (paused) await producer.pause();
      else await producer.resume();
    } catch (e) {
      throw mediaError(e, 'cannot change the producer');
    }
    if (!producer.closed) {
      this.broadcast('producer:state', { participantId: peer.participantId, producerId, paused: producer.paused });
    }
  }

  closeProducer(peer: Peer, producerId: string): void {
    peer.producer(producerId).close();
  }

  /** Creates a paused consumer; the client resumes it once its side is ready. */
  async consume(peer: Peer, producerId: string): Promise<ConsumerInfo> {
    this.assertOpen();
    const entry = this.producers.get(producerId);
    if (entry === undefined || entry.producer.closed) throw new SfuError('not_found', 'no such producer', 'producerId');
    if (entry.peer === peer) throw new SfuError('invalid_payload', 'a participant does not consume its own media', 'producerId');
    const rtpCapabilities = peer.rtpCapabilities;
    if (rtpCapabilities === undefined) throw new SfuError('invalid_payload', 'send peer:capabilities before consuming', 'producerId');
    const transport = peer.recvTransport();
    if (transport === undefined) throw new SfuError('not_found', 'create a recv transport before consuming', 'producerId');
    const existing = peer.consumerForProducer(producerId);
    if (existing !== undefined) return this.consumerInfo(existing, entry);
    // a producer on another worker's router is piped to this participant's router first (once)
    let router: ms.Router;
    try {
      const [mine, theirs] = await Promise.all([this.slotFor(peer), this.slotFor(entry.peer)]);
      router = mine.router;
      await this.spread.ensureOn(producerId, theirs.router, router);
    } catch (e) {
      if (entry.producer.closed || !this.producers.has(producerId)) throw new SfuError('not_found', 'no such producer', 'producerId');
      throw mediaError(e, 'cannot reach the producer on another worker');
    }
    if (entry.producer.closed || !this.producers.has(producerId)) throw new SfuError('not_found', 'no such producer', 'producerId');
    if (this.isClosed || peer.closed) throw new SfuError('not_joined', 'the participant has left');
    let canConsume = false;
    try {
      canConsume = router.canConsume({ producerId, rtpCapabilities });
    } catch {
      canConsume = false;
    }
    if (!canConsume) throw new SfuError('media_error', 'the browser cannot receive this media (codec mismatch)', 'producerId');

    let consumer: ms.Consumer<ConsumerAppData>;
    try {
      consumer = await transport.consume<ConsumerAppData>({
        producerId,
        rtpCapabilities,
        paused: true,
        appData: { source: entry.producer.appData.source, participantId: entry.peer.participantId },
      });
    } catch (e) {
      if (entry.producer.closed || !this.producers.has(producerId)) throw new SfuError('not_found', 'no such producer', 'producerId');
      throw mediaError(e, 'cannot consume');
    }
    if (this.isClosed || peer.closed || consumer.closed || !this.producers.has(producerId)) {
      consumer.close();
      throw new SfuError('not_found', 'no such producer', 'producerId');
    }
    peer.addConsumer(consumer);
    // what the viewer's connection gets (bandwidth estimation moves simulcast layers; the score follows
    // loss): the client shows it as a connection-quality indicator
    if (consumer.type === 'simulcast') {
      // the producer's temporal layers, from the consumer's scalability mode (mediasoup gives "L3T3" for three simulcast layers of L1T3)
      const temporalLayers = Number(/T(\d+)/.exec(consumer.rtpParameters.encodings?.[0]?.scalabilityMode ?? '')?.[1] ?? 1);
      const layerBitrates = (entry.producer.rtpParameters.encodings ?? []).map((e) => e.maxBitrate);
      this.layerGuards.set(consumer.id, { guard: new LayerGuard(consumer.preferredLayers?.spatialLayer ?? 0, Math.max(0, temporalLayers - 1), layerBitrates) });
      consumer.observer.once('close', () => {
        clearTimeout(this.layerGuards.get(consumer.id)?.timer);
        this.layerGuards.delete(consumer.id);
      });
    }
    consumer.on('layerschange', (l) => {
      if (!peer.closed) peer.channel.send('consumer:layers', { consumerId: consumer.id, spatialLayer: l?.spatialLayer ?? null, temporalLayer: l?.temporalLayer ?? null });
      const held = this.layerGuards.get(consumer.id);
      if (held === undefined) return;
      if (held.guard.onLayers(l, this.clock(), consumer.score?.producerScores)) this.applyLayerGuard(consumer);
      else this.armLayerGuard(consumer);
    });
    consumer.on('score', (s) => {
      if (!peer.closed) peer.channel.send('consumer:score', { consumerId: consumer.id, score: s.score, producerScore: s.producerScore });
    });
    return this.consumerInfo(consumer, entry);
  }

  async setConsumerPaused(peer: Peer, consumerId: string, paused: boolean): Promise<void> {
    const consumer = peer.consumer(consumerId);
    try {
      if (paused) await consumer.pause();
      else await consumer.resume();
    } catch (e) {
      if (consumer.closed) throw new SfuError('not_found', 'no such consumer', 'consumerId');
      throw mediaError(e, 'cannot change the consumer');
    }
  }

  /** The viewer's tile for this consumer changed size: forward the simulcast layer that fits it. */
  async setTileSize(peer: Peer, consumerId: string, _width: number, height: number): Promise<number> {
    const consumer = peer.consumer(consumerId);
    if (consumer.type !== 'simulcast') return 0;
    const producer = this.producers.get(consumer.producerId)?.producer;
    const layers = producer?.rtpParameters.encodings?.length ?? 1;
    const spatialLayer = spatialLayerForTile(height, layers);
    const held = this.layerGuards.get(consumer.id);
    held?.guard.setTile(spatialLayer);
    try {
      await consumer.setPreferredLayers({ spatialLayer: held?.guard.preferred() ?? spatialLayer, temporalLayer: 2 });
    } catch (e) {
      if (consumer.closed) throw new SfuError('not_found', 'no such consumer', 'consumerId');
      throw mediaError(e, 'cannot set the preferred layers');
    }
    return spatialLayer;
  }

  /** Asks mediasoup for the layer the consumer's guard allows now (errors dropped: only a closing consumer fails). */
  private applyLayerGuard(consumer: ms.Consumer<ConsumerAppData>): void {
    const held = this.layerGuards.get(consumer.id);
    if (held === undefined || consumer.closed) return;
    void consumer.setPreferredLayers({ spatialLayer: held.guard.preferred(), temporalLayer: 2 }).catch(() => undefined);
    this.armLayerGuard(consumer);
  }

  /** Wakes the consumer's guard when a hold ends or a low frame rate has lasted long enough (one timer each). */
  private armLayerGuard(consumer: ms.Consumer<ConsumerAppData>): void {
    const held = this.layerGuards.get(consumer.id);
    if (held === undefined || consumer.closed) return;
    clearTimeout(held.timer);
    held.timer = undefined;
    const at = held.guard.nextWakeAt();
    if (at === null) return;
    held.timer = setTimeout(() => {
      held.timer = undefined;
      // the timer is re-armed at every report, so when it fires its time has come (a test clock may stand still)
      if (held.guard.tick(Math.max(at, this.clock()))) this.applyLayerGuard(consumer);
      else this.armLayerGuard(consumer);
    }, Math.max(0, at - this.clock()));
    held.timer.unref();
  }

  setRoomCount(peer: Peer, count: number): void {
    if (peer.roomCount === undefined) {
      throw new SfuError('forbidden', 'only a meeting-room device has a head count', 'count');
    }
    peer.roomCount = count;
    this.broadcast('peer:updated', { peer: peer.info() });
  }

  // ---- host controls ---------------------------------------------------------------------------

  /** Pauses the participant's microphone and tells them; only they can unmute again. */
  async mute(host: Peer, participantId: string): Promise<void> {
    this.assertHost(host);
    const target = this.peers.get(participantId);
    if (target === undefined) throw new SfuError('not_found', 'no such participant', 'participantId');
    const mic = target.producerBySource('mic');
    if (mic !== undefined && !mic.paused) {
      try {
        await mic.pause();
      } catch (e) {
        if (!mic.closed) throw mediaError(e, 'cannot mute');
      }
      if (!mic.closed) this.broadcast('producer:state', { participantId, producerId: mic.id, paused: true });
    }
    if (!target.closed) target.channel.send('host:muted', { by: host.identity.name });
  }

  /** Removes a participant (or a waiting guest) for the rest of the meeting. */
  remove(host: Peer, participantId: string): void {
    this.assertHost(host);
    if (participantId === host.participantId) throw new SfuError('invalid_payload', 'use leave to leave', 'participantId');
    const target = this.peers.get(participantId);
    const waiting = this.lobby.get(participantId);
    if (target === undefined && waiting === undefined) throw new SfuError('not_found', 'no such participant', 'participantId');
    if (target?.identity.role === 'host') throw new SfuError('forbidden', 'a host cannot be removed', 'participantId');
    this.expel(participantId);
  }

  /**
   * Removes a participant from the call or the lobby for the rest of the meeting (a host's decision, or
   * the API's order when the family's consent no longer covers them). Whether they were here: true/false.
   */
  expel(participantId: string): boolean {
    const target = this.peers.get(participantId);
    const waiting = this.lobby.get(participantId);
    this.state.removed.add(participantId);
    this.state.admitted.delete(participantId);
    if (target !== undefined) {
      this.endSession(target.channel, 'removed');
      this.removePeer(target, 'removed');
    }
    if (waiting !== undefined) {
      this.lobby.delete(participantId);
      this.endSession(waiting.channel, 'removed');
      this.lobbyChanged();
    }
    this.checkEmpty();
    return target !== undefined || waiting !== undefined;
  }

  /** Ends the meeting for everyone; later joins are refused until a host joins again. */
  end(host: Peer): void {
    this.assertHost(host);
    this.endByOrder();
  }

  /** Ends the meeting for everyone on the API's order (a host ended it in the staff app). */
  endByOrder(): void {
    this.state.ended = true;
    this.close('ended');
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  close(reason: RoomCloseReason): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const channels = [...[...this.peers.values()].map((p) => p.channel), ...[...this.lobby.values()].map((e) => e.channel)];
    for (const peer of this.peers.values()) {
      peer.close();
      this.reportLeft(peer);
    }
    this.peers.clear();
    this.lobby.clear();
    this.producers.clear();
    for (const channel of channels) {
      switch (reason) {
        case 'ended':
          this.endSession(channel, 'meeting-ended');
          break;
        case 'worker-died':
          channel.session = undefined;
          channel.send('meeting:rejoin', { reason: 'media-restart' });
          break;
        case 'shutdown':
          channel.session = undefined;
          channel.send('meeting:rejoin', { reason: 'server-restart' });
          break;
        case 'moved':
          channel.session = undefined;
          channel.send('meeting:rejoin', { reason: 'moved' });
          break;
        case 'empty':
          channel.session = undefined;
          break;
      }
    }
    this.spread.close();
    this.peerSlots.clear();
    this.resolvedSlots.clear();
    if (!this.router.closed) this.router.close();
    this.logger?.log(`room ${this.meetingId} closed (${reason})`);
    this.hooks.closed(this, reason);
  }

  // ---- internals -------------------------------------------------------------------------------

  private admitPeer(identity: PeerIdentity, channel: PeerChannel): JoinedInfo {
    const peer = Peer.create(identity, channel, { producerClosed: (p, producer) => this.producerClosed(p, producer) });
    const others = [...this.peers.values()];
    this.peers.set(identity.participantId, peer);
    this.state.admitted.add(identity.participantId);
    this.broadcast('peer:joined', { peer: peer.info() }, peer);
    const at = this.clock();
    const sessionKey = `${identity.participantId}@${at}`;
    this.sessionKeys.set(peer, sessionKey);
    this.hooks.presence?.({ meetingId: this.meetingId, participantId: identity.participantId, event: 'joined', at, sessionKey, ...(identity.roomCount !== undefined ? { roomCount: identity.roomCount } : {}) });
    return {
      status: 'joined',
      self: peer.info(),
      peers: others.map((p) => p.info()),
      routerRtpCapabilities: this.router.rtpCapabilities as unknown as MediaJson,
      lobby: identity.role === 'host' ? this.lobbyInfo() : [],
      activeSpeakerId: this.activeSpeakerId,
    };
  }

  private reportLeft(peer: Peer): void {
    const sessionKey = this.sessionKeys.get(peer);
    if (sessionKey === undefined) return;
    this.sessionKeys.delete(peer);
    this.hooks.presence?.({ meetingId: this.meetingId, participantId: peer.participantId, event: 'left', at: this.clock(), sessionKey });
  }

  private removePeer(peer: Peer, reason: PeerLeftReason): void {
    this.peers.delete(peer.participantId);
    peer.close();
    this.reportLeft(peer);
    const slot = this.resolvedSlots.get(peer);
    if (slot !== undefined) this.spread.release(slot);
    this.resolvedSlots.delete(peer);
    this.peerSlots.delete(peer);
    this.broadcast('peer:left', { participantId: peer.participantId, reason });
    if (this.activeSpeakerId === peer.participantId) {
      this.activeSpeakerId = null;
      this.broadcast('speaker:active', { participantId: null });
    }
  }

  private producerClosed(peer: Peer, producer: PeerProducer): void {
    const entry = this.producers.get(producer.id);
    if (entry === undefined || entry.producer !== producer) return;
    this.producers.delete(producer.id);
    this.spread.producerClosed(producer.id);
    if (!this.isClosed) this.broadcast('producer:closed', { participantId: peer.participantId, producerId: producer.id }, peer);
  }

  /** The router this participant's transports live on; chosen once, at its first transport. */
  private slotFor(peer: Peer): Promise<RouterSlot> {
    let slot = this.peerSlots.get(peer);
    if (slot === undefined) {
      slot = this.spread.slotForNewPeer(this.meetingId).then((s) => {
        if (peer.closed || this.peerSlots.get(peer) !== slot) {
          this.spread.release(s);
        } else {
          this.resolvedSlots.set(peer, s);
        }
        return s;
      });
      this.peerSlots.set(peer, slot);
    }
    return slot;
  }

  private dominantSpeaker(producerId: string): void {
    const entry = this.producers.get(producerId);
    if (entry === undefined || this.isClosed) return;
    if (this.activeSpeakerId === entry.peer.participantId) return;
    this.activeSpeakerId = entry.peer.participantId;
    this.broadcast('speaker:active', { participantId: this.activeSpeakerId });
  }

  private consumerInfo(consumer: ms.Consumer<ConsumerAppData>, entry: IndexedProducer): ConsumerInfo {
    return {
      id: consumer.id,
      producerId: consumer.producerId,
      participantId: entry.peer.participantId,
      kind: consumer.kind as MediaKind,
      source: consumer.appData.source,
      rtpParameters: consumer.rtpParameters as unknown as MediaJson,
      type: consumer.type,
      producerPaused: consumer.producerPaused,
    };
  }

  private lobbyInfo(): LobbyEntryInfo[] {
    return [...this.lobby.values()]
      .sort((a, b) => a.since - b.since)
      .map((e) => ({ participantId: e.identity.participantId, name: e.identity.name, since: new Date(e.since).toISOString() }));
  }

  private lobbyChanged(): void {
    const waiting = this.lobbyInfo();
    for (const p of this.peers.values()) if (p.identity.role === 'host') p.channel.send('lobby:update', { waiting });
  }

  private broadcast<E extends keyof ServerEvents>(event: E, payload: ServerEvents[E], except?: Peer): void {
    for (const p of this.peers.values()) if (p !== except) p.channel.send(event, payload);
  }

  private endSession(channel: PeerChannel, reason: ServerEvents['session:ended']['reason']): void {
    channel.session = undefined;
    channel.send('session:ended', { reason });
    channel.close();
  }

  private checkEmpty(): void {
    if (!this.isClosed && this.isEmpty()) this.hooks.empty(this);
  }

  private assertOpen(): void {
    if (this.isClosed) throw new SfuError('unavailable', 'the meeting is restarting; join again');
  }

  private assertHost(peer: Peer): void {
    if (peer.identity.role !== 'host') throw new SfuError('forbidden', 'only a host can do that');
  }
}
