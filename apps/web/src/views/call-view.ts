import type { LobbyEntryInfo, MediaSource, PeerInfo } from '../../../sfu/src/signalling/protocol.types';
import { clear, h } from '../dom';
import { onLangChange, t } from '../i18n';
import type { RemoteTrack } from '../media-session';

export interface CallActions {
  toggleMic(): void;
  toggleCamera(): void;
  toggleScreen(): void;
  leave(): void;
  admit(participantId: string): void;
  deny(participantId: string): void;
  mute(participantId: string): void;
  remove(participantId: string, name: string): void;
  endForAll(): void;
  reportTile(consumerId: string, width: number, height: number): void;
}

export interface ControlState {
  micMuted: boolean;
  cameraOn: boolean;
  sharing: boolean;
  canShare: boolean;
  hasMic: boolean;
}

interface Tile {
  el: HTMLElement;
  media: HTMLElement;
  video?: HTMLVideoElement;
  consumerId?: string;
  caption: HTMLElement;
}

type TileKind = 'camera' | 'screen';

/**
 * The call: a grid with one tile per participant (camera or a placeholder) plus one per screen share,
 * the active speaker highlighted (outline and a visible "Speaking" label, never colour alone), a toolbar,
 * and for hosts a panel with the lobby, per-participant mute/remove and end-for-all.
 */
export class CallView {
  private readonly peers = new Map<string, PeerInfo>();
  private readonly tiles = new Map<string, Tile>();
  private readonly audioSinks = new Map<string, HTMLAudioElement>();
  private lobby: LobbyEntryInfo[] = [];
  private activeSpeaker: string | null = null;
  private controls: ControlState = { micMuted: false, cameraOn: false, sharing: false, canShare: false, hasMic: false };
  private localVideo?: MediaStreamTrack;
  private readonly grid: HTMLElement;
  private readonly banner: HTMLElement;
  /** connection quality (text and a data attribute; never colour alone) */
  private readonly quality: HTMLElement;
  private readonly toolbar: HTMLElement;
  private readonly hostPanel?: HTMLElement;
  private readonly sinks: HTMLElement;
  private readonly resize: ResizeObserver;
  private readonly resizeTimers = new Map<string, number>();

  constructor(
    root: HTMLElement,
    private readonly self: PeerInfo,
    private readonly actions: CallActions,
  ) {
    clear(root);
    this.banner = h('p', { id: 'call-banner', class: 'banner', attrs: { role: 'status', hidden: true } });
    this.quality = h('p', { id: 'connection-quality', class: 'quality', attrs: { hidden: true, 'data-quality': 'unknown' } });
    this.grid = h('div', { class: 'grid', id: 'grid', attrs: { 'aria-live': 'off' } });
    this.toolbar = h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': t('call.controls') } });
    this.sinks = h('div', { class: 'audio-sinks', attrs: { 'aria-hidden': 'true' } });
    const stage = h('section', { class: 'stage', attrs: { 'aria-labelledby': 'call-heading' } },
      h('h1', { id: 'call-heading', class: 'visually-hidden', i18n: 'call.heading' }),
      this.banner,
      this.quality,
      this.grid,
      this.toolbar,
    );
    const layout = h('div', { class: 'call' }, stage);
    if (self.role === 'host') {
      this.hostPanel = h('aside', { class: 'host-panel', id: 'host-panel', attrs: { 'aria-labelledby': 'host-heading' } });
      layout.append(this.hostPanel);
    }
    root.append(layout, this.sinks);
    this.resize = new ResizeObserver((entries) => {
      for (const e of entries) this.tileResized(e.target as HTMLElement, e.contentRect);
    });
    this.peers.set(self.participantId, self);
    this.render();
    onLangChange(() => this.render());
  }

  // ---- participants ----------------------------------------------------------------------------

  setPeers(peers: PeerInfo[]): void {
    for (const id of [...this.peers.keys()]) if (id !== this.self.participantId) this.peers.delete(id);
    for (const p of peers) this.peers.set(p.participantId, p);
    this.render();
  }

  upsertPeer(peer: PeerInfo): void {
    const old = this.peers.get(peer.participantId);
    // peer:updated carries no fresher producer list than what events already gave us
    this.peers.set(peer.participantId, old === undefined ? peer : { ...peer, producers: old.producers });
    this.render();
  }

  removePeer(participantId: string): void {
    this.peers.delete(participantId);
    for (const key of [...this.tiles.keys()]) if (key.startsWith(`${participantId}|`)) this.dropTile(key);
    for (const [consumerId, sink] of this.audioSinks) {
      if (sink.dataset['participantId'] === participantId) {
        sink.remove();
        this.audioSinks.delete(consumerId);
      }
    }
    if (this.activeSpeaker === participantId) this.activeSpeaker = null;
    this.render();
  }

