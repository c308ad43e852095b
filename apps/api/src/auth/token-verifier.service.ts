import { Inject, Injectable, Optional } from '@nestjs/common';
import { JWTPayload, JWTVerifyGetKey, createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { DomainError, staffRoles } from '@kohtaamo/domain';
import { helsinkiDate } from '@kohtaamo/scheduling';
import { Clock } from '../common/clock';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { AccountsRepository } from './accounts.repository';
import { DevIssuer } from './dev-issuer.service';
import { PrincipalCache } from './principal-cache';
import { StaffPrincipal } from './principal';

/**
 * Verifies staff bearer tokens: RS256/ES256 JWTs of the configured OIDC issuer and audience, keys from
 * its JWKS. Outside production without an issuer configured, the keys are the development issuer's —
 * the verification itself is the same, and production has no way round it. Outside production with an
 * issuer configured (`npm start`'s dev IdP), a token of the development issuer (`POST /api/dev-auth/token`,
 * the README's curl) is verified against that issuer's keys, chosen by its `iss`; production has no
 * development issuer at all.
 */
@Injectable()
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly dev: { keys: JWTVerifyGetKey; issuer: string; audience: string } | null = null;

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    private readonly accounts: AccountsRepository,
    @Optional() @Inject(DevIssuer) dev: DevIssuer | null,
    private readonly cache: PrincipalCache,
    private readonly clock: Clock,
  ) {
    if (config.oidc) {
      this.keys = createRemoteJWKSet(new URL(config.oidc.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5000 });
      this.issuer = config.oidc.issuer;
      this.audience = config.oidc.audience;
      if (config.nodeEnv !== 'production' && dev) this.dev = { keys: dev.keySet(), issuer: dev.issuer, audience: dev.audience };
    } else {
      if (config.nodeEnv === 'production' || !dev) throw new Error('production needs OIDC_ISSUER');
      this.keys = dev.keySet();
      this.issuer = dev.issuer;
      this.audience = dev.audience;
    }
  }

  async verify(token: string): Promise<StaffPrincipal> {
    // the machine's time, not the Clock: jose checks the token's exp on it too (common/clock.ts)
    const now = Date.now();
    const hit = this.cache.get(token, now);
    if (hit) return hit;
    const { principal, expiresAt } = await this.verifyUncached(token);
    this.cache.set(token, principal, now, expiresAt);
    return principal;
  }

  private async verifyUncached(token: string): Promise<{ principal: StaffPrincipal; expiresAt: number }> {
    let claims: JWTPayload & { email?: string; email_verified?: boolean };
    try {
      const by = this.dev !== null && issuerOf(token) === this.dev.issuer ? this.dev : { keys: this.keys, issuer: this.issuer, audience: this.audience };
      ({ payload: claims } = await jwtVerify(token, by.keys, { issuer: by.issuer, audience: by.audience, algorithms: ['RS256', 'ES256', 'PS256'], clockTolerance: 30 }));
    } catch (e) {
      throw new DomainError('unauthorized', `the sign-in token is not valid (${(e as { code?: string }).code ?? 'invalid'}); sign in again`);
    }
    const subject = claims.sub;
    if (!subject) throw new DomainError('unauthorized', 'the sign-in token names no subject');
    // Accounts: matched on the identity provider's subject once bound. An unbound account is matched on
    // its email only when the provider vouches for it (email_verified = true), and is bound to the
    // subject at that first sign-in; a bound account is never reached through its email again, so
    // changing a person's email never moves their account to someone else.
    const email = claims.email_verified === true && typeof claims.email === 'string' ? claims.email : null;
    // a responsible pair's term is in Helsinki calendar dates: today on the Clock's Helsinki date, not
    // the database server's current_date (its own time zone; and blind to the test clock)
    const find = () => this.accounts.findOrBind(subject, email, helsinkiDate(this.clock.now()));
    // Two first requests at once (a page asks for Home and /me together): the second waits on the first's
    // row lock, then finds the account bound and its own snapshot too old to see it. A new statement sees it.
    const p = (await find()) ?? (await find());
    if (!p) throw new DomainError('forbidden', 'you are signed in, but have no Kohtaamo account; ask your coordinator to add you');
    if (!p.active) throw new DomainError('forbidden', 'your Kohtaamo account is not active');
    const principal: StaffPrincipal = {
      kind: 'staff',
      personId: p.id,
      name: p.name,
      organisation: p.organisation,
      systemRole: p.systemRole,
      roles: staffRoles({ systemRole: p.systemRole, memberOfTeam: p.member, chairsTeam: p.chair }),
    };
    return { principal, expiresAt: (claims.exp ?? 0) * 1000 };
  }
}

/** The `iss` a token claims (unverified: it only picks which keys verify it), or null if it cannot be read. */
function issuerOf(token: string): string | null {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : null;
  } catch {
    return null;
  }
}
