import { createHash, createHmac } from 'node:crypto';
import type { IceServer } from '@kohtaamo/protocol';

/**
 * TURN REST credentials (draft-uberti-behave-turn-rest-00, coturn's `--use-auth-secret`):
 * username = `<expiry in unix seconds>:<name>`, credential = base64(HMAC-SHA1(sharedSecret, username)).
 * coturn recomputes the HMAC with the same secret and refuses the username once the expiry has passed,
 * so nothing is stored per user and a leaked credential dies with its join token.
 *
 * The name is a hash of the participant, not the participant id itself: TURN servers log usernames,
 * and a meeting participant's identity is nothing a relay needs to know.
 */
export function turnCredentials(sharedSecret: string, participant: string, expiresAtMs: number): { username: string; credential: string } {
  const name = `k${createHash('sha256').update(participant).digest('hex').slice(0, 16)}`;
  const username = `${Math.floor(expiresAtMs / 1000)}:${name}`;
  const credential = createHmac('sha1', sharedSecret).update(username).digest('base64');
  return { username, credential };
}

/** The ICE servers for one join: every configured TURN URL under one time-limited credential. */
export function turnIceServers(turn: { urls: string[]; secret: string } | null, participant: string, expiresAtMs: number): IceServer[] {
  if (turn === null || turn.urls.length === 0) return [];
  return [{ urls: [...turn.urls], ...turnCredentials(turn.secret, participant, expiresAtMs) }];
}