  peerName(participantId: string): string {
    return this.peers.get(participantId)?.name ?? participantId;
  }

  producerAdded(participantId: string, producer: PeerInfo['producers'][number]): void {
    const p = this.peers.get(participantId);
    if (p === undefined) return;
    p.producers = [...p.producers.filter((x) => x.id !== producer.id && x.source !== producer.source), producer];
    this.render();
  }

  producerRemoved(participantId: string, producerId: string): void {
    const p = this.peers.get(participantId);
    if (p === undefined) return;
    p.producers = p.producers.filter((x) => x.id !== producerId);
    this.render();
  }

  producerState(participantId: string, producerId: string, paused: boolean): void {
    const p = this.peers.get(participantId);
    const producer = p?.producers.find((x) => x.id === producerId);
    if (producer === undefined) return;
    producer.paused = paused;
    this.render();
  }

  setLobby(entries: LobbyEntryInfo[]): void {
    this.lobby = entries;
    this.renderHostPanel();
  }

  setActiveSpeaker(participantId: string | null): void {
    this.activeSpeaker = participantId;
    this.render();
  }

  // ---- media -----------------------------------------------------------------------------------

  addTrack(r: RemoteTrack): void {
    if (r.kind === 'audio') {
      const audio = h('audio', { attrs: { autoplay: true } });
      audio.dataset['participantId'] = r.participantId;
      audio.srcObject = new MediaStream([r.track]);
      this.sinks.append(audio);
      this.audioSinks.set(r.consumerId, audio);
      void audio.play().catch(() => undefined);
      return;
    }
    const kind: TileKind = r.source === 'screen' ? 'screen' : 'camera';
    const tile = this.ensureTile(r.participantId, kind);
    const video = this.videoFor(tile);
    video.srcObject = new MediaStream([r.track]);
    video.dataset['consumerId'] = r.consumerId;
    tile.consumerId = r.consumerId;
    this.resize.observe(tile.media);
    this.render();
  }

  removeTrack(r: RemoteTrack): void {
    if (r.kind === 'audio') {
      this.audioSinks.get(r.consumerId)?.remove();
      this.audioSinks.delete(r.consumerId);
      return;
    }
    const key = `${r.participantId}|${r.source === 'screen' ? 'screen' : 'camera'}`;
    const tile = this.tiles.get(key);
    if (tile?.consumerId === r.consumerId) {
      if (r.source === 'screen') this.dropTile(key);
      else {
        this.resize.unobserve(tile.media);
        tile.video?.remove();
        tile.video = undefined;
        tile.consumerId = undefined;
      }
    }
    this.render();
  }

  setLocalVideo(track: MediaStreamTrack | undefined): void {
    this.localVideo = track;
    const tile = this.ensureTile(this.self.participantId, 'camera');
    if (track === undefined) {
      tile.video?.remove();
      tile.video = undefined;
    } else {
      const video = this.videoFor(tile);
      video.classList.add('mirror');
      video.srcObject = new MediaStream([track]);
    }
    this.render();
  }

  setControls(state: ControlState): void {
    this.controls = state;
    this.renderToolbar();
  }

  setBanner(text: string | null): void {
    this.banner.hidden = text === null;
    this.banner.textContent = text ?? '';
  }

  /** The connection-quality indicator; announced (politely) only when it gets worse or recovers. */
  setQuality(q: 'good' | 'fair' | 'poor' | 'unknown'): void {
    const before = this.quality.dataset['quality'];
    if (before === q) return;
    this.quality.dataset['quality'] = q;
    this.quality.hidden = q === 'unknown';
    this.quality.textContent = q === 'unknown' ? '' : t(`call.quality.${q}`);
    this.quality.setAttribute('role', 'status');
  }

  /** participant ids with a tile in the grid (for tests) */
  visibleParticipants(): string[] {
    return [...new Set([...this.grid.querySelectorAll<HTMLElement>('.tile')].map((el) => el.dataset['participantId'] ?? ''))];
  }

  videos(): HTMLVideoElement[] {
    return [...this.grid.querySelectorAll<HTMLVideoElement>('video[data-consumer-id]')];
  }

  // ---- rendering -------------------------------------------------------------------------------

