import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { AccessLogRepository } from './access-log.repository';
import { AccessLogService } from './access-log.service';
import { AccountsRepository } from './accounts.repository';
import { AccessRepository } from './access.repository';
import { DisclosureLogRepository } from './disclosure-log.repository';
import { PolicyService } from './policy.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { ClientDataInterceptor } from './client-data.interceptor';
import { DevAuthController } from './dev-auth.controller';
import { DevIssuer } from './dev-issuer.service';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { JoinTokenRepository } from './join-token.repository';
import { JoinTokenService } from './join-token.service';
import { PrincipalCache } from './principal-cache';
import { SignInConfigController } from './sign-in-config.controller';
import { TokenVerifier } from './token-verifier.service';

/**
 * Sign-in, permissions, guest links, join tokens and the access log. The development issuer is part of
 * the module only outside production; in production the token verifier has only the OIDC issuer's keys.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(opts: { production: boolean; rateLimitPerMinute: number; throttlerStorage?: ThrottlerStorage }): DynamicModule {
    const providers: Provider[] = [
      TokenVerifier,
      AccountsRepository,
      PrincipalCache,
      InvitationsService,
      InvitationsRepository,
      JoinTokenService,
      JoinTokenRepository,
      AccessLogService,
      AccessLogRepository,
      AccessRepository,
      DisclosureLogRepository,
      PolicyService,
      // the development issuer does not exist in production: no key made, no endpoint, no way round OIDC
      ...(opts.production ? [] : [DevIssuer]),
      // rate limits first (they need no database), then who you are and what you may do, then client data
      { provide: APP_GUARD, useClass: ThrottlerGuard },
      AuthGuard,
      { provide: APP_GUARD, useExisting: AuthGuard },
      { provide: APP_INTERCEPTOR, useClass: ClientDataInterceptor },
    ];
    return {
      module: AuthModule,
      imports: [DiscoveryModule, ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: opts.rateLimitPerMinute }], storage: opts.throttlerStorage })],
      controllers: opts.production ? [AuthController, SignInConfigController] : [AuthController, SignInConfigController, DevAuthController],
      providers,
      exports: [AccessLogService, AccessRepository, DisclosureLogRepository, PolicyService, InvitationsService, JoinTokenService, AuthGuard, PrincipalCache, ...(opts.production ? [] : [DevIssuer])],
    };
  }
}
