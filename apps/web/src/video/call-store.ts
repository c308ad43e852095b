import type { LobbyEntryInfo, MediaKind, MediaSource, PeerInfo, ProducerInfo, SessionEndReason } from '@kohtaamo/protocol';
import type { ConnectionQuality } from '../../../../libs/domain/src/connection-quality';

/**
 * The call's one store: everything the join, lobby and call views show. Pure: no DOM, no React, no
 * sockets. The controller (call-controller.ts) turns signalling and media events into CallEvents; the
 * views read the state with useCallState (use-call-store.ts) and say it in the user's language (the
 * state holds message keys and names, never translated text).
 *
 * Why not a library (zustand): this is the whole of what zustand's vanilla store would do for us —
 * getState, subscribe, a reducer — and React's own useSyncExternalStore reads it; no extra package in the
 * call's chunk, and the reducer is a plain function that jest tests without a DOM.
 *
 *   join → joining → lobby → (admitted) → call → ended (left, removed, denied, meeting-ended, replaced)
 *                 ↘ error (a refusal, the network)            ↖ rejoin after a dropped connection
 */
export type Phase = 'join' | 'joining' | 'lobby' | 'call' | 'ended' | 'error';

/** What the test hook and the benchmark call the view (joining is still the join view). */
export type ViewName = 'join' | 'lobby' | 'call' | 'ended' | 'error';

/** A remote track as the views need it (the consumer stays with MediaSession). */
export interface TrackRef {
  consumerId: string;
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  track: MediaStreamTrack;
  /** a simulcast video: the SFU has forwarded a layer of it at some point */
  forwarded?: boolean;
  /**
   * a simulcast video the SFU forwarded before and forwards no layer of now, so the picture stands still
   * while the audio goes on — the tile says "video paused" instead of showing a frozen face. Mostly the
   * viewer's bandwidth estimate fits not even the lowest layer (mediasoup SimulcastConsumer); it may also be
   * the sender's camera or uplink that stopped, so the tile names no cause (the connection indicator
   * speaks of the viewer's own link)
   */
  held?: boolean;
}

/** A notice above the grid: a message key of `call.*` and, for some, a name. */
export type Banner =
  | { key: 'reconnecting' | 'rejoining' | 'viaRelay' | 'mediaUnreachable' }
  | { key: 'mutedByHost'; name: string };

export interface Controls {
  /** the microphone is open and sent */
  hasMic: boolean;
  micMuted: boolean;
  cameraOn: boolean;
  sharing: boolean;
  canShare: boolean;
}

export interface CallState {
  phase: Phase;
  /** in the call (and in the lobby: name and role only) */
  self: PeerInfo | null;
  /** the other admitted participants, in the order they came */
  peers: PeerInfo[];
  /** guests waiting (hosts only) */
  lobby: LobbyEntryInfo[];
  activeSpeaker: string | null;
  tracks: TrackRef[];
  /** the own camera track shown in the own tile */
  localVideo: MediaStreamTrack | null;
  controls: Controls;
  banner: Banner | null;
  quality: ConnectionQuality;
  ended: { reason: SessionEndReason; canRejoin: boolean } | null;
  /** the SFU's error code (`wrong_meeting`, `network`…) and whether trying again may help */
  error: { code: string; retry: boolean } | null;
}

export type CallEvent =
  | { type: 'joinStarted' }
  | { type: 'joinFailed'; code: string }
  | { type: 'inLobby'; self: { participantId: string; name: string; role: PeerInfo['role'] } }
  /** joined, admitted from the lobby, or rejoined: the room as the SFU sees it now */
  | { type: 'joined'; self: PeerInfo; peers: PeerInfo[]; lobby: LobbyEntryInfo[]; activeSpeaker: string | null }
  | { type: 'peerJoined'; peer: PeerInfo }
  | { type: 'peerUpdated'; peer: PeerInfo }
  | { type: 'peerLeft'; participantId: string }
  | { type: 'producerNew'; participantId: string; producer: ProducerInfo }
  | { type: 'producerClosed'; participantId: string; producerId: string }
  | { type: 'producerState'; participantId: string; producerId: string; paused: boolean }
  | { type: 'speaker'; participantId: string | null }
  | { type: 'lobbyUpdate'; waiting: LobbyEntryInfo[] }
  | { type: 'trackAdded'; track: TrackRef }
  | { type: 'trackRemoved'; consumerId: string }
  /** the SFU's `consumer:layers` for a video: the spatial layer it forwards now, null for none */
  | { type: 'videoLayer'; consumerId: string; spatialLayer: number | null }
  | { type: 'localVideo'; track: MediaStreamTrack | null }
  | { type: 'controls'; controls: Partial<Controls> }
  | { type: 'banner'; banner: Banner | null }
  | { type: 'quality'; quality: ConnectionQuality }
  /** media stopped for a rejoin: every remote track goes (they come back with the new transports) */
  | { type: 'mediaReset' }
  | { type: 'ended'; reason: SessionEndReason }
  /** back to the join view (rejoin after leaving, retry after a network error) */
  | { type: 'restart' };

