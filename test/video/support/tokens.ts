import { createSecretKey } from 'node:crypto';
import { JOIN_TOKEN_AUDIENCE, JOIN_TOKEN_ISSUER, type JoinTokenClaims } from '@kohtaamo/protocol';
import { SignJWT } from 'jose';

export const TEST_SECRET = 'kohtaamo-test-join-token-secret-0123456789';

export type TokenClaims = Pick<JoinTokenClaims, 'sub' | 'mid' | 'name' | 'role' | 'room'>;

export interface SignOptions {
  secret?: string;
  /** seconds from now; negative = already expired */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
  extra?: Record<string, unknown>;
}

/** Signs a join token the way the API does (claims: libs/protocol/src/tokens.ts). */
export async function signJoinToken(claims: TokenClaims, o: SignOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { mid: claims.mid, name: claims.name, role: claims.role, ...o.extra };
  if (claims.room !== undefined) payload['room'] = claims.room;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(o.issuer ?? JOIN_TOKEN_ISSUER)
    .setAudience(o.audience ?? JOIN_TOKEN_AUDIENCE)
    .setIssuedAt(now - 5)
    .setExpirationTime(now + (o.expiresIn ?? 3600))
    .sign(createSecretKey(Buffer.from(o.secret ?? TEST_SECRET, 'utf8')));
}

/** Flips one character of the payload segment, keeping the signature. */
export function tamper(token: string): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims['role'] = 'host';
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
}

/** An unsigned token (alg none) with the same claims. */
export function unsigned(token: string): string {
  const [, p] = token.split('.') as [string, string, string];
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  return `${header}.${p}.`;
}
