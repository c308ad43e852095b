import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal, CurrentStaff } from '../auth/decorators';
import type { Principal, StaffPrincipal } from '../auth/principal';
import { DomainError } from '@kohtaamo/domain';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateAgendaItemDto, CreateMeetingDto, ListMeetingsQuery, ParticipantDto, UpdateMeetingDto, UpdateParticipantDto } from './meeting.dto';
import { MeetingsService } from './meetings.service';

@ApiTags('meetings')
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly service: MeetingsService) {}

  @Post() @Can('meeting', 'create') create(@Body() dto: CreateMeetingDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.create(dto, staff);
  }

  @Get() @Can('meeting', 'read') list(@Query() q: ListMeetingsQuery, @CurrentPrincipal() who: Principal) {
    if (who.kind === 'guest') return this.service.guestView(who.meetingId, who.participantId).then((m) => ({ items: [m], total: 1, limit: 1, offset: 0 }));
    return this.service.list(q, who);
  }

  @Get(':id') @Can('meeting', 'read') get(@Param('id', UuidPipe) id: string, @CurrentPrincipal() who: Principal) {
    if (who.kind === 'guest') {
      // a guest sees only the meeting of their invitation; any other is "not found"
      if (who.meetingId !== id) return Promise.reject(DomainError.notFound('meeting', id));
      return this.service.guestView(id, who.participantId);
    }
    return this.service.detailFor(id, who);
  }

  @Patch(':id') @Can('meeting', 'update') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateMeetingDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.update(id, dto, staff);
  }

  @Post(':id/cancel') @HttpCode(200) @Can('meeting', 'update') cancel(@Param('id', UuidPipe) id: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.cancel(id, staff);
  }

  @Post(':id/participants') @Can('participant', 'create') addParticipant(@Param('id', UuidPipe) id: string, @Body() dto: ParticipantDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.addParticipant(id, dto, staff);
  }

  @Patch(':id/participants/:participantId') @Can('participant', 'update') updateParticipant(
    @Param('id', UuidPipe) id: string,
    @Param('participantId', UuidPipe) participantId: string,
    @Body() dto: UpdateParticipantDto,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.service.updateParticipant(id, participantId, dto, staff);
  }

  @Delete(':id/participants/:participantId') @HttpCode(204) @Can('participant', 'delete') removeParticipant(
    @Param('id', UuidPipe) id: string,
    @Param('participantId', UuidPipe) participantId: string,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.service.removeParticipant(id, participantId, staff);
  }

  @Post(':id/agenda-items') @Can('agenda', 'create') addAgendaItem(@Param('id', UuidPipe) id: string, @Body() dto: CreateAgendaItemDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.addAgendaItem(id, dto, staff);
  }

  @Delete(':id/agenda-items/:itemId') @HttpCode(204) @Can('agenda', 'delete') removeAgendaItem(@Param('id', UuidPipe) id: string, @Param('itemId', UuidPipe) itemId: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.removeAgendaItem(id, itemId, staff);
  }
}
