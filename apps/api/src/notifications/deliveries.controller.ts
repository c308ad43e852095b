import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { UuidPipe } from '../common/uuid.pipe';
import { ListDeliveriesQuery, ReminderOffsetsDto } from './deliveries.dto';
import { DeliveriesService } from './deliveries.service';

@ApiTags('notifications')
@Controller()
export class DeliveriesController {
  constructor(private readonly service: DeliveriesService) {}

  /** Invitations, updates, cancellations, reminders and minutes sent (or not) to the meeting's participants. */
  @Get('meetings/:meetingId/deliveries') @Can('delivery', 'read') forMeeting(@Param('meetingId', UuidPipe) meetingId: string, @Query() q: ListDeliveriesQuery, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.forMeeting(meetingId, q, staff);
  }

  @Get('teams/:teamId/reminder-offsets') @Can('team', 'read') reminderOffsets(@Param('teamId', UuidPipe) teamId: string) {
    return this.service.reminderOffsets(teamId);
  }

  @Put('teams/:teamId/reminder-offsets') @Can('team', 'update') setReminderOffsets(@Param('teamId', UuidPipe) teamId: string, @Body() dto: ReminderOffsetsDto) {
    return this.service.setReminderOffsets(teamId, dto);
  }
}
