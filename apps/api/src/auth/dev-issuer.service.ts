import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KeyObject, generateKeyPairSync } from 'node:crypto';
import { JWK, JWTVerifyGetKey, SignJWT, createLocalJWKSet } from 'jose';
import { DataSource } from 'typeorm';
import { DomainError } from '@kohtaamo/domain';

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

  constructor(@InjectDataSource() private readonly db: DataSource) {
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
    const rows: Array<{ id: string; email: string; name: string; oidc_subject: string | null }> = await this.db.query(
      `SELECT id, email, name, oidc_subject FROM person WHERE ($1::uuid IS NOT NULL AND id = $1::uuid) OR ($2::text IS NOT NULL AND lower(email) = lower($2)) LIMIT 1`,
      [who.personId ?? null, who.email ?? null],
    );
    const p = rows[0];
    if (!p) throw DomainError.field('unprocessable', who.personId ? 'personId' : 'email', 'no such person');
    const accessToken = await this.sign({ sub: p.oidc_subject ?? `dev:${p.id}`, email: p.email, email_verified: true, name: p.name }, ttlSeconds);
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
