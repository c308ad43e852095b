import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { ApiErrors } from '../common/api-errors';
import { HomeDto, MyRequestsPageDto, MyRequestsQuery } from './home.dto';
import { HomeService } from './home.service';

/** The signed-in professional's own view: nobody reads another person's Home. */
@ApiTags('home')
@Controller('me')
export class MeController {
  constructor(private readonly home: HomeService) {}

  @Get('home')
  @Can('request', 'read')
  @ApiOperation({
    summary: 'Home: my requests, my meetings, my teams’ inboxes',
    description:
      'One answer for the staff app’s Home: your open requests (status, the team’s latest question, the next meeting about each), ' +
      'your next meetings (id, title, time, why they are yours, whether you host), and the inbox counts of the teams you are a member of or chair today.',
  })
  @ApiOkResponse({ type: HomeDto })
  @ApiErrors({ 403: '`forbidden`: a guest (invitation) or the administrator — Home is for staff who take part in consultations' })
  summary(@CurrentStaff() staff: StaffPrincipal): Promise<HomeDto> {
    return this.home.summary(staff);
  }

  @Get('requests')
  @Can('request', 'read')
  @ApiOperation({ summary: 'My requests', description: 'The requests you filed or are the own worker of: those waiting for your answer first, then the most recently changed.' })
  @ApiOkResponse({ type: MyRequestsPageDto })
  @ApiErrors({
    400: '`validation_failed`: a bad query parameter (`open`, `status`, `limit`, `offset`), named in `fields`',
    403: '`forbidden`: a guest (invitation) or the administrator',
  })
  myRequests(@Query() q: MyRequestsQuery, @CurrentStaff() staff: StaffPrincipal): Promise<MyRequestsPageDto> {
    return this.home.myRequests(q, staff);
  }
}
