import type { JoinResult, SessionEndReason } from '@kohtaamo/protocol';
import { chime } from '../chime';
import { LocalMedia } from '../local-media';
import { MediaSession, type TrackStats, type TransportRoute } from '../media-session';
import { Signalling, SignallingError } from '../signalling';
import type { PageParams } from '../token';
import { previewToken, type TokenPreview } from '../token-preview';
import { CallStore, knockedBetween, viewOf, type ViewName } from './call-store';
import { HeldDebounce } from './held-debounce';

/** how often a client that lost its SFU node asks the API where the meeting is now */
const REISSUE_EVERY_MS = 1000;

export interface Timings {
  /** performance.now() when Join was pressed */
  joinClicked?: number;
  /** when the SFU answered the join */
  joined?: number;
  /** when the first remote video frame was shown */
  firstRemoteFrame?: number;
}

export interface JoinChoice {
  name: string;
  camera: boolean;
  mic: boolean;
}

/** What the controller says aloud (the page's polite live region); the view translates it. */
export type Announcement =
  | { key: 'joinedAnn' | 'leftAnn' | 'mutedByHost'; name: string }
  | { key: 'waitingAnn'; names: string[] }
  | { key: 'devicesBlocked' | 'shareFailed' };

export interface ControllerHooks {
  /** something to say in the live region */
  announce(a: Announcement): void;
  /** ask before removing someone or ending for all (window.confirm in the browser) */
  confirm(what: { key: 'removeConfirm'; name: string } | { key: 'endConfirm' }): boolean;
}

/**
 * The call without its UI: join → (lobby) → call → ended, with rejoin after a dropped connection, a moved
 * SFU node or a media restart. Owns Signalling, MediaSession and the local devices; everything the views
 * show goes through `store`. One per join page.
 */
export class CallController {
  readonly store = new CallStore();
  readonly local = new LocalMedia();
  readonly timings: Timings = {};
  /** the latest signalling events (name and participant), for diagnosing tests */
  readonly eventLog: string[] = [];
  readonly preview: TokenPreview | undefined;
  private sig?: Signalling;
  private media?: MediaSession;
  private choice: JoinChoice = { name: '', camera: true, mic: true };
  private screenTrack?: MediaStreamTrack;
  /** set when the connection dropped while in the meeting: rejoin when it is back */
  private rejoinOnConnect = false;
  private joining = false;
  /** a fresh join token is being fetched because this node cannot be reached */
  private reissuing = false;
  private lastReissue = 0;
  /** media goes through TURN only: asked for in the link, or after direct media did not connect */
  private relayOnly: boolean;
  private disposed = false;
  /** the SFU's layer reports to the store; "no layer" only once it has lasted a second (held-debounce.ts) */
  private readonly held = new HeldDebounce((consumerId, spatialLayer) => this.store.dispatch({ type: 'videoLayer', consumerId, spatialLayer }));

