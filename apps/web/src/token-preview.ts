import { readJoinTokenClaims, type VideoRole } from '@kohtaamo/protocol';
import { decodeJwt } from 'jose';

/** What the page may read from its join token (unverified: the SFU verifies it). */
export interface TokenPreview {
  name: string;
  role: VideoRole;
  meetingId: string;
  roomCount?: number;
}

/**
 * The join page's preview of a join token: its payload decoded (jose `decodeJwt`, no signature check — the
 * page has no key; the SFU verifies) and read by the same rules the SFU applies after verifying
 * (readJoinTokenClaims, libs/protocol/src/tokens.ts). Undefined when the token is not a JWT or its claims
 * would not let anyone in. The expiry is not checked here: an expired token is the SFU's to refuse, with its reason.
 */
export function previewToken(token: string): TokenPreview | undefined {
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token);
  } catch {
    return undefined;
  }
  const read = readJoinTokenClaims(payload);
  if (!read.ok) return undefined;
  const { name, role, mid, room } = read.claims;
  return { name, role, meetingId: mid, roomCount: room };
}
