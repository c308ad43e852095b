import type { JoinedInfo, JoinResult, SessionEndReason } from '../../sfu/src/signalling/protocol.types';
import { chime } from './chime';
import { announce } from './dom';
import { hasKey, t } from './i18n';
import { LocalMedia } from './local-media';
import { MediaSession, type RemoteTrack, type TrackStats, type TransportRoute } from './media-session';
import { Signalling, SignallingError } from './signalling';
import { previewToken, type PageParams, type TokenPreview } from './token';
import { CallView } from './views/call-view';
import { renderJoinView, type JoinChoice, type JoinView } from './views/join-view';
import { renderEndedView, renderErrorView, renderLobbyView } from './views/simple-views';

/** how often a client that lost its SFU node asks the API where the meeting is now */
const REISSUE_EVERY_MS = 1000;

export type ViewName = 'join' | 'lobby' | 'call' | 'ended' | 'error';

export interface Timings {
  /** performance.now() when Join was pressed */
  joinClicked?: number;
  /** when the SFU answered the join */
  joined?: number;
  /** when the first remote video frame was shown */
  firstRemoteFrame?: number;
}

/** The page: join → (lobby) → call → ended, with rejoin after a dropped connection or a media restart. */
export class App {
  view: ViewName = 'join';
  readonly timings: Timings = {};
  /** the latest signalling events (name and participant), for diagnosing tests */
  readonly eventLog: string[] = [];
  private readonly local = new LocalMedia();
  private readonly preview: TokenPreview | undefined;
  private sig?: Signalling;
  private media?: MediaSession;
  private call?: CallView;
  private joinView?: JoinView;
  private choice: JoinChoice = { name: '', camera: true, mic: true };
  private micMuted = false;
  private screenTrack?: MediaStreamTrack;
  /** set when the connection dropped while in the meeting: rejoin when it is back */
  private rejoinOnConnect = false;
  private joining = false;
  /** a fresh join token is being fetched because this node cannot be reached */
  private reissuing = false;
  private lastReissue = 0;
  /** media goes through TURN only: asked for in the link, or after direct media did not connect */
  private relayOnly: boolean;

  constructor(
    private readonly root: HTMLElement,
    private params: PageParams,
  ) {
    this.preview = params.token === undefined ? undefined : previewToken(params.token);
    this.relayOnly = params.relayOnly === true;
  }

  start(): void {
    if (this.params.token === undefined || this.preview === undefined) {
      this.showError('invalid_token', t('join.noToken'), undefined);
      return;
    }
    // Open the signalling connection while the user checks the preview: Join then costs one round trip less.
    this.connect();
    this.showJoin();
  }

  // ---- for the test hook -----------------------------------------------------------------------

  participants(): string[] {
    return this.call?.visibleParticipants() ?? [];
  }

  async stats(): Promise<TrackStats[]> {
    return (await this.media?.stats()) ?? [];
  }

  async routes(): Promise<TransportRoute[]> {
    return (await this.media?.routes()) ?? [];
  }

  lobbyWaiting(): string[] {
    return [...this.root.querySelectorAll<HTMLElement>('#lobby-list li')].map((li) => li.dataset['participantId'] ?? '');
  }

  // ---- views -----------------------------------------------------------------------------------

  private showJoin(): void {
    this.view = 'join';
    this.joinView = renderJoinView(this.root, this.preview, this.params.about, this.local, (choice) => void this.join(choice));
  }

  private showError(code: string, message: string, retry: (() => void) | undefined): void {
    this.view = 'error';
    renderErrorView(this.root, code, message, retry);
  }

  private showEnded(reason: SessionEndReason): void {
    this.view = 'ended';
    this.teardown();
    const canRejoin = reason === 'left' || reason === 'replaced' || reason === 'denied';
    renderEndedView(this.root, reason, canRejoin ? () => this.restart() : undefined);
  }

  private restart(): void {
    this.showJoin();
  }

  // ---- joining ---------------------------------------------------------------------------------

