import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { CLIENT_GROUPS, LOCALES, MEETING_KINDS, MEETING_MODES, REQUEST_STATUSES, URGENCIES } from '@kohtaamo/domain';
import type { ClientGroup, Locale, MeetingKind, MeetingMode, RequestStatus, Urgency } from '@kohtaamo/domain';
import { PageQuery } from '../common/pagination.dto';
import { QueryBoolean } from '../common/dto.util';

export class MyRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only open ones (submitted, more information asked, accepted, scheduled); false: only the rest' })
  @IsOptional() @QueryBoolean() @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional() @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;
}

export class TeamMessageDto {
  @ApiProperty({ enum: ['request_info', 'decline'], description: '`request_info`: the team asks for more information; `decline`: why it was declined' })
  action: 'request_info' | 'decline';

  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) at: Date;
}

export class NextMeetingDto {
  @ApiProperty({ format: 'uuid', description: 'the meeting to join (POST /api/meetings/:id/join-token)' }) meetingId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: MEETING_KINDS }) kind: MeetingKind;
  @ApiProperty({ enum: MEETING_MODES }) mode: MeetingMode;
  @ApiProperty({ format: 'date-time', description: "the case's own time: its agenda slot in a team session, or the whole network meeting" }) startsAt: Date;
  @ApiProperty({ format: 'date-time' }) endsAt: Date;
  @ApiProperty({ format: 'date-time', description: 'the whole meeting' }) meetingStartsAt: Date;
  @ApiProperty({ format: 'date-time' }) meetingEndsAt: Date;
}

export class MyRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty() teamName: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ enum: URGENCIES }) urgency: Urgency;
  @ApiProperty({ enum: CLIENT_GROUPS }) clientGroup: ClientGroup;
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clientId: string | null;
  @ApiProperty() question: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: Date;
  @ApiProperty({ format: 'date-time' }) statusChangedAt: Date;
  @ApiProperty({ enum: ['requester', 'own_worker'], description: 'why it is yours' }) relation: 'requester' | 'own_worker';
  @ApiProperty({ type: TeamMessageDto, nullable: true, description: "the team's latest question back or decline reason" }) teamMessage: TeamMessageDto | null;
  @ApiProperty({ type: NextMeetingDto, nullable: true, description: 'the next scheduled meeting about it' }) nextMeeting: NextMeetingDto | null;
  @ApiProperty({ enum: ['edit', 'resubmit'], isArray: true, description: 'what you may do now (PATCH /api/requests/:id; POST …/transitions {action: "resubmit"})' }) actions: Array<'edit' | 'resubmit'>;
}

export class MyRequestsPageDto {
  @ApiProperty({ type: [MyRequestDto] }) items: MyRequestDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class YourCaseDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ format: 'date-time' }) startsAt: Date;
  @ApiProperty({ format: 'date-time' }) endsAt: Date;
}

export class MyMeetingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: MEETING_KINDS }) kind: MeetingKind;
  @ApiProperty({ enum: MEETING_MODES }) mode: MeetingMode;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty({ format: 'date-time' }) startsAt: Date;
  @ApiProperty({ format: 'date-time' }) endsAt: Date;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the request a network meeting is about' }) requestId: string | null;

  @ApiProperty({ enum: ['organiser', 'chair', 'participant', 'case', 'team'], description: 'why it is yours, the strongest first: you organised it, chair it that day, were invited, have a case on its agenda, or are in its team' })
  role: 'organiser' | 'chair' | 'participant' | 'case' | 'team';

  @ApiProperty({ description: 'hosts (organiser, chair of the day) admit guests and control the call' }) host: boolean;
  @ApiProperty({ description: 'remote or hybrid: has a video call to join' }) joinable: boolean;
  @ApiProperty({ type: YourCaseDto, nullable: true, description: 'your own case on its agenda, with its slot' }) yourCase: YourCaseDto | null;
}

export class InboxCountDto {
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty() teamName: string;
  @ApiProperty({ description: 'you chair the team today (you triage its requests)' }) chair: boolean;
  @ApiProperty({ description: 'open requests you may see (GET /api/teams/:teamId/inbox)' }) open: number;
  @ApiProperty({ description: 'waiting for triage' }) toTriage: number;
  @ApiProperty({ description: 'accepted, waiting for a slot' }) toBook: number;
}

export class HomeMeDto {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
}

export class HomeRequestsDto {
  @ApiProperty({ type: [MyRequestDto], description: 'your open requests, those waiting for your answer first, then the most recently changed (at most 10)' }) items: MyRequestDto[];
  @ApiProperty({ description: 'all your open requests (GET /api/me/requests?open=true pages through them)' }) open: number;
  @ApiProperty({ description: 'waiting for your answer (more information asked)' }) waitingForYou: number;
}

export class HomeDto {
  @ApiProperty({ type: HomeMeDto }) me: HomeMeDto;
  @ApiProperty({ type: HomeRequestsDto }) requests: HomeRequestsDto;
  @ApiProperty({ type: [MyMeetingDto], description: 'your next scheduled meetings not yet over, soonest first (at most 10)' }) meetings: MyMeetingDto[];
  @ApiProperty({ type: [InboxCountDto], description: 'the inbox of each team you are a member of or chair today' }) inbox: InboxCountDto[];
}
