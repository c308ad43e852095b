import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { Can, CurrentPrincipal, CurrentStaff, Public } from '../auth/decorators';
import type { Principal, StaffPrincipal } from '../auth/principal';
import { DomainError } from '@kohtaamo/domain';
import { UuidPipe } from '../common/uuid.pipe';
import { CancelMeetingDto, CreateMeetingDto, ListMeetingsQuery, ParticipantDto, RoomAttendanceDto, RoomHeadcountDto, UpdateMeetingDto, UpdateParticipantDto, VideoPresenceDto } from './meeting.dto';
import { VideoPresenceService } from './video-presence.service';
import { MeetingsService } from './meetings.service';

@ApiTags('meetings')
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly service: MeetingsService) {}

  /** The attendance of a meeting: video connections (from the SFU), room marks, the room's headcount. Staff who may read the meeting. */
  @Get(':id/attendance') @Can('meeting', 'read') attendance(@Param('id', UuidPipe) id: string, @CurrentPrincipal() who: Principal) {
    if (who.kind === 'guest') return Promise.reject(new DomainError('forbidden', 'guests do not read the attendance'));
    return this.service.attendance(id, who);
  }

  /** A host marks a participant present in the room, or not (404 unless a participant; 403 unless a host). */
  @Post(':id/attendance') @HttpCode(200) @Can('meeting', 'update') markInRoom(@Param('id', UuidPipe) id: string, @Body() dto: RoomAttendanceDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.markInRoom(id, dto, staff);
  }

  /** A host's count of the people in the meeting room. */
  @Put(':id/room-headcount') @Can('meeting', 'update') roomHeadcount(@Param('id', UuidPipe) id: string, @Body() dto: RoomHeadcountDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.setRoomHeadcount(id, dto, staff);
  }

  /** A host ends the meeting: held, and its request moves on (scheduled → handled). */
  @Post(':id/end') @HttpCode(200) @Can('meeting', 'update')
  @ApiOperation({
    summary: 'End a meeting (held)',
    description:
      'A host (the organiser, a co-host, the chair of the day) ends the meeting once its booked start has come, or earlier when someone has ' +
      'already been present (a video connection, a room mark, a participant marked present): it becomes `held`, open attendance closes, ' +
      'the unseen become absent and its request moves scheduled → handled. Ending a held meeting again changes nothing.',
  })
  @ApiOkResponse({ description: 'the meeting as GET /api/meetings/:id shows it, now `held` with `endedAt`' })
  @ApiErrors({
    403: '`forbidden`: a participant who is no host',
    404: '`not_found`: no such meeting, or the caller takes no part in it',
    409: '`conflict`: the meeting is cancelled (`status`), or it has not begun and it is more than 3 hours ahead or nobody has been present in those hours (`status`, code `meeting_not_begun`)',
  })
  end(@Param('id', UuidPipe) id: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.end(id, staff);
  }

  @Post() @Can('meeting', 'create')
  @ApiOperation({
    summary: 'Book a meeting',
    description:
      'The signed-in person organises (and hosts) it. A team session is set up by the team’s chairs of that day or a coordinator; a meeting about a ' +
      'request by someone who may read the request. A `startsAt` before the current minute is refused before anything is written.',
  })
  @ApiCreatedResponse({ description: 'the meeting as GET /api/meetings/:id shows it' })
  @ApiErrors({
    400: '`validation_failed`: a bad field; `startsAt` in the past (code `in_the_past`), `endsAt` not after `startsAt`',
    403: '`forbidden`: a team session of a team the caller does not chair that day (`teamId`)',
    409: '`conflict`: a participant or the room is booked then (`details.conflict`: `participant` or `room`, the other meeting named by its time)',
    422: '`unprocessable`: `teamId`, `requestId` or `roomId` does not exist; `consent_required`: an outside participant the consent does not cover; `identifier_in_anonymous`: a text names a client',
  })
  create(@Body() dto: CreateMeetingDto, @CurrentStaff() staff: StaffPrincipal) {
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

  @Patch(':id') @Can('meeting', 'update')
  @ApiOperation({
    summary: 'Change a meeting (time, place, mode, title)',
    description:
      'The organiser (a team session: its chairs of the day or a coordinator). A change of time, place or mode raises the SEQUENCE and sends ' +
      'an update, quoting `reason`, to every participant. A new `startsAt` or `endsAt` before the current minute is refused before anything is written.',
  })
  @ApiOkResponse({ description: 'the meeting as GET /api/meetings/:id shows it' })
  @ApiErrors({
    400: '`validation_failed`: a bad field; `startsAt` / `endsAt` in the past (code `in_the_past`), `endsAt` not after `startsAt`',
    409: '`conflict`: the meeting is cancelled, or the new time clashes with a booking (the other meeting named by its time)',
    422: '`identifier_in_anonymous`: `reason` looks like it names a client',
  })
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateMeetingDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.update(id, dto, staff);
  }

  /** Cancels the meeting; `reason` (optional) is quoted in the cancellation email to every participant. */
  @Post(':id/cancel') @HttpCode(200) @Can('meeting', 'update') cancel(@Param('id', UuidPipe) id: string, @Body() dto: CancelMeetingDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.cancel(id, staff, dto);
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
}

/**
 * Reports from the SFU nodes: a video connection began or ended (POST /api/video/presence, body
 * `{report}`: a JWS only an SFU node can sign). Public at the HTTP level: the signature is the credential.
 */
@ApiTags('video')
@Controller('video')
export class VideoPresenceController {
  constructor(private readonly presence: VideoPresenceService) {}

  @Post('presence') @HttpCode(200) @Public() report(@Body() dto: VideoPresenceDto) {
    return this.presence.record(dto.report);
  }
}
