import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { ApiErrors } from '../common/api-errors';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateAgendaItemDto } from '../meetings/meeting.dto';
import { BookingService } from './booking.service';

/**
 * A session's agenda, item by item (under /api/meetings, where clients have always found it). Booking's
 * own routes: BookingService holds the rules. The operation ids are the ones these routes had under
 * MeetingsController, so that the web client's generated types do not change with the move.
 */
@ApiTags('meetings')
@Controller('meetings')
export class AgendaController {
  constructor(private readonly booking: BookingService) {}

  @Post(':id/agenda-items') @Can('agenda', 'create')
  @ApiOperation({
    operationId: 'MeetingsController_addAgendaItem',
    summary: "Put a request into a team session's agenda",
    description:
      'Those who may book the session’s agenda (its team’s chairs of that day, a coordinator). `startsAt`–`endsAt` must be one of the session’s slots ' +
      'and must not have begun; the request (accepted, of the session’s team) becomes scheduled. Refused before anything is written.',
  })
  @ApiCreatedResponse({ description: 'the agenda item' })
  @ApiErrors({
    400: '`validation_failed`: a bad field; a time that is not one of the session’s slots (`startsAt`), `endsAt` not after `startsAt`',
    404: '`not_found`: no such meeting, or the caller takes no part in it',
    409:
      '`conflict`: the slot has begun (`startsAt`, code `slot_in_past`, `details.conflict: "slot_in_past"`), is taken (`details.conflict: "agenda_slot"`), ' +
      'or the session is cancelled or held (`status`); `invalid_transition`: the request is not accepted',
    422: '`unprocessable`: `requestId` does not exist or was sent to another team; the meeting is not a team session',
  })
  addAgendaItem(@Param('id', UuidPipe) id: string, @Body() dto: CreateAgendaItemDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.booking.addAgendaItem(id, dto, staff);
  }

  @Delete(':id/agenda-items/:itemId') @HttpCode(204) @Can('agenda', 'delete')
  @ApiOperation({
    operationId: 'MeetingsController_removeAgendaItem',
    summary: "Take an item off a session's agenda",
    description: 'Its request goes back to accepted, to be booked again, unless it still has a scheduled meeting elsewhere.',
  })
  removeAgendaItem(@Param('id', UuidPipe) id: string, @Param('itemId', UuidPipe) itemId: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.booking.removeAgendaItem(id, itemId, staff);
  }
}
