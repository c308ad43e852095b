import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A survey link's token: `<invitation id>.<HMAC-SHA256(secret, "feedback:" + id), base64url>`. Nothing
 * secret is stored; a retried email carries the same link; a forged or altered token is refused before
 * any lookup.
 */
export function mintFeedbackToken(secret: string, invitationId: string): string {
  return `${invitationId}.${mac(secret, invitationId)}`;
}

/** The invitation id of a genuine token, else null. */
export function verifyFeedbackToken(secret: string, token: string): string | null {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(mac(secret, m[1]));
  const given = Buffer.from(m[2]);
  return given.length === expected.length && timingSafeEqual(given, expected) ? m[1] : null;
}

function mac(secret: string, id: string): string {
  return createHmac('sha256', secret).update(`feedback:${id}`).digest('base64url');
}