  constructor(
    private params: PageParams,
    private readonly hooks: ControllerHooks,
  ) {
    this.preview = params.token === undefined ? undefined : previewToken(params.token);
    this.relayOnly = params.relayOnly === true;
    this.store.dispatch({ type: 'controls', controls: { canShare: typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function' } });
  }

  /** Opens the signalling connection while the person checks the preview: Join then costs one round trip less. */
  start(): void {
    if (this.preview !== undefined) this.connect();
  }

  /** The page went away (route left): close everything, turn the devices off. */
  dispose(): void {
    this.disposed = true;
    if (this.sig !== undefined && this.store.getState().phase === 'call') void this.sig.request('leave', {}, 1000).catch(() => undefined);
    this.teardown();
  }

  // ---- for the test hook -----------------------------------------------------------------------

  view(): ViewName {
    return viewOf(this.store.getState().phase);
  }

  async stats(): Promise<TrackStats[]> {
    return (await this.media?.stats()) ?? [];
  }

  async routes(): Promise<TransportRoute[]> {
    return (await this.media?.routes()) ?? [];
  }

  /** A tile showed its first remote video frame (the join benchmark's end mark). */
  firstFrame(): void {
    this.timings.firstRemoteFrame ??= performance.now();
  }

  private note(entry: string): void {
    this.eventLog.push(`${Math.round(performance.now())} ${entry}`);
    if (this.eventLog.length > 200) this.eventLog.shift();
  }

  // ---- joining ---------------------------------------------------------------------------------

  async join(choice: JoinChoice): Promise<void> {
    if (this.joining || this.disposed) return;
    this.choice = { ...choice };
    this.joining = true;
    this.timings.joinClicked = performance.now();
    this.store.dispatch({ type: 'joinStarted' });
    this.updateControls();
    try {
      const sig = this.connect();
      const result = await this.sendJoin(sig);
      this.timings.joined = performance.now();
      await this.enter(result);
    } catch (e) {
      this.joinFailed(e);
    } finally {
      this.joining = false;
    }
  }

  /** After leaving (or a retryable error): the join view again, devices reopened by it. */
  restart(): void {
    this.store.dispatch({ type: 'restart' });
    this.store.dispatch({ type: 'controls', controls: { canShare: typeof navigator.mediaDevices?.getDisplayMedia === 'function' } });
    this.connect();
  }

  private connect(): Signalling {
    if (this.sig !== undefined) return this.sig;
    const sig = new Signalling(this.params.sfuUrl);
    this.sig = sig;
    const store = this.store;
    this.media = new MediaSession(sig, {
      trackAdded: (r) => store.dispatch({ type: 'trackAdded', track: { consumerId: r.consumerId, participantId: r.participantId, kind: r.kind, source: r.source, track: r.track } }),
      trackRemoved: (r) => {
        this.held.forget(r.consumerId);
        store.dispatch({ type: 'trackRemoved', consumerId: r.consumerId });
      },
      problem: (m) => console.warn('[kohtaamo] media:', m),
      connectTimedOut: (direction) => this.mediaUnreachable(direction),
      qualityChanged: (q) => store.dispatch({ type: 'quality', quality: q }),
      layersChanged: (consumerId, spatialLayer) => this.held.report(consumerId, spatialLayer),
    }, () => ({ iceServers: this.params.iceServers ?? [], relayOnly: this.relayOnly }));
    const phase = (): string => store.getState().phase;
    sig.onDisconnected((reason) => {
      if (reason === 'io client disconnect') return;
      if (phase() === 'call' || phase() === 'lobby') {
        this.rejoinOnConnect = true;
        store.dispatch({ type: 'banner', banner: { key: 'reconnecting' } });
        this.media?.stop();
      }
    });
    sig.onConnectFailed(() => void this.nodeUnreachable(sig));
    sig.onConnected(() => {
      if (!this.rejoinOnConnect) return;
      this.rejoinOnConnect = false;
      void this.rejoin();
    });
    sig.on('meeting:rejoin', () => {
      store.dispatch({ type: 'banner', banner: { key: 'rejoining' } });
      void this.rejoin();
    });
    sig.on('session:ended', ({ reason }) => this.ended(reason));
    sig.on('lobby:admitted', (info) => void this.enter(info));
    sig.on('lobby:update', ({ waiting }) => {
      const knocked = knockedBetween(store.getState().lobby, waiting);
      store.dispatch({ type: 'lobbyUpdate', waiting });
      if (knocked.length === 0 || phase() !== 'call') return;
      // a knock: said in the page's live region (screen readers) and heard as a chime (everyone)
      this.hooks.announce({ key: 'waitingAnn', names: knocked.map((w) => w.name) });
      const played = chime();
      this.note(`lobby:knock ${knocked.map((w) => w.participantId).join(',')} chime=${played}`);
    });
    sig.onConnected(() => this.note('connected'));
    sig.onDisconnected((reason) => this.note(`disconnected ${reason}`));
    sig.on('meeting:rejoin', () => this.note('meeting:rejoin'));
    sig.on('peer:joined', ({ peer }) => {
      this.note(`peer:joined ${peer.participantId}`);
      store.dispatch({ type: 'peerJoined', peer });
      this.hooks.announce({ key: 'joinedAnn', name: peer.name });
    });
    sig.on('peer:updated', ({ peer }) => store.dispatch({ type: 'peerUpdated', peer }));
    sig.on('peer:left', ({ participantId, reason }) => {
      this.note(`peer:left ${participantId} ${reason}`);
      const name = store.getState().peers.find((p) => p.participantId === participantId)?.name ?? participantId;
      store.dispatch({ type: 'peerLeft', participantId });
      if (reason !== 'replaced') this.hooks.announce({ key: 'leftAnn', name });
    });
    sig.on('producer:new', ({ participantId, producer }) => store.dispatch({ type: 'producerNew', participantId, producer }));
    sig.on('producer:closed', ({ participantId, producerId }) => store.dispatch({ type: 'producerClosed', participantId, producerId }));
    sig.on('producer:state', ({ participantId, producerId, paused }) => store.dispatch({ type: 'producerState', participantId, producerId, paused }));
    sig.on('speaker:active', ({ participantId }) => store.dispatch({ type: 'speaker', participantId }));
    sig.on('host:muted', ({ by }) => {
      store.dispatch({ type: 'controls', controls: { micMuted: true } });
      void this.media?.setMicMuted(true).catch(() => undefined);
      this.hooks.announce({ key: 'mutedByHost', name: by });
      store.dispatch({ type: 'banner', banner: { key: 'mutedByHost', name: by } });
    });
    return sig;
  }

  private sendJoin(sig: Signalling): Promise<JoinResult> {
    const token = this.params.token ?? '';
    return sig.request('join', {
      token,
      ...(this.params.meetingId === undefined ? {} : { meetingId: this.params.meetingId }),
      ...(this.preview?.role === 'guest' ? { displayName: this.choice.name } : {}),
    });
  }

  private async rejoin(): Promise<void> {
    const sig = this.sig;
    const phase = this.store.getState().phase;
    if (sig === undefined || phase === 'ended' || phase === 'error' || this.disposed) return;
    this.media?.stop();
    try {
      await this.enter(await this.sendJoin(sig));
      this.rejoinOnConnect = false;
      this.store.dispatch({ type: 'banner', banner: null });
    } catch (e) {
      if (e instanceof SignallingError && e.code === 'wrong_node' && this.params.reissue !== undefined) {
        // the meeting now lives on another node: ask the API where, and move
        this.rejoinOnConnect = true;
        this.lastReissue = 0;
        void this.nodeUnreachable(sig);
        return;
      }
      if (e instanceof SignallingError && (e.code === 'network' || e.code === 'unavailable')) {
        // The SFU is still coming back: try again shortly.
        setTimeout(() => void this.rejoin(), 1500);
        return;
      }
      this.joinFailed(e);
    }
  }

  /**
   * The SFU node does not answer while we are in the meeting (socket.io keeps retrying it). With several
   * nodes, its meeting moves when its heartbeat stops: ask the API for a fresh token (at most every
   * REISSUE_EVERY_MS) and, once it names another node, move there and rejoin.
   */
  private async nodeUnreachable(sig: Signalling): Promise<void> {
    const reissue = this.params.reissue;
    if (reissue === undefined || sig !== this.sig || !this.rejoinOnConnect || this.reissuing) return;
    if (performance.now() - this.lastReissue < REISSUE_EVERY_MS) return;
    this.reissuing = true;
    this.lastReissue = performance.now();
    try {
      const fresh = await reissue();
      if (sig !== this.sig || !this.rejoinOnConnect) return;
      const moved = fresh.sfuUrl !== undefined && fresh.sfuUrl !== this.params.sfuUrl;
      this.params = { ...fresh, iceServers: fresh.iceServers ?? this.params.iceServers };
      if (!moved) {
        // still connected (the node refused us): try the join again shortly, with the fresh token
        if (sig.connected) setTimeout(() => void this.rejoin(), REISSUE_EVERY_MS);
        return;
      }
      this.note(`moving to ${fresh.sfuUrl ?? ''}`);
      this.store.dispatch({ type: 'banner', banner: { key: 'rejoining' } });
      this.media?.stop();
      sig.close();
      this.sig = undefined;
      this.media = undefined;
      this.connect(); // rejoinOnConnect is still set: the new connection rejoins
    } catch (e) {
      console.warn('[kohtaamo] asking for a new join token:', e);
    } finally {
      this.reissuing = false;
    }
  }

  /**
   * Media did not connect in time. With TURN servers at hand and not yet relay-only, try once more
   * through the relay only (UDP, TCP or TLS on 443 — whatever the school's firewall lets out); otherwise
   * say so and keep the call view (signalling still works, the host can still see who is there).
   */
  private mediaUnreachable(direction: 'send' | 'recv'): void {
    console.warn(`[kohtaamo] media (${direction}) did not connect in time; relay only: ${this.relayOnly}`);
    if (this.store.getState().phase !== 'call') return;
    if (!this.relayOnly && (this.params.iceServers?.length ?? 0) > 0) {
      this.relayOnly = true;
      this.note('media: falling back to relay');
      this.store.dispatch({ type: 'banner', banner: { key: 'viaRelay' } });
      void this.rejoin();
      return;
    }
    this.store.dispatch({ type: 'banner', banner: { key: 'mediaUnreachable' } });
  }

  private async enter(result: JoinResult): Promise<void> {
    if (this.disposed) return;
    if (result.status === 'lobby') {
      this.store.dispatch({ type: 'inLobby', self: result.self });
      return;
    }
    this.note(`joined with ${result.peers.map((p) => p.participantId).join(',')}`);
    this.store.dispatch({ type: 'joined', self: result.self, peers: result.peers, lobby: result.lobby, activeSpeaker: result.activeSpeakerId });
    this.store.dispatch({ type: 'localVideo', track: this.choice.camera ? (this.local.video ?? null) : null });
    this.updateControls();
    await this.media?.start(result, {
      audio: this.choice.mic ? this.local.audio : undefined,
      video: this.choice.camera ? this.local.video : undefined,
      micMuted: this.store.getState().controls.micMuted,
    });
    if (this.screenTrack !== undefined && this.screenTrack.readyState === 'live') await this.media?.produce('screen', this.screenTrack);
    this.updateControls();
  }

  private joinFailed(e: unknown): void {
    const code = e instanceof SignallingError ? e.code : 'internal';
    console.warn('[kohtaamo] join failed:', e);
    this.teardown();
    this.store.dispatch({ type: 'joinFailed', code });
  }

  private ended(reason: SessionEndReason): void {
    this.teardown();
    this.store.dispatch({ type: 'ended', reason });
  }

  // ---- in the call -----------------------------------------------------------------------------

  async toggleMic(): Promise<void> {
    if (this.local.audio === undefined || !this.choice.mic) {
      // joined without a microphone (none yet, refused, or turned off): open it now and send it
      if (!(await this.local.setMic(this.local.micId)) || this.local.audio === undefined) {
        this.hooks.announce({ key: 'devicesBlocked' });
        return;
      }
      this.choice.mic = true;
      this.store.dispatch({ type: 'controls', controls: { micMuted: false } });
      await this.media?.produce('mic', this.local.audio);
      this.updateControls();
      return;
    }
    const muted = !this.store.getState().controls.micMuted;
    this.store.dispatch({ type: 'controls', controls: { micMuted: muted } });
    await this.media?.setMicMuted(muted).catch((e: unknown) => console.warn(e));
  }

  async toggleCamera(): Promise<void> {
    if (this.choice.camera && this.local.video !== undefined) {
      this.choice.camera = false;
      await this.media?.closeProducer('camera');
      this.local.stopVideo(); // the camera light goes off too
      this.store.dispatch({ type: 'localVideo', track: null });
    } else {
      if (!(await this.local.setCamera(this.local.cameraId)) || this.local.video === undefined) return;
      this.choice.camera = true;
      this.store.dispatch({ type: 'localVideo', track: this.local.video });
      await this.media?.produce('camera', this.local.video);
    }
    this.updateControls();
  }

  async toggleScreen(): Promise<void> {
    if (this.screenTrack !== undefined) {
      this.stopScreen();
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
      const track = stream.getVideoTracks()[0];
      if (track === undefined) return;
      track.contentHint = 'detail';
      this.screenTrack = track;
      track.addEventListener('ended', () => this.stopScreen());
      await this.media?.produce('screen', track);
    } catch (e) {
      console.warn('[kohtaamo] screen share:', e);
      this.screenTrack = undefined;
      this.hooks.announce({ key: 'shareFailed' });
    }
    this.updateControls();
  }

  private stopScreen(): void {
    const track = this.screenTrack;
    this.screenTrack = undefined;
    track?.stop();
    void this.media?.closeProducer('screen');
    this.updateControls();
  }

  /** Tells the SFU how large (device pixels) a remote video is drawn, so it picks the simulcast layer. */
  reportTile(consumerId: string, width: number, height: number): void {
    void this.media?.reportTile(consumerId, width, height);
  }

  async hostAction(event: 'lobby:admit' | 'lobby:deny' | 'host:mute' | 'host:remove', participantId: string): Promise<void> {
    if (event === 'host:remove') {
      const name = this.store.getState().peers.find((p) => p.participantId === participantId)?.name ?? participantId;
      if (!this.hooks.confirm({ key: 'removeConfirm', name })) return;
    }
    try {
      await this.sig?.request(event, { participantId });
    } catch (e) {
      console.warn(`[kohtaamo] ${event}:`, e);
    }
  }

  async endForAll(): Promise<void> {
    if (!this.hooks.confirm({ key: 'endConfirm' })) return;
    await this.sig?.request('host:end', {}).catch((e: unknown) => console.warn(e));
  }

  async leave(): Promise<void> {
    try {
      await this.sig?.request('leave', {}, 3000);
    } catch {
      // leaving anyway
    }
    this.ended('left');
  }

  private updateControls(): void {
    this.store.dispatch({
      type: 'controls',
      controls: {
        cameraOn: this.choice.camera && this.local.video !== undefined,
        sharing: this.screenTrack !== undefined,
        hasMic: this.local.audio !== undefined && this.choice.mic,
      },
    });
  }

  private teardown(): void {
    this.held.clear();
    this.media?.stop();
    this.sig?.close();
    this.sig = undefined;
    this.media = undefined;
    this.screenTrack?.stop();
    this.screenTrack = undefined;
    this.local.stopAll();
    this.rejoinOnConnect = false;
  }
}