  private async join(choice: JoinChoice): Promise<void> {
    if (this.joining) return;
    this.choice = choice;
    this.joining = true;
    this.timings.joinClicked = performance.now();
    this.joinView?.setBusy(true);
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

  private connect(): Signalling {
    if (this.sig !== undefined) return this.sig;
    const sig = new Signalling(this.params.sfuUrl);
    this.sig = sig;
    this.media = new MediaSession(sig, {
      trackAdded: (r) => this.trackAdded(r),
      trackRemoved: (r) => this.call?.removeTrack(r),
      problem: (m) => console.warn('[kohtaamo] media:', m),
      connectTimedOut: (direction) => this.mediaUnreachable(direction),
      qualityChanged: (q) => this.call?.setQuality(q),
    }, () => ({ iceServers: this.params.iceServers ?? [], relayOnly: this.relayOnly }));
    sig.onDisconnected((reason) => {
      if (reason === 'io client disconnect') return;
      if (this.view === 'call' || this.view === 'lobby') {
        this.rejoinOnConnect = true;
        this.call?.setBanner(t('call.reconnecting'));
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
      this.call?.setBanner(t('call.rejoining'));
      void this.rejoin();
    });
    sig.on('session:ended', ({ reason }) => this.showEnded(reason));
    sig.on('lobby:admitted', (info) => void this.enter(info));
    sig.on('lobby:update', ({ waiting }) => {
      const before = new Set(this.lobbyWaiting());
      this.call?.setLobby(waiting);
      const knocked = waiting.filter((w) => !before.has(w.participantId));
      if (knocked.length === 0 || this.view !== 'call') return;
      // a knock: said in the page's live region (screen readers) and heard as a chime (everyone)
      announce(knocked.map((w) => t('call.waitingAnn', { name: w.name })).join(' '));
      const played = chime();
      this.eventLog.push(`${Math.round(performance.now())} lobby:knock ${knocked.map((w) => w.participantId).join(',')} chime=${played}`);
    });
    const note = (entry: string): void => {
      this.eventLog.push(`${Math.round(performance.now())} ${entry}`);
      if (this.eventLog.length > 200) this.eventLog.shift();
    };
    sig.onConnected(() => note('connected'));
    sig.onDisconnected((reason) => note(`disconnected ${reason}`));
    sig.on('meeting:rejoin', () => note('meeting:rejoin'));
    sig.on('peer:joined', ({ peer }) => note(`peer:joined ${peer.participantId}`));
    sig.on('peer:left', ({ participantId, reason }) => note(`peer:left ${participantId} ${reason}`));
    sig.on('peer:joined', ({ peer }) => {
      this.call?.upsertPeer(peer);
      announce(t('call.joinedAnn', { name: peer.name }));
    });
    sig.on('peer:updated', ({ peer }) => this.call?.upsertPeer(peer));
    sig.on('peer:left', ({ participantId, reason }) => {
      const name = this.call?.peerName(participantId) ?? participantId;
      this.call?.removePeer(participantId);
      if (reason !== 'replaced') announce(t('call.leftAnn', { name }));
    });
    sig.on('producer:new', ({ participantId, producer }) => this.call?.producerAdded(participantId, producer));
    sig.on('producer:closed', ({ participantId, producerId }) => this.call?.producerRemoved(participantId, producerId));
    sig.on('producer:state', ({ participantId, producerId, paused }) => this.call?.producerState(participantId, producerId, paused));
    sig.on('speaker:active', ({ participantId }) => this.call?.setActiveSpeaker(participantId));
    sig.on('host:muted', ({ by }) => {
      this.micMuted = true;
      void this.media?.setMicMuted(true).catch(() => undefined);
      this.updateControls();
      announce(t('call.mutedByHost', { name: by }));
      this.call?.setBanner(t('call.mutedByHost', { name: by }));
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
    if (sig === undefined || this.view === 'ended' || this.view === 'error') return;
    this.media?.stop();
    try {
      await this.enter(await this.sendJoin(sig));
      this.rejoinOnConnect = false;
      this.call?.setBanner(null);
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
      this.eventLog.push(`${Math.round(performance.now())} moving to ${fresh.sfuUrl ?? ''}`);
      this.call?.setBanner(t('call.rejoining'));
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
    if (this.view !== 'call') return;
    if (!this.relayOnly && (this.params.iceServers?.length ?? 0) > 0) {
      this.relayOnly = true;
      this.eventLog.push(`${Math.round(performance.now())} media: falling back to relay`);
      this.call?.setBanner(t('call.viaRelay'));
      void this.rejoin();
      return;
    }
    this.call?.setBanner(t('call.mediaUnreachable'));
  }

  private async enter(result: JoinResult): Promise<void> {
    if (result.status === 'lobby') {
      this.view = 'lobby';
      this.call = undefined;
      renderLobbyView(this.root, this.local.previewStream(), this.params.about, () => void this.leave());
      return;
    }
    await this.enterCall(result);
  }

  private async enterCall(info: JoinedInfo): Promise<void> {
    const firstTime = this.view !== 'call' || this.call === undefined;
    this.view = 'call';
    if (firstTime) {
      this.call = new CallView(this.root, info.self, {
        toggleMic: () => void this.toggleMic(),
        toggleCamera: () => void this.toggleCamera(),
        toggleScreen: () => void this.toggleScreen(),
        leave: () => void this.leave(),
        admit: (id) => void this.hostAction('lobby:admit', id),
        deny: (id) => void this.hostAction('lobby:deny', id),
        mute: (id) => void this.hostAction('host:mute', id),
        remove: (id, name) => {
          if (window.confirm(t('host.removeConfirm', { name }))) void this.hostAction('host:remove', id);
        },
        endForAll: () => {
          if (window.confirm(t('host.endConfirm'))) void this.sig?.request('host:end', {}).catch((e: unknown) => console.warn(e));
        },
        reportTile: (consumerId, w, h) => void this.media?.reportTile(consumerId, w, h),
      });
      document.getElementById('call-heading')?.focus();
    }
    const call = this.call;
    if (call === undefined) return;
    this.eventLog.push(`${Math.round(performance.now())} joined with ${info.peers.map((p) => p.participantId).join(',')}`);
    call.setPeers(info.peers);
    call.setLobby(info.lobby);
    call.setActiveSpeaker(info.activeSpeakerId);
    call.setLocalVideo(this.choice.camera ? this.local.video : undefined);
    this.updateControls();
    await this.media?.start(info, {
      audio: this.choice.mic ? this.local.audio : undefined,
      video: this.choice.camera ? this.local.video : undefined,
      micMuted: this.micMuted,
    });
    if (this.screenTrack !== undefined && this.screenTrack.readyState === 'live') await this.media?.produce('screen', this.screenTrack);
    this.updateControls();
  }

  private joinFailed(e: unknown): void {
    const code = e instanceof SignallingError ? e.code : 'internal';
    const key = `error.${code}`;
    const message = hasKey(key) ? t(key) : t('error.other', { code });
    console.warn('[kohtaamo] join failed:', e);
    this.teardown();
    const retry = code === 'network' || code === 'unavailable' ? () => this.restart() : undefined;
    this.showError(code, message, retry);
  }

  // ---- in the call -----------------------------------------------------------------------------

  private trackAdded(r: RemoteTrack): void {
    this.call?.addTrack(r);
    if (r.kind !== 'video' || this.timings.firstRemoteFrame !== undefined) return;
    const video = this.call?.videos().find((v) => v.dataset['consumerId'] === r.consumerId);
    if (video === undefined) return;
    const mark = (): void => {
      this.timings.firstRemoteFrame ??= performance.now();
    };
    // The first frame painted (requestVideoFrameCallback), or at least the first frame loaded.
    video.requestVideoFrameCallback?.(() => mark());
    video.addEventListener('loadeddata', mark, { once: true });
  }

  private async toggleMic(): Promise<void> {
    if (this.local.audio === undefined || !this.choice.mic) {
      // joined without a microphone (none yet, refused, or turned off): open it now and send it
      if (!(await this.local.setMic(this.local.micId)) || this.local.audio === undefined) {
        announce(t('join.devicesBlocked'));
        return;
      }
      this.choice.mic = true;
      this.micMuted = false;
      await this.media?.produce('mic', this.local.audio);
      this.updateControls();
      return;
    }
    this.micMuted = !this.micMuted;
    this.updateControls();
    await this.media?.setMicMuted(this.micMuted).catch((e: unknown) => console.warn(e));
  }

  private async toggleCamera(): Promise<void> {
    if (this.choice.camera && this.local.video !== undefined) {
      this.choice.camera = false;
      await this.media?.closeProducer('camera');
      this.local.stopVideo(); // the camera light goes off too
      this.call?.setLocalVideo(undefined);
    } else {
      if (!(await this.local.setCamera(this.local.cameraId)) || this.local.video === undefined) return;
      this.choice.camera = true;
      this.call?.setLocalVideo(this.local.video);
      await this.media?.produce('camera', this.local.video);
    }
    this.updateControls();
  }

  private async toggleScreen(): Promise<void> {
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
      announce(t('call.shareFailed'));
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

  private async hostAction(event: 'lobby:admit' | 'lobby:deny' | 'host:mute' | 'host:remove', participantId: string): Promise<void> {
    try {
      await this.sig?.request(event, { participantId });
    } catch (e) {
      console.warn(`[kohtaamo] ${event}:`, e);
    }
  }

  private async leave(): Promise<void> {
    try {
      await this.sig?.request('leave', {}, 3000);
    } catch {
      // leaving anyway
    }
    this.showEnded('left');
  }

  private updateControls(): void {
    this.call?.setControls({
      micMuted: this.micMuted,
      cameraOn: this.choice.camera && this.local.video !== undefined,
      sharing: this.screenTrack !== undefined,
      canShare: typeof navigator.mediaDevices?.getDisplayMedia === 'function',
      hasMic: this.local.audio !== undefined && this.choice.mic,
    });
  }

  private teardown(): void {
    this.media?.stop();
    this.sig?.close();
    this.sig = undefined;
    this.media = undefined;
    this.call = undefined;
    this.screenTrack?.stop();
    this.screenTrack = undefined;
    this.local.stopAll();
    this.rejoinOnConnect = false;
    this.micMuted = false;
  }
}
