import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
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

  @Post('teams/:teamId/session-series') createSeries(@Param('teamId', UuidPipe) teamId: string, @Body() dto: CreateSeriesDto) {
    return this.series.create(teamId, dto);
  }

  @Get('teams/:teamId/session-series') listSeries(@Param('teamId', UuidPipe) teamId: string) {
    return this.series.listForTeam(teamId);
  }

  @Get('session-series/:id') getSeries(@Param('id', UuidPipe) id: string) {
    return this.series.get(id);
  }

  @Patch('session-series/:id') updateSeries(@Param('id', UuidPipe) id: string, @Body() dto: UpdateSeriesDto) {
    return this.series.update(id, dto);
  }

  @Get('session-series/:id/occurrences') occurrences(@Param('id', UuidPipe) id: string, @Query() q: RangeQuery) {
    return this.series.occurrences(id, q);
  }

  @Post('session-series/:id/occurrences/:key/cancel') @HttpCode(200) cancelOccurrence(@Param('id', UuidPipe) id: string, @Param('key') key: string) {
    return this.series.cancelOccurrence(id, key);
  }

  @Post('session-series/:id/occurrences/:key/move') @HttpCode(200) moveOccurrence(@Param('id', UuidPipe) id: string, @Param('key') key: string, @Body() dto: MoveOccurrenceDto) {
    return this.series.moveOccurrence(id, key, dto);
  }

  @Post('session-series/:id/occurrences/:key/allocate') @HttpCode(200) allocate(@Param('id', UuidPipe) id: string, @Param('key') key: string) {
    return this.booking.allocate(id, key);
  }

  @Post('requests/:id/book') book(@Param('id', UuidPipe) id: string, @Body() dto: BookRequestDto) {
    return this.booking.book(id, dto);
  }

  @Post('scheduling/free-time') @HttpCode(200) freeTime(@Body() dto: FreeTimeDto) {
    return this.availability.freeTime(dto);
  }

  @Get('persons/:id/working-hours') workingHours(@Param('id', UuidPipe) id: string) {
    return this.availability.workingHours(id);
  }

  @Put('persons/:id/working-hours') setWorkingHours(@Param('id', UuidPipe) id: string, @Body() dto: WorkingHoursDto) {
    return this.availability.setWorkingHours(id, dto);
  }

  @Put('persons/:id/busy')
  @ApiConsumes('text/calendar')
  @ApiBody({ description: 'an iCalendar file (VFREEBUSY or VEVENTs); replaces what was imported before', schema: { type: 'string' } })
  importBusy(@Param('id', UuidPipe) id: string, @Req() req: Request) {
    return this.availability.importBusy(id, req.body);
  }
}
