import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { Public } from './decorators';

export class SignInConfigDto {
  @ApiProperty({ type: String, nullable: true, description: 'the OIDC issuer staff sign in with (authorization code + PKCE); null: no browser sign-in is configured (the API uses its development issuer)', example: 'https://login.hyvaep.fi/realms/staff' })
  issuer: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the client id the web app signs in as; the same as the access tokens\' audience (OIDC_AUDIENCE)', example: 'kohtaamo' })
  clientId: string | null;

  @ApiProperty({ example: 'openid profile email' })
  scope: string;
}

/**
 * Where the browser signs in: the web app asks this before anything else, so that one build of it runs
 * against any identity provider the API is configured with (OIDC_ISSUER, OIDC_AUDIENCE).
 */
@ApiTags('access')
@Public()
@Controller('auth')
export class SignInConfigController {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  @Get('sign-in-config') @ApiOkResponse({ type: SignInConfigDto })
  signInConfig(): SignInConfigDto {
    const oidc = this.config.oidc;
    return { issuer: oidc?.issuer ?? null, clientId: oidc?.audience ?? null, scope: 'openid profile email' };
  }
}
