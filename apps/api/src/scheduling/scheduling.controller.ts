import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import type { Request } from 'express';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { UuidPipe } from '../common/uuid.pipe';
import { AvailabilityService } from './availability.service';
import { BookingService } from './booking.service';
import { BookRequestDto, CreateSeriesDto, FreeTimeDto, MoveOccurrenceDto, RangeQuery, SessionSeriesDto, SessionSeriesWithWarningsDto, UpdateSeriesDto, WorkingHoursDto } from './scheduling.dto';
import { SeriesService } from './series.service';

@ApiTags('scheduling')
@Controller()
export class SchedulingController {
  constructor(
    private readonly series: SeriesService,
    private readonly booking: BookingService,
    private readonly availability: AvailabilityService,
  ) {}

  @Post('teams/:teamId/session-series')
  @Can('session_series', 'create')
  @ApiOperation({
    summary: "Set up a team's session series",
    description: "The team's chairs of today or a coordinator. A series that overlaps another session of the team is saved and answered with `warnings` naming each clash.",
  })
  @ApiCreatedResponse({ type: SessionSeriesWithWarningsDto })
  @ApiErrors({
    400: '`validation_failed`: a field is missing or malformed (`dtstart`, `rrule` with the rule’s own reason, `slotMinutes` longer than the session, `location` needed unless remote), named in `fields`',
    403: "`forbidden`: not a chair of this team today, nor a coordinator (`details.reason: \"not_chair\"`), or a role that sets up no sessions",
    404: '`not_found`: no such team',
    422: '`unprocessable`: `roomId` does not exist',
  })
  createSeries(@Param('teamId', UuidPipe) teamId: string, @Body() dto: CreateSeriesDto, @CurrentStaff() staff: StaffPrincipal): Promise<SessionSeriesWithWarningsDto> {
    return this.series.create(teamId, dto, staff);
  }

  @Get('teams/:teamId/session-series')
  @Can('session_series', 'read')
  @ApiOperation({ summary: "A team's session series", description: "For the team's members and chairs and for coordinators." })
  @ApiOkResponse({ type: [SessionSeriesDto] })
  @ApiErrors({ 404: '`not_found`: no such team, or the caller is not its member or chair nor a coordinator' })
  listSeries(@Param('teamId', UuidPipe) teamId: string, @CurrentStaff() staff: StaffPrincipal): Promise<SessionSeriesDto[]> {
    return this.series.listForTeam(teamId, staff);
  }

  @Get('session-series/:id')
  @Can('session_series', 'read')
  @ApiOperation({ summary: 'One session series', description: "For the team's members and chairs and for coordinators." })
  @ApiOkResponse({ type: SessionSeriesDto })
  @ApiErrors({ 404: '`not_found`: no such series, or the caller may not read its team’s sessions' })
  getSeries(@Param('id', UuidPipe) id: string, @CurrentStaff() staff: StaffPrincipal): Promise<SessionSeriesDto> {
    return this.series.getFor(id, staff);
  }

  @Patch('session-series/:id')
  @Can('session_series', 'update')
  @ApiOperation({
    summary: 'Edit a session series',
    description:
      'Changes only what was sent (`roomId: null` removes the room). Occurrences that are meetings already keep their time. ' +
      "The team's chairs of today or a coordinator. Answered with `warnings` when the series now overlaps another session of the team.",
  })
  @ApiOkResponse({ type: SessionSeriesWithWarningsDto })
  @ApiErrors({
    400: '`validation_failed`: a malformed or unknown field, or a combination that does not hold (a slot longer than the session, no place for a non-remote series), named in `fields`',
    403: "`forbidden`: may read the team's sessions but is not its chair today nor a coordinator (`details.reason: \"not_chair\"`)",
    404: "`not_found`: no such series, or the caller may not read the team's sessions",
    422: '`unprocessable`: `roomId` does not exist',
  })
  updateSeries(@Param('id', UuidPipe) id: string, @Body() dto: UpdateSeriesDto, @CurrentStaff() staff: StaffPrincipal): Promise<SessionSeriesWithWarningsDto> {
    return this.series.update(id, dto, staff);
  }

  @Get('session-series/:id/occurrences') @Can('session_series', 'read') occurrences(@Param('id', UuidPipe) id: string, @Query() q: RangeQuery, @CurrentStaff() staff: StaffPrincipal) {
    return this.series.occurrences(id, q, staff);
  }

  @Post('session-series/:id/occurrences/:key/cancel') @HttpCode(200) @Can('session_series', 'update') cancelOccurrence(@Param('id', UuidPipe) id: string, @Param('key') key: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.series.cancelOccurrence(id, key, staff);
  }

  @Post('session-series/:id/occurrences/:key/move') @HttpCode(200) @Can('session_series', 'update') moveOccurrence(@Param('id', UuidPipe) id: string, @Param('key') key: string, @Body() dto: MoveOccurrenceDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.series.moveOccurrence(id, key, dto, staff);
  }

  @Post('session-series/:id/occurrences/:key/allocate') @HttpCode(200) @Can('booking', 'create') allocate(@Param('id', UuidPipe) id: string, @Param('key') key: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.booking.allocate(id, key, staff);
  }

  @Post('requests/:id/book') @Can('booking', 'create') book(@Param('id', UuidPipe) id: string, @Body() dto: BookRequestDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.booking.book(id, dto, staff);
  }

  @Post('scheduling/free-time') @HttpCode(200) @Can('availability', 'read') freeTime(@Body() dto: FreeTimeDto) {
    return this.availability.freeTime(dto);
  }

  @Get('persons/:id/working-hours') @Can('availability', 'read') workingHours(@Param('id', UuidPipe) id: string) {
    return this.availability.workingHours(id);
  }

  @Put('persons/:id/working-hours') @Can('availability', 'update') setWorkingHours(@Param('id', UuidPipe) id: string, @Body() dto: WorkingHoursDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.availability.setWorkingHours(id, dto, staff);
  }

  @Put('persons/:id/busy')
  @Can('availability', 'update')
  @ApiConsumes('text/calendar')
  @ApiBody({ description: 'an iCalendar file (VFREEBUSY or VEVENTs); replaces what was imported before', schema: { type: 'string' } })
  importBusy(@Param('id', UuidPipe) id: string, @Req() req: Request, @CurrentStaff() staff: StaffPrincipal) {
    return this.availability.importBusy(id, req.body, staff);
  }
}
