import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { DevTokenDto } from './auth.dto';
import { Public } from './decorators';
import { DevIssuer } from './dev-issuer.service';

/** The development identity provider's endpoints; not mounted in production. */
@ApiTags('development sign-in')
@Public()
@Controller('dev-auth')
export class DevAuthController {
  constructor(private readonly issuer: DevIssuer) {}

  @Get('jwks') jwks() {
    return this.issuer.jwks();
  }

  @Post('token') @HttpCode(200) @Throttle({ default: { limit: 20, ttl: 60_000 } })
  token(@Body() dto: DevTokenDto) {
    return this.issuer.tokenFor(dto);
  }
}
