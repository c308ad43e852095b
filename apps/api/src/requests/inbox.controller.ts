import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { UuidPipe } from '../common/uuid.pipe';
import { InboxPageDto, InboxQuery } from './inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('triage')
@Controller('teams/:teamId/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @Can('request', 'read')
  @ApiOperation({
    summary: "A team's triage inbox",
    description:
      'The open requests of the team (submitted, more information asked, accepted, scheduled), most urgent first, then the longest waiting; ' +
      'each with the statutory deadline running now (libs/scheduling/deadlines.ts) and the actions the caller may take. ' +
      "For the team's members and chairs and for coordinators. Identified requests appear only within need to know, and their reads go to the access log.",
  })
  @ApiOkResponse({ type: InboxPageDto })
  @ApiErrors({
    400: '`validation_failed`: a bad query parameter (`status`, `urgency`, `limit`, `offset`) or `teamId` not a UUID, named in `fields`',
    403: '`forbidden`: the administrator (sees no client data)',
    404: '`not_found`: no such team, or the caller is neither its member or chair nor a coordinator',
  })
  list(@Param('teamId', UuidPipe) teamId: string, @Query() q: InboxQuery, @CurrentStaff() staff: StaffPrincipal): Promise<InboxPageDto> {
    return this.inbox.forTeam(teamId, q, staff);
  }
}
