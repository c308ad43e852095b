import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateAgendaItemDto, CreateMeetingDto, ListMeetingsQuery, ParticipantDto, UpdateMeetingDto, UpdateParticipantDto } from './meeting.dto';
import { MeetingsService } from './meetings.service';

@ApiTags('meetings')
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly service: MeetingsService) {}

  @Post() create(@Body() dto: CreateMeetingDto) {
    return this.service.create(dto);
  }

  @Get() list(@Query() q: ListMeetingsQuery) {
    return this.service.list(q);
  }

  @Get(':id') get(@Param('id', UuidPipe) id: string) {
    return this.service.detail(id);
  }

  @Patch(':id') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateMeetingDto) {
    return this.service.update(id, dto);
  }

  @Post(':id/cancel') @HttpCode(200) cancel(@Param('id', UuidPipe) id: string) {
    return this.service.cancel(id);
  }

  @Post(':id/participants') addParticipant(@Param('id', UuidPipe) id: string, @Body() dto: ParticipantDto) {
    return this.service.addParticipant(id, dto);
  }

  @Patch(':id/participants/:participantId') updateParticipant(
    @Param('id', UuidPipe) id: string,
    @Param('participantId', UuidPipe) participantId: string,
    @Body() dto: UpdateParticipantDto,
  ) {
    return this.service.updateParticipant(id, participantId, dto);
  }

  @Delete(':id/participants/:participantId') @HttpCode(204) removeParticipant(
    @Param('id', UuidPipe) id: string,
    @Param('participantId', UuidPipe) participantId: string,
  ) {
    return this.service.removeParticipant(id, participantId);
  }

  @Post(':id/agenda-items') addAgendaItem(@Param('id', UuidPipe) id: string, @Body() dto: CreateAgendaItemDto) {
    return this.service.addAgendaItem(id, dto);
  }

  @Delete(':id/agenda-items/:itemId') @HttpCode(204) removeAgendaItem(@Param('id', UuidPipe) id: string, @Param('itemId', UuidPipe) itemId: string) {
    return this.service.removeAgendaItem(id, itemId);
  }
}
