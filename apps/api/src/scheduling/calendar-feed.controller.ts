import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { SetCalendarFeedDto } from './calendar-feed.dto';
import { CalendarFeedService } from './calendar-feed.service';

/** The signed-in person's own calendar feed: nobody sets or reads another person's. */
@ApiTags('scheduling')
@Controller('me/calendar-feed')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Get() @Can('availability', 'read') get(@CurrentStaff() me: StaffPrincipal) {
    return this.feeds.get(me.personId);
  }

  @Put() @Can('availability', 'update') set(@CurrentStaff() me: StaffPrincipal, @Body() dto: SetCalendarFeedDto) {
    return this.feeds.set(me.personId, dto);
  }

  @Delete() @HttpCode(204) @Can('availability', 'update') async remove(@CurrentStaff() me: StaffPrincipal): Promise<void> {
    await this.feeds.remove(me.personId);
  }

  @Post('refresh') @HttpCode(202) @Can('availability', 'update') refresh(@CurrentStaff() me: StaffPrincipal) {
    return this.feeds.requestRefresh(me.personId);
  }
}
