/**
 * The contract between the API (which signs) and the SFU (which verifies) for joining a meeting's video.
 * Signed as a compact JWS, HS256, with the shared secret JOIN_TOKEN_SECRET (until the access issue
 * replaces it with an asymmetric key). The SFU never reads the database: everything it needs is here.
 */
export const JOIN_TOKEN_ISSUER = 'kohtaamo-api';
export const JOIN_TOKEN_AUDIENCE = 'kohtaamo-sfu';

/**
 * An order from the API to the SFU node of a meeting: remove these participants now and refuse them
 * later (their consent was withdrawn). Signed like a join token but for another audience, so that a join
 * token is never an order and an order never lets anyone in. Valid for SFU_CONTROL_TTL_S seconds; a
 * replay within them only removes the same people again.
 */
export const SFU_CONTROL_AUDIENCE = 'kohtaamo-sfu-control';
export const SFU_CONTROL_TTL_S = 60;

export interface SfuControlClaims {
  /** meeting id */
  mid: string;
  /** participant ids (meeting_participant.id) to remove from the call and its lobby */
  remove: string[];
  exp: number;
  iat: number;
  iss: typeof JOIN_TOKEN_ISSUER;
  aud: typeof SFU_CONTROL_AUDIENCE;
}

export const VIDEO_ROLES = ['host', 'member', 'guest'] as const;
export type VideoRole = (typeof VIDEO_ROLES)[number];

export interface JoinTokenClaims {
  /** participant id (meeting_participant.id) */
  sub: string;
  /** meeting id */
  mid: string;
  /** display name shown to the others */
  name: string;
  role: VideoRole;
  /** a meeting-room device: how many people sit in the room behind it (hybrid sessions); absent otherwise */
  room?: number;
  /** the SFU node the meeting is placed on (several nodes, libs/domain/src/sfu-nodes.ts); absent with one SFU */
  node?: string;
  /** expiry, seconds since epoch */
  exp: number;
  iat: number;
  iss: typeof JOIN_TOKEN_ISSUER;
  aud: typeof JOIN_TOKEN_AUDIENCE;
}

/**
 * A TURN server as RTCPeerConnection's `iceServers` wants it, with time-limited credentials (the TURN
 * REST scheme: username `<expiry, unix seconds>:<name>`, credential base64(HMAC-SHA1(secret, username)));
 * handed out with each join token and valid exactly as long as the token.
 */
export interface IceServer {
  urls: string[];
  username: string;
  credential: string;
}

/**
 * A report from the SFU node of a meeting to the API: someone's video connection began or ended (issue 12:
 * attendance recorded from the video). Signed like a join token (HS256, JOIN_TOKEN_SECRET) but for its own
 * audience, so that a report is never a join token nor an order. The API records it once per `sk`.
 */
export const VIDEO_PRESENCE_AUDIENCE = 'kohtaamo-api-presence';
export const VIDEO_PRESENCE_ISSUER = 'kohtaamo-sfu';
export const VIDEO_PRESENCE_TTL_S = 300;

export interface VideoPresenceClaims {
  /** meeting id */
  mid: string;
  /** the join token's subject: a meeting_participant id, or `person:<id>` for staff without a row */
  sub: string;
  ev: 'joined' | 'left';
  /** when, ms since epoch, on the SFU's clock */
  at: number;
  /** the connection's key, unique per meeting (participant id + the time it was admitted) */
  sk: string;
  /** a meeting-room device: how many sit in the room */
  room?: number;
  exp: number;
  iat: number;
  iss: typeof VIDEO_PRESENCE_ISSUER;
  aud: typeof VIDEO_PRESENCE_AUDIENCE;
}
