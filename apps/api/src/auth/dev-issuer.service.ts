import { Injectable } from '@nestjs/common';
import { KeyObject, generateKeyPairSync } from 'node:crypto';
import { JWK, JWTVerifyGetKey, SignJWT, createLocalJWKSet } from 'jose';
import { DomainError } from '@kohtaamo/domain';
import { AccountsRepository } from './accounts.repository';

/**
 * The development identity provider: an RS256 key made at start-up, a JWKS, and tokens for the people in
 * the database. It exists so that `npm start` and the tests sign in the way production does; it is never
 * loaded in production (see AuthModule) and the API refuses to start there without OIDC_ISSUER.
 */
@Injectable()
export class DevIssuer {
  readonly issuer = 'urn:kohtaamo:dev-issuer';
  readonly audience = 'kohtaamo';
  private readonly privateKey: KeyObject;
  private readonly jwk: JWK;

  constructor(private readonly accounts: AccountsRepository) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'dev-1', alg: 'RS256', use: 'sig' };
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.jwk] };
  }

  keySet(): JWTVerifyGetKey {
    return createLocalJWKSet(this.jwks());
  }

  /** A token for a person, found by id or email; like the county IdP's, `sub` is the account's subject. */
  async tokenFor(who: { personId?: string; email?: string }, ttlSeconds = 8 * 3600): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const p = await this.accounts.byIdOrEmail(who.personId ?? null, who.email ?? null);
    if (!p) throw DomainError.field('unprocessable', who.personId ? 'personId' : 'email', 'no such person');
    const accessToken = await this.sign({ sub: p.oidcSubject ?? `dev:${p.id}`, email: p.email, email_verified: true, name: p.name }, ttlSeconds);
    return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds };
  }

  sign(claims: Record<string, unknown>, ttlSeconds: number): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'dev-1' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }
}
