import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { AGE_BANDS, CLIENT_GROUPS, MEETING_MODES, URGENCIES } from '@kohtaamo/domain';
import type { AgeBand, ClientGroup, MeetingMode, Urgency } from '@kohtaamo/domain';
import { DEADLINE_KINDS } from '@kohtaamo/scheduling';
import type { DeadlineKind } from '@kohtaamo/scheduling';
import { PageQuery } from '../common/pagination.dto';
import { INBOX_STATUSES, InboxStatus } from './inbox.repository';

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INBOX_STATUSES, isArray: true, description: 'only these statuses (repeat the parameter or separate with commas); default: all open ones' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value))
  @IsArray() @ArrayMaxSize(INBOX_STATUSES.length) @IsIn(INBOX_STATUSES, { each: true })
  status?: InboxStatus[];

  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional() @IsIn(URGENCIES)
  urgency?: Urgency;
}

export class PeriodDto {
  @ApiProperty({ example: 3, description: 'days' }) amount: number;
  @ApiProperty({ enum: ['working_days', 'calendar_days'] }) unit: 'working_days' | 'calendar_days';
  @ApiPropertyOptional({ description: 'a calendar-day deadline on a day off moves to the next working day' }) rollForward?: boolean;
}

export class DeadlineDto {
  @ApiProperty({ enum: DEADLINE_KINDS, description: '`first_contact`: the team answers within 3 working days of (re)submission; `consultation`: handled within 14 days of acceptance' })
  kind: DeadlineKind;

  @ApiProperty({ format: 'date-time', description: 'when the clock started (the latest submission, or the acceptance)' })
  startedAt: Date;

  @ApiProperty({ format: 'date', example: '2027-03-04', description: 'the last Helsinki date on which it is met (inclusive)' })
  dueDate: string;

  @ApiProperty({ format: 'date-time', description: 'the first instant at which it is missed (the end of dueDate in Helsinki)' })
  dueAt: Date;

  @ApiProperty({ enum: ['open', 'overdue'], description: 'at the time of the answer' })
  standing: 'open' | 'overdue';

  @ApiProperty({ description: 'whole Helsinki calendar days from today to dueDate (0 = today, negative = overdue)' })
  daysLeft: number;

  @ApiPropertyOptional({ description: 'for a scheduled request: whether the booked slot is before the deadline', nullable: true, type: Boolean })
  bookedInTime: boolean | null;

  @ApiProperty({ type: PeriodDto }) period: PeriodDto;

  @ApiProperty({ description: 'the law the rule comes from' }) source: string;
}

export class InboxBookingDto {
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ format: 'date-time' }) startsAt: Date;
  @ApiProperty({ format: 'date-time' }) endsAt: Date;
}

export class PersonRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) unit: string | null;
}

export const INBOX_ACTIONS = ['accept', 'request_info', 'decline', 'book'] as const;
export type InboxAction = (typeof INBOX_ACTIONS)[number];

export class InboxItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: INBOX_STATUSES }) status: InboxStatus;
  @ApiProperty({ enum: URGENCIES }) urgency: Urgency;
  @ApiProperty({ enum: CLIENT_GROUPS }) clientGroup: ClientGroup;
  @ApiProperty({ enum: AGE_BANDS, nullable: true }) ageBand: AgeBand | null;
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'identified requests only (the read is written to the access log)' }) clientId: string | null;

  @ApiProperty({
    enum: ['full', 'summary'],
    description: '`full`: the caller may read the request (its team, or its requester); `summary`: a coordinator outside the team sees the case in the queue but not its words',
  })
  access: 'full' | 'summary';

  @ApiProperty({ nullable: true, type: String, description: 'null for `summary` rows' }) question: string | null;
  @ApiProperty({ nullable: true, type: String, description: "the team's latest question back or reason (null for `summary` rows)" }) statusReason: string | null;
  @ApiProperty({ enum: MEETING_MODES }) preferredMode: MeetingMode;
  @ApiProperty() familyAttends: boolean;
  @ApiProperty({ type: PersonRefDto }) requester: PersonRefDto;
  @ApiProperty({ format: 'date-time' }) submittedAt: Date;
  @ApiProperty({ description: 'whole Helsinki calendar days since the first submission' }) waitingDays: number;
  @ApiProperty({ type: DeadlineDto, nullable: true, description: 'the statutory deadline running now; null while waiting for the requester' }) deadline: DeadlineDto | null;
  @ApiProperty({ type: InboxBookingDto, nullable: true }) booking: InboxBookingDto | null;
  @ApiProperty({ enum: INBOX_ACTIONS, isArray: true, description: 'what the caller may do to it now (POST /api/requests/:id/accept | request-info | decline | book)' }) actions: InboxAction[];
}

export class InboxCountsDto {
  @ApiProperty() submitted: number;
  @ApiProperty({ name: 'more_info_needed' }) more_info_needed: number;
  @ApiProperty() accepted: number;
  @ApiProperty() scheduled: number;
}

export class DeadlineRuleDto {
  @ApiProperty({ enum: DEADLINE_KINDS }) kind: DeadlineKind;
  @ApiProperty({ enum: ['submitted', 'accepted'] }) startsOn: 'submitted' | 'accepted';
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty() source: string;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto] }) items: InboxItemDto[];
  @ApiProperty({ description: 'rows matching the filter that the caller may see' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: InboxCountsDto, description: 'open requests per status (the urgency filter applies, the status filter does not)' }) counts: InboxCountsDto;
  @ApiProperty({ type: [DeadlineRuleDto], description: 'the deadline rules in force' }) rules: DeadlineRuleDto[];
}
