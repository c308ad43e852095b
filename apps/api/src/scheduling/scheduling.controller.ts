import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { UuidPipe } from '../common/uuid.pipe';
import { AvailabilityService } from './availability.service';
import { BookingService } from './booking.service';
import { BookRequestDto, CreateSeriesDto, FreeTimeDto, MoveOccurrenceDto, RangeQuery, UpdateSeriesDto, WorkingHoursDto } from './scheduling.dto';
import { SeriesService } from './series.service';

@ApiTags('scheduling')
@Controller()
export class SchedulingController {
  constructor(
    private readonly series: SeriesService,
    private readonly booking: BookingService,
    private readonly availability: AvailabilityService,
  ) {}

  @Post('teams/:teamId/session-series') @Can('session_series', 'create') createSeries(@Param('teamId', UuidPipe) teamId: string, @Body() dto: CreateSeriesDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.series.create(teamId, dto, staff);
  }

  @Get('teams/:teamId/session-series') @Can('session_series', 'read') listSeries(@Param('teamId', UuidPipe) teamId: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.series.listForTeam(teamId, staff);
  }

  @Get('session-series/:id') @Can('session_series', 'read') getSeries(@Param('id', UuidPipe) id: string) {
    return this.series.get(id);
  }

  @Patch('session-series/:id') @Can('session_series', 'update') updateSeries(@Param('id', UuidPipe) id: string, @Body() dto: UpdateSeriesDto, @CurrentStaff() staff: StaffPrincipal) {
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