const NO_CONTROLS: Controls = { hasMic: false, micMuted: false, cameraOn: false, sharing: false, canShare: false };

export function initialCallState(): CallState {
  return {
    phase: 'join', self: null, peers: [], lobby: [], activeSpeaker: null, tracks: [], localVideo: null,
    controls: NO_CONTROLS, banner: null, quality: 'unknown', ended: null, error: null,
  };
}

/** Errors after which pressing Join again may work (the SFU was away or restarting). */
const RETRYABLE = new Set(['network', 'unavailable']);
/** Endings after which the person may join again from the same link. */
const REJOINABLE = new Set<SessionEndReason>(['left', 'replaced', 'denied']);

/** Changes one participant (oneself or a peer); the same state when there is no such participant. */
function mapPeer(state: CallState, participantId: string, f: (p: PeerInfo) => PeerInfo): CallState {
  if (state.self?.participantId === participantId) return { ...state, self: f(state.self) };
  if (!state.peers.some((p) => p.participantId === participantId)) return state;
  return { ...state, peers: state.peers.map((p) => (p.participantId === participantId ? f(p) : p)) };
}

/** The store's reducer: the next state for an event (the old state is never changed). */
export function reduceCall(state: CallState, e: CallEvent): CallState {
  switch (e.type) {
    case 'joinStarted':
      return { ...state, phase: 'joining', error: null, ended: null };
    case 'joinFailed':
      return { ...initialCallState(), phase: 'error', error: { code: e.code, retry: RETRYABLE.has(e.code) } };
    case 'inLobby':
      return { ...state, phase: 'lobby', self: { ...e.self, producers: [] }, peers: [], lobby: [], tracks: [], activeSpeaker: null };
    case 'joined': {
      const others = e.peers.filter((p) => p.participantId !== e.self.participantId);
      return { ...state, phase: 'call', self: e.self, peers: others, lobby: e.lobby, activeSpeaker: e.activeSpeaker, banner: null };
    }
    case 'peerJoined': {
      if (e.peer.participantId === state.self?.participantId) return state;
      const known = state.peers.some((p) => p.participantId === e.peer.participantId);
      return { ...state, peers: known ? state.peers.map((p) => (p.participantId === e.peer.participantId ? e.peer : p)) : [...state.peers, e.peer] };
    }
    case 'peerUpdated': {
      // peer:updated carries no fresher producer list than what the producer events already gave
      if (!state.peers.some((p) => p.participantId === e.peer.participantId)) return { ...state, peers: [...state.peers, e.peer] };
      return mapPeer(state, e.peer.participantId, (old) => ({ ...e.peer, producers: old.producers }));
    }
    case 'peerLeft':
      return {
        ...state,
        peers: state.peers.filter((p) => p.participantId !== e.participantId),
        tracks: state.tracks.filter((t) => t.participantId !== e.participantId),
        activeSpeaker: state.activeSpeaker === e.participantId ? null : state.activeSpeaker,
      };
    case 'producerNew':
      return mapPeer(state, e.participantId, (p) => ({
        ...p,
        producers: [...p.producers.filter((x) => x.id !== e.producer.id && x.source !== e.producer.source), e.producer],
      }));
    case 'producerClosed':
      return mapPeer(state, e.participantId, (p) => ({ ...p, producers: p.producers.filter((x) => x.id !== e.producerId) }));
    case 'producerState':
      return mapPeer(state, e.participantId, (p) => ({ ...p, producers: p.producers.map((x) => (x.id === e.producerId ? { ...x, paused: e.paused } : x)) }));
    case 'speaker':
      return { ...state, activeSpeaker: e.participantId };
    case 'lobbyUpdate':
      return { ...state, lobby: e.waiting };
    case 'trackAdded':
      return { ...state, tracks: [...state.tracks.filter((t) => t.consumerId !== e.track.consumerId), e.track] };
    case 'trackRemoved':
      return { ...state, tracks: state.tracks.filter((t) => t.consumerId !== e.consumerId) };
    case 'videoLayer': {
      const t = state.tracks.find((x) => x.consumerId === e.consumerId);
      if (t === undefined || t.kind !== 'video') return state;
      // null before any layer came is the start of the stream (the consumer resumes paused), not a hold
      const next = e.spatialLayer !== null ? { forwarded: true, held: false } : { forwarded: t.forwarded === true, held: t.forwarded === true };
      if ((t.forwarded === true) === next.forwarded && (t.held === true) === next.held) return state;
      return { ...state, tracks: state.tracks.map((x) => (x === t ? { ...t, ...next } : x)) };
    }
    case 'localVideo':
      return { ...state, localVideo: e.track };
    case 'controls':
      return { ...state, controls: { ...state.controls, ...e.controls } };
    case 'banner':
      return { ...state, banner: e.banner };
    case 'quality':
      return { ...state, quality: e.quality };
    case 'mediaReset':
      return { ...state, tracks: [] };
    case 'ended':
      return { ...initialCallState(), phase: 'ended', ended: { reason: e.reason, canRejoin: REJOINABLE.has(e.reason) } };
    case 'restart':
      return initialCallState();
  }
}

