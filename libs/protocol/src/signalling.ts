/**
 * The socket.io signalling protocol between apps/web and apps/sfu: the message types and the names of the
 * client's requests. Types and one constant list, no I/O and no Node or browser API, so the browser bundle
 * and the SFU import the same file.
 *
 * Requests are emitted by the client with an acknowledgement callback; the acknowledgement is either the
 * response or `{ error: { code, field?, message } }`. Events are pushed by the server.
 * socket.io reserves `connect`, `disconnect`, `connect_error` and a few more names: none is used here.
 *
 * Flow: join → (guest: lobby → lobby:admitted) → device.load(routerRtpCapabilities) → peer:capabilities →
 * transport:create send/recv → transport:connect (from the transports' 'connect' events) → produce →
 * consume (paused) → consumer:resume.
 */

import type { VideoRole } from './tokens';

/** mediasoup's JSON dictionaries (RTP capabilities/parameters, ICE, DTLS) travel opaquely. */
export type MediaJson = { [key: string]: unknown };

export type MediaKind = 'audio' | 'video';
/** mic → audio; camera and screen → video (screen share is a second video producer) */
export type MediaSource = 'mic' | 'camera' | 'screen';

export interface ProducerInfo {
  id: string;
  kind: MediaKind;
  source: MediaSource;
  paused: boolean;
}

export interface PeerInfo {
  participantId: string;
  name: string;
  role: VideoRole;
  /** a meeting-room device: how many people sit in the room behind it */
  roomCount?: number;
  producers: ProducerInfo[];
}

export interface LobbyEntryInfo {
  participantId: string;
  name: string;
  /** ISO time the guest started waiting */
  since: string;
}

export interface JoinedInfo {
  status: 'joined';
  self: PeerInfo;
  /** the other admitted participants */
  peers: PeerInfo[];
  routerRtpCapabilities: MediaJson;
  /** waiting guests; filled for hosts only */
  lobby: LobbyEntryInfo[];
  activeSpeakerId: string | null;
}

export interface LobbyInfo {
  status: 'lobby';
  self: { participantId: string; name: string; role: VideoRole };
}

export type JoinResult = JoinedInfo | LobbyInfo;

export interface TransportInfo {
  id: string;
  iceParameters: MediaJson;
  iceCandidates: MediaJson[];
  dtlsParameters: MediaJson;
}

export interface ConsumerInfo {
  id: string;
  producerId: string;
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  rtpParameters: MediaJson;
  /** 'simulcast' for camera video */
  type: string;
  producerPaused: boolean;
}

export interface ErrorBody {
  code: string;
  field?: string;
  message: string;
}
export interface ErrorAck {
  error: ErrorBody;
}
export interface OkAck {
  ok: true;
}

/** client → server requests: payload and acknowledgement */
export interface ClientRequests {
  /**
   * token from the invitation link; meetingId when the page knows which meeting it opened; displayName
   * is honoured for guests only (staff names come from their accounts, through the token)
   */
  join: { req: { token: string; meetingId?: string; displayName?: string }; res: JoinResult };
  'peer:capabilities': { req: { rtpCapabilities: MediaJson }; res: OkAck };
  'transport:create': { req: { direction: 'send' | 'recv' }; res: TransportInfo };
  'transport:connect': { req: { transportId: string; dtlsParameters: MediaJson }; res: OkAck };
  'transport:restart-ice': { req: { transportId: string }; res: { iceParameters: MediaJson } };
  produce: { req: { transportId: string; kind: MediaKind; rtpParameters: MediaJson; source: MediaSource }; res: { id: string } };
  'producer:pause': { req: { producerId: string }; res: OkAck };
  'producer:resume': { req: { producerId: string }; res: OkAck };
  'producer:close': { req: { producerId: string }; res: OkAck };
  consume: { req: { producerId: string }; res: ConsumerInfo };
  'consumer:resume': { req: { consumerId: string }; res: OkAck };
  'consumer:pause': { req: { consumerId: string }; res: OkAck };
  /** the size (device pixels) of the tile showing a video consumer; picks the simulcast layer */
  'consumer:tile': { req: { consumerId: string; width: number; height: number }; res: { spatialLayer: number } };
  /** a meeting-room device updates how many people sit in the room */
  'peer:room-count': { req: { count: number }; res: OkAck };
  'lobby:admit': { req: { participantId: string }; res: OkAck };
  'lobby:deny': { req: { participantId: string }; res: OkAck };
  'host:mute': { req: { participantId: string }; res: OkAck };
  'host:remove': { req: { participantId: string }; res: OkAck };
  'host:end': { req: Record<string, never>; res: OkAck };
  leave: { req: Record<string, never>; res: OkAck };
}

/**
 * The names of every request a client may send (the keys of ClientRequests, as a list the SFU can check an
 * incoming event against). libs/domain access.ts says which video role may send which.
 */
export const VIDEO_EVENTS = [
  'join',
  'leave',
  'peer:capabilities',
  'peer:room-count',
  'transport:create',
  'transport:connect',
  'transport:restart-ice',
  'produce',
  'producer:pause',
  'producer:resume',
  'producer:close',
  'consume',
  'consumer:resume',
  'consumer:pause',
  'consumer:tile',
  'lobby:admit',
  'lobby:deny',
  'host:mute',
  'host:remove',
  'host:end',
] as const;
export type VideoEvent = (typeof VIDEO_EVENTS)[number];

// Fails to compile when VIDEO_EVENTS and ClientRequests name different requests.
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _everyRequestNamed: SameSet<VideoEvent, keyof ClientRequests> = true;

export type SessionEndReason = 'left' | 'removed' | 'denied' | 'meeting-ended' | 'replaced';
export type PeerLeftReason = 'left' | 'removed' | 'disconnected' | 'replaced';

/** server → client events */
export interface ServerEvents {
  'peer:joined': { peer: PeerInfo };
  'peer:left': { participantId: string; reason: PeerLeftReason };
  'peer:updated': { peer: PeerInfo };
  'producer:new': { participantId: string; producer: ProducerInfo };
  'producer:closed': { participantId: string; producerId: string };
  'producer:state': { participantId: string; producerId: string; paused: boolean };
  'consumer:closed': { consumerId: string; producerId: string };
  'speaker:active': { participantId: string | null };
  /** to hosts: the current waiting list */
  'lobby:update': { waiting: LobbyEntryInfo[] };
  /** to a waiting guest: admitted, here is everything a join returns */
  'lobby:admitted': JoinedInfo;
  /** to the participant a host muted: mute the microphone locally too */
  'host:muted': { by: string };
  /** the simulcast layer forwarded to this viewer changed (bandwidth estimation or tile size); null = none */
  'consumer:layers': { consumerId: string; spatialLayer: number | null; temporalLayer: number | null };
  /** how well this consumer's stream reaches the viewer (0–10) and how well its producer's reaches the SFU */
  'consumer:score': { consumerId: string; score: number; producerScore: number };
  /** this session is over; do not rejoin automatically */
  'session:ended': { reason: SessionEndReason };
  /**
   * the media server behind this meeting restarted: tear down media and send `join` again; 'moved': the
   * meeting now lives on another SFU node (the join answers `wrong_node`: ask the API for a new token)
   */
  'meeting:rejoin': { reason: 'media-restart' | 'server-restart' | 'moved' };
}
