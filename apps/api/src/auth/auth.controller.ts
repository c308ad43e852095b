import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { UuidPipe } from '../common/uuid.pipe';
import { AccessLogService } from './access-log.service';
import { AccessLogQuery, ClientLogExportDto, ClientLogExportQuery, DisclosureLogQuery, JoinTokenRequestDto } from './auth.dto';
import { DisclosureLogRepository } from './disclosure-log.repository';
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
    private readonly disclosureLog: DisclosureLogRepository,
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
    return this.accessLog.page(q);
  }

  @Get('disclosure-log') @Can('access_log', 'read')
  @ApiOperation({
    summary: 'The disclosure log (luovutusloki), newest first',
    description:
      'Every time client data left the county\'s staff: who received what, on which basis (the consent, or the client\'s or guardian\'s own right), when, ' +
      'and the service provider. Kept under the Client Data Act 703/2023 (usage and disclosure logs; the client\'s right to them, § 11). Administrators only.',
  })
  disclosures(@Query() q: DisclosureLogQuery) {
    return this.disclosureLog.page(q);
  }

  /** "Who has seen my data": one client's access and disclosure logs, for the client. */
  @Get('access-log/clients/:clientId/export') @Can('access_log', 'export')
  @ApiOperation({
    summary: '"Who has seen my data": one client\'s access log and disclosure log',
    description:
      'For answering a client\'s request under the Client Data Act 703/2023 § 11 (who processed their data, to whom it was disclosed and on which basis) ' +
      'and GDPR art. 15 (right of access). Both logs, each entry with its service provider, oldest first. Entries older than two years are given only for a ' +
      'special reason: without `reason` the export covers the last two years and counts the older entries (`olderWithheld`); a `from` earlier than two ' +
      'years ago without a reason is refused (422 naming `reason`). The export is recorded in the access log with the reason.',
  })
  @ApiOkResponse({ type: ClientLogExportDto })
  @ApiUnprocessableEntityResponse({ description: 'entries older than two years were asked for without a reason' })
  exportForClient(@Param('clientId', UuidPipe) clientId: string, @Query() q: ClientLogExportQuery, @CurrentPrincipal() who: Principal) {
    return this.accessLog.exportForClient(clientId, q, who);
  }
}