export function viewOf(phase: Phase): ViewName {
  return phase === 'joining' ? 'join' : phase;
}

/** One tile of the grid: a participant's camera (or their initials), or a screen they share. */
export interface TileModel {
  key: string;
  participantId: string;
  name: string;
  kind: 'camera' | 'screen';
  isSelf: boolean;
  roomCount?: number;
  micMuted: boolean;
  speaking: boolean;
  /** the video to show: a remote consumer's track, or the own camera */
  track: MediaStreamTrack | null;
  consumerId: string | null;
  /** the SFU forwards none of this video for now (TrackRef.held): the picture stands still */
  held: boolean;
}

/**
 * Whether a participant's microphone is off as far as others can tell: no microphone producer or a
 * paused one; for oneself, also muted or not opened.
 */
export function micMutedOf(state: CallState, peer: PeerInfo): boolean {
  if (peer.participantId === state.self?.participantId) return state.controls.micMuted || !state.controls.hasMic;
  const mic = peer.producers.find((p) => p.source === 'mic');
  return mic === undefined || mic.paused;
}

/**
 * The grid: oneself first, then the others in the order they came, then screen shares. The SFU's
 * active speaker lingers a moment after a mute, so a muted participant is never shown speaking.
 */
export function tilesOf(state: CallState): TileModel[] {
  if (state.self === null) return [];
  const people = [state.self, ...state.peers];
  const tiles: TileModel[] = [];
  for (const p of people) {
    const isSelf = p.participantId === state.self.participantId;
    const remote = state.tracks.find((t) => t.participantId === p.participantId && t.kind === 'video' && t.source === 'camera');
    const micMuted = micMutedOf(state, p);
    tiles.push({
      key: `${p.participantId}|camera`,
      participantId: p.participantId,
      name: p.name,
      kind: 'camera',
      isSelf,
      ...(p.roomCount === undefined ? {} : { roomCount: p.roomCount }),
      micMuted,
      speaking: state.activeSpeaker === p.participantId && !micMuted,
      track: isSelf ? state.localVideo : (remote?.track ?? null),
      consumerId: isSelf ? null : (remote?.consumerId ?? null),
      held: !isSelf && remote?.held === true,
    });
  }
  for (const t of state.tracks) {
    if (t.kind !== 'video' || t.source !== 'screen') continue;
    const p = people.find((x) => x.participantId === t.participantId);
    if (p === undefined) continue;
    tiles.push({ key: `${p.participantId}|screen`, participantId: p.participantId, name: p.name, kind: 'screen', isSelf: false, micMuted: false, speaking: false, track: t.track, consumerId: t.consumerId, held: t.held === true });
  }
  return tiles;
}

/** Guests who were not waiting before this lobby update: the host hears a chime and the live region says who. */
export function knockedBetween(before: LobbyEntryInfo[], after: LobbyEntryInfo[]): LobbyEntryInfo[] {
  const had = new Set(before.map((w) => w.participantId));
  return after.filter((w) => !had.has(w.participantId));
}

/** Initials for a tile without video: first and last name's first letters. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]?.[0], parts[parts.length - 1]?.[0]] : [parts[0]?.[0]];
  return letters.filter((l): l is string => l !== undefined).join('').toUpperCase();
}

/** A minimal external store (getState / subscribe / dispatch) around reduceCall, for useSyncExternalStore. */
export class CallStore {
  private state: CallState = initialCallState();
  private readonly listeners = new Set<() => void>();

  getState = (): CallState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispatch(e: CallEvent): void {
    const next = reduceCall(this.state, e);
    if (next === this.state) return;
    this.state = next;
    for (const l of [...this.listeners]) l();
  }
}