  private render(): void {
    // One camera tile per participant (self first), then screen shares.
    const order: string[] = [];
    const ids = [this.self.participantId, ...[...this.peers.keys()].filter((id) => id !== this.self.participantId)];
    for (const id of ids) order.push(`${id}|camera`);
    for (const key of this.tiles.keys()) if (key.endsWith('|screen')) order.push(key);
    let index = 0;
    for (const key of order) {
      const [id, kind] = key.split('|') as [string, TileKind];
      if (kind === 'camera') this.ensureTile(id, 'camera');
      const tile = this.tiles.get(key);
      if (tile === undefined) continue;
      this.renderTile(id, kind, tile);
      // Move a tile only when it is out of place, so playing videos are left alone.
      const at = this.grid.children[index];
      if (at !== tile.el) this.grid.insertBefore(tile.el, at ?? null);
      index++;
    }
    for (const key of [...this.tiles.keys()]) {
      const id = key.split('|')[0] ?? '';
      if (!this.peers.has(id)) this.dropTile(key);
    }
    this.grid.dataset['count'] = String(this.tiles.size);
    this.renderToolbar();
    this.renderHostPanel();
  }

  private renderTile(id: string, kind: TileKind, tile: Tile): void {
    const peer = this.peers.get(id);
    if (peer === undefined) return;
    const isSelf = id === this.self.participantId;
    const mic = peer.producers.find((p) => p.source === 'mic');
    const micMuted = isSelf ? this.controls.micMuted || !this.controls.hasMic : mic === undefined || mic.paused;
    // The SFU's active speaker lingers a moment after a mute: a muted participant is never shown speaking.
    const speaking = kind === 'camera' && this.activeSpeaker === id && !micMuted;
    const name = isSelf ? t('call.you', { name: peer.name }) : peer.name;
    tile.el.classList.toggle('speaking', speaking);
    tile.el.classList.toggle('screen', kind === 'screen');
    tile.el.setAttribute('aria-label', kind === 'screen' ? t('call.screenOf', { name: peer.name }) : name);

    if (tile.video === undefined && !tile.media.querySelector('.avatar')) {
      tile.media.append(h('div', { class: 'avatar', attrs: { 'aria-hidden': 'true' } }, h('span', { text: initials(peer.name) })));
    } else if (tile.video !== undefined) {
      tile.media.querySelector('.avatar')?.remove();
    }

    clear(tile.caption);
    tile.caption.append(h('span', { class: 'name', text: kind === 'screen' ? t('call.screenOf', { name: peer.name }) : name }));
    if (kind === 'camera') {
      if (peer.roomCount !== undefined) tile.caption.append(h('span', { class: 'badge room', text: t('call.roomCount', { count: peer.roomCount }) }));
      if (micMuted) tile.caption.append(h('span', { class: 'badge muted', text: t('call.muted') }));
      if (speaking) tile.caption.append(h('span', { class: 'badge speaking', text: t('call.speaking') }));
      if (tile.video === undefined) tile.caption.append(h('span', { class: 'visually-hidden', text: t('call.noVideo') }));
    }
  }

  private renderToolbar(): void {
    clear(this.toolbar);
    this.toolbar.setAttribute('aria-label', t('call.controls'));
    const c = this.controls;
    const button = (id: string, label: string, pressed: boolean | undefined, onClick: () => void, cls = ''): HTMLButtonElement =>
      h('button', {
        id,
        class: `control ${cls}`.trim(),
        text: label,
        attrs: { type: 'button', 'aria-pressed': pressed === undefined ? undefined : String(pressed) },
        on: { click: onClick },
      });
    // without a microphone the button offers to turn it on (it opens the device), never a dead disabled button
    const micOff = c.micMuted || !c.hasMic;
    const mic = button('mic-button', micOff ? t('call.unmute') : t('call.mute'), micOff, () => this.actions.toggleMic());
    this.toolbar.append(
      mic,
      button('camera-button', c.cameraOn ? t('call.cameraOff') : t('call.cameraOn'), !c.cameraOn, () => this.actions.toggleCamera()),
    );
    if (c.canShare) {
      this.toolbar.append(button('screen-button', c.sharing ? t('call.stopShare') : t('call.share'), c.sharing, () => this.actions.toggleScreen()));
    }
    this.toolbar.append(button('leave-button', t('call.leave'), undefined, () => this.actions.leave(), 'danger'));
  }

