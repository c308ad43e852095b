/**
 * The tokens that pass between the API, the SFU and the browser, all compact JWS (HS256) signed with the
 * shared secret JOIN_TOKEN_SECRET, each for its own audience so that none can stand in for another:
 *  - the join token: the API signs it (apps/api auth/join-token.service.ts), the SFU verifies it
 *    (apps/sfu auth/join-token.service.ts), the join page reads it unverified for its preview
 *    (apps/web token-preview.ts). The SFU never reads the database: everything it needs is here.
 *  - the control order: the API tells a meeting's SFU node whom to remove.
 *  - the presence report: the SFU node tells the API who joined and left.
 * Signing and verifying (jose, key handling) stay in the apps; this file holds the claims, their names and
 * limits, and pure readers that check a payload's shape (after the signature and the registered claims
 * iss, aud, exp have been checked by the caller, or, in the browser, not at all).
 */

export const JOIN_TOKEN_ISSUER = 'kohtaamo-api';
export const JOIN_TOKEN_AUDIENCE = 'kohtaamo-sfu';

export const VIDEO_ROLES = ['host', 'member', 'guest'] as const;
/** A participant's role in a call: hosts admit guests from the lobby and run the call; guests wait in the lobby. */
export type VideoRole = (typeof VIDEO_ROLES)[number];

export function isVideoRole(v: unknown): v is VideoRole {
  return typeof v === 'string' && (VIDEO_ROLES as readonly string[]).includes(v);
}

/** Longest participant or meeting id a token may carry (characters, after trimming). */
export const TOKEN_MAX_ID = 200;
/** Longest display name a join token may carry (characters, after trimming). */
export const TOKEN_MAX_NAME = 100;
/** Most people a meeting-room device may say sit behind it. */
export const TOKEN_MAX_ROOM = 500;
/** Most participants one control order may remove. */
export const CONTROL_MAX_REMOVE = 500;

/** The claims of a join token. */
export interface JoinTokenClaims {
  /** participant id (meeting_participant.id), or `person:<id>` for staff without a participant row */
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

/** The claims the API puts in a join token's payload; sub, iss, aud, iat and exp go through the signer's setters. */
export type JoinTokenPayload = Pick<JoinTokenClaims, 'mid' | 'name' | 'role' | 'room' | 'node'>;

/** What a join token's payload says once read: the claims the SFU acts on, names trimmed. */
export type JoinTokenContent = Pick<JoinTokenClaims, 'sub' | 'mid' | 'name' | 'role' | 'room' | 'node' | 'exp'>;

/** A reader's answer: the content, or why the payload is not one (an English sentence for the SFU's error). */
export type ClaimsRead<T> = { ok: true; claims: T } | { ok: false; message: string };

/** A non-empty string of at most `max` characters after trimming, trimmed; otherwise undefined. */
function text(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t.length > 0 && t.length <= max ? t : undefined;
}

/**
 * Reads a join token's payload (any object, e.g. jose's `jwtVerify` or `decodeJwt` result). Needs a
 * participant (sub), meeting (mid), name and role (VIDEO_ROLES) and a numeric exp; a room head count, when
 * present, is an integer 1–TOKEN_MAX_ROOM and a node a string. Does not check the signature, issuer,
 * audience or expiry: the SFU's jose call does that before this.
 */
export function readJoinTokenClaims(payload: Readonly<Record<string, unknown>>): ClaimsRead<JoinTokenContent> {
  const sub = text(payload['sub'], TOKEN_MAX_ID);
  const mid = text(payload['mid'], TOKEN_MAX_ID);
  const name = text(payload['name'], TOKEN_MAX_NAME);
  const { role, room, exp, node } = payload;
  if (sub === undefined || mid === undefined || name === undefined || !isVideoRole(role) || typeof exp !== 'number') {
    return { ok: false, message: 'the join token lacks a participant, meeting, name or role' };
  }
  if (room !== undefined && !(typeof room === 'number' && Number.isInteger(room) && room >= 1 && room <= TOKEN_MAX_ROOM)) {
    return { ok: false, message: 'the join token has an invalid room head count' };
  }
  if (node !== undefined && typeof node !== 'string') return { ok: false, message: 'the join token has an invalid node' };
  return { ok: true, claims: { sub, mid, name, role, exp, ...(room === undefined ? {} : { room }), ...(node === undefined ? {} : { node }) } };
}

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

/**
 * Reads a control order's payload: a meeting (mid) and at most CONTROL_MAX_REMOVE participant ids, each
 * trimmed. Like readJoinTokenClaims, the signature and registered claims are the caller's to check first.
 */
export function readSfuControlClaims(payload: Readonly<Record<string, unknown>>): ClaimsRead<Pick<SfuControlClaims, 'mid' | 'remove'>> {
  const mid = text(payload['mid'], TOKEN_MAX_ID);
  const remove = payload['remove'];
  const ids = Array.isArray(remove) && remove.length <= CONTROL_MAX_REMOVE ? remove.map((p) => text(p, TOKEN_MAX_ID)) : undefined;
  if (mid === undefined || ids === undefined || ids.some((p) => p === undefined)) {
    return { ok: false, message: 'the order lacks a meeting or its participants' };
  }
  return { ok: true, claims: { mid, remove: ids as string[] } };
}

/**
 * An order to end a meeting's call for everyone (its host ended the meeting in the staff app, POST
 * /api/meetings/:id/end): `{ mid, end: true }`, same issuer and audience as the remove order; a remove
 * order (no `end: true`) is never read as one.
 */
export interface SfuEndClaims {
  mid: string;
  end: true;
}

/** Reads an end order's payload: its meeting, and `end` exactly true. */
export function readSfuEndClaims(payload: Readonly<Record<string, unknown>>): ClaimsRead<SfuEndClaims> {
  const mid = text(payload['mid'], TOKEN_MAX_ID);
  if (mid === undefined || payload['end'] !== true) return { ok: false, message: 'the order is not an end order for a meeting' };
  return { ok: true, claims: { mid, end: true } };
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
