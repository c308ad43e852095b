import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { UuidPipe } from '../common/uuid.pipe';
import { AccessLogService } from './access-log.service';
import { AccessLogQuery, JoinTokenRequestDto } from './auth.dto';
import { Can, CurrentPrincipal, CurrentStaff, SignedIn } from './decorators';
import { InvitationsService } from './invitations.service';
import { JoinTokenService } from './join-token.service';
import type { Principal, StaffPrincipal } from './principal';

@ApiTags('access')
@ApiBearerAuth()
@Controller()
export class AuthController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly joinTokens: JoinTokenService,
    private readonly accessLog: AccessLogService,
  ) {}

  /** Who am I: the caller's identity and roles as the API sees them. */
  @Get('me') @SignedIn() me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Post('meetings/:id/participants/:participantId/invitation') @Can('invitation', 'create')
  invite(@Param('id', UuidPipe) id: string, @Param('participantId', UuidPipe) participantId: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.invitations.createFor(id, participantId, staff);
  }

  @Get('meetings/:id/invitations') @Can('invitation', 'read')
  invitationsOf(@Param('id', UuidPipe) id: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.invitations.listFor(id, staff);
  }

  @Delete('meetings/:id/invitations/:invitationId') @HttpCode(204) @Can('invitation', 'delete')
  revoke(@Param('id', UuidPipe) id: string, @Param('invitationId', UuidPipe) invitationId: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.invitations.revokeFor(id, invitationId, staff);
  }

  @Post('meetings/:id/join-token') @HttpCode(200) @Can('join_token', 'create') @Throttle({ default: { limit: 30, ttl: 60_000 } })
  joinToken(@Param('id', UuidPipe) id: string, @Body() dto: JoinTokenRequestDto, @CurrentPrincipal() principal: Principal) {
    return this.joinTokens.issue(principal, id, dto.roomDevice);
  }

  @Get('access-log') @Can('access_log', 'read')
  log(@Query() q: AccessLogQuery) {
    return this.accessLog.query(q);
  }

  /** "Who has seen my data": the whole access history of one client, for the client. */
  @Get('access-log/clients/:clientId/export') @Can('access_log', 'export')
  exportForClient(@Param('clientId', UuidPipe) clientId: string) {
    return this.accessLog.exportForClient(clientId);
  }
}