  private renderHostPanel(): void {
    const panel = this.hostPanel;
    if (panel === undefined) return;
    const hadFocus = document.activeElement instanceof HTMLElement && panel.contains(document.activeElement) ? document.activeElement.id : '';
    clear(panel);
    panel.append(h('h2', { id: 'host-heading', i18n: 'host.panel' }));

    panel.append(h('h3', { text: t('host.lobby', { count: this.lobby.length }) }));
    if (this.lobby.length === 0) panel.append(h('p', { class: 'muted-text', i18n: 'host.lobbyEmpty' }));
    else {
      const list = h('ul', { class: 'people', id: 'lobby-list' });
      for (const e of this.lobby) {
        list.append(
          h('li', { attrs: { 'data-participant-id': e.participantId } },
            h('span', { class: 'name', text: e.name }),
            h('span', { class: 'actions' },
              h('button', { id: `admit-${e.participantId}`, class: 'primary small', text: t('host.admit'), attrs: { type: 'button', 'aria-label': t('host.admitWho', { name: e.name }) }, on: { click: () => this.actions.admit(e.participantId) } }),
              h('button', { id: `deny-${e.participantId}`, class: 'small', text: t('host.deny'), attrs: { type: 'button', 'aria-label': t('host.denyWho', { name: e.name }) }, on: { click: () => this.actions.deny(e.participantId) } }),
            ),
          ),
        );
      }
      panel.append(list);
    }

    const others = [...this.peers.values()].filter((p) => p.participantId !== this.self.participantId);
    panel.append(h('h3', { text: t('host.participants', { count: others.length + 1 }) }));
    const list = h('ul', { class: 'people', id: 'participant-list' });
    list.append(h('li', {}, h('span', { class: 'name', text: t('call.you', { name: this.self.name }) })));
    for (const p of others) {
      const mic = p.producers.find((x) => x.source === 'mic');
      const actions = h('span', { class: 'actions' });
      const mute = h('button', { id: `mute-${p.participantId}`, class: 'small', text: t('host.mute'), attrs: { type: 'button', 'aria-label': t('host.muteWho', { name: p.name }) }, on: { click: () => this.actions.mute(p.participantId) } });
      mute.disabled = mic === undefined || mic.paused;
      actions.append(mute);
      if (p.role !== 'host') {
        actions.append(h('button', { id: `remove-${p.participantId}`, class: 'small danger', text: t('host.remove'), attrs: { type: 'button', 'aria-label': t('host.removeWho', { name: p.name }) }, on: { click: () => this.actions.remove(p.participantId, p.name) } }));
      }
      list.append(h('li', { attrs: { 'data-participant-id': p.participantId } }, h('span', { class: 'name', text: p.name }), actions));
    }
    panel.append(list);
    panel.append(h('button', { id: 'end-button', class: 'danger', text: t('host.end'), attrs: { type: 'button' }, on: { click: () => this.actions.endForAll() } }));
    if (hadFocus !== '') document.getElementById(hadFocus)?.focus();
  }

  private ensureTile(participantId: string, kind: TileKind): Tile {
    const key = `${participantId}|${kind}`;
    let tile = this.tiles.get(key);
    if (tile === undefined) {
      const media = h('div', { class: 'media' });
      const caption = h('figcaption', {});
      const el = h('figure', { class: 'tile', attrs: { role: 'group', 'data-participant-id': participantId, 'data-source': kind } }, media, caption);
      tile = { el, media, caption };
      this.tiles.set(key, tile);
    }
    return tile;
  }

  private videoFor(tile: Tile): HTMLVideoElement {
    if (tile.video === undefined) {
      const video = h('video', { attrs: { autoplay: true, playsinline: true, 'aria-hidden': 'true' } });
      video.muted = true;
      tile.media.querySelector('.avatar')?.remove();
      tile.media.append(video);
      tile.video = video;
    }
    return tile.video;
  }

  private dropTile(key: string): void {
    const tile = this.tiles.get(key);
    if (tile === undefined) return;
    this.resize.unobserve(tile.media);
    tile.el.remove();
    this.tiles.delete(key);
  }

  private tileResized(media: HTMLElement, rect: DOMRectReadOnly): void {
    const video = media.querySelector<HTMLVideoElement>('video[data-consumer-id]');
    const consumerId = video?.dataset['consumerId'];
    if (consumerId === undefined) return;
    const previous = this.resizeTimers.get(consumerId);
    if (previous !== undefined) clearTimeout(previous);
    const dpr = window.devicePixelRatio || 1;
    this.resizeTimers.set(
      consumerId,
      window.setTimeout(() => {
        this.resizeTimers.delete(consumerId);
        this.actions.reportTile(consumerId, rect.width * dpr, rect.height * dpr);
      }, 250),
    );
  }
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]?.[0], parts[parts.length - 1]?.[0]] : [parts[0]?.[0]];
  return letters.filter((l): l is string => l !== undefined).join('').toUpperCase();
}

export type { MediaSource };
