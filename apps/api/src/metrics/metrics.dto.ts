import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CLIENT_GROUPS, METRIC_GROUPINGS, URGENCIES, type ClientGroup, type MetricGrouping, type Urgency } from '@kohtaamo/domain';
import type { DeadlineRisk } from '@kohtaamo/scheduling';
import { DeadlineDto, DeadlineRuleDto, InboxBookingDto, PersonRefDto } from '../requests/inbox.dto';

export class MetricsQueryDto {
  @ApiPropertyOptional({ enum: METRIC_GROUPINGS, default: 'team', description: 'one group per team, client group, worker (own worker, else requester), or the whole county' })
  @IsOptional() @IsIn(METRIC_GROUPINGS)
  by?: MetricGrouping;

  @ApiPropertyOptional({ description: 'cases submitted from this instant (default: a year before `to`)', example: '2027-01-01T00:00:00+02:00' })
  @IsOptional() @IsDateString({ strict: true }) @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ description: 'until this instant, exclusive (default: now)', example: '2028-01-01T00:00:00+02:00' })
  @IsOptional() @IsDateString({ strict: true }) @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "only this team's cases" })
  @IsOptional() @IsUUID()
  teamId?: string;
}

export class DistributionDto {
  @ApiProperty({ type: Number, nullable: true }) median: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'cases it was computed from (null: fewer than 5)' }) n: number | null;
}

export class DeadlineFigureDto {
  @ApiProperty({ example: 'first_contact_3_working_days' }) rule: string;
  @ApiProperty({ type: Number, nullable: true }) met: number | null;
  @ApiProperty({ type: Number, nullable: true }) missed: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'not yet due and not yet met' }) pending: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'met / (met + missed)' }) share: number | null;
}

export class AttendanceFigureDto {
  @ApiProperty({ type: Number, nullable: true }) inPerson: number | null;
  @ApiProperty({ type: Number, nullable: true }) remote: number | null;
  @ApiProperty({ type: Number, nullable: true }) inPersonShare: number | null;
}

export class FeedbackFigureDto {
  @ApiProperty({ type: Number, nullable: true }) answers: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'mean score 1–5' }) mean: number | null;
  @ApiProperty({ type: [Number], nullable: true, description: 'answers per score 1..5' }) distribution: Array<number | null> | null;
}

export class GroupMetricsDto {
  @ApiProperty({ enum: METRIC_GROUPINGS }) by: MetricGrouping;
  @ApiProperty({ description: "team id, client group, worker's person id, or 'county'" }) key: string;
  @ApiProperty({ description: "the team's or worker's name, or the client group" }) label: string;
  @ApiProperty({ description: 'fewer than 5 cases: every figure is withheld (null)' }) suppressed: boolean;
  @ApiProperty({ type: Number, nullable: true }) cases: number | null;
  @ApiProperty({ type: DistributionDto, description: 'submission → first triage decision, hours' }) timeToFirstContactHours: DistributionDto;
  @ApiProperty({ type: DistributionDto, description: 'submission → start of the first consultation held, days' }) waitingTimeDays: DistributionDto;
  @ApiProperty({ type: [DeadlineFigureDto] }) deadlines: DeadlineFigureDto[];
  @ApiProperty({ type: Number, nullable: true }) ownWorkerShare: number | null;
  @ApiProperty({ type: Number, nullable: true }) clients: number | null;
  @ApiProperty({ type: Number, nullable: true }) multiAgencyClients: number | null;
  @ApiProperty({ type: Number, nullable: true }) multiAgencyShare: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the family centre plus each outside organisation' }) agenciesPerClient: number | null;
  @ApiProperty({ type: Number, nullable: true }) requests: number | null;
  @ApiProperty({ type: Number, nullable: true }) meetings: number | null;
  @ApiProperty({ type: Number, nullable: true }) visits: number | null;
  @ApiProperty({ type: AttendanceFigureDto }) attendance: AttendanceFigureDto;
  @ApiProperty({ type: FeedbackFigureDto, nullable: true, description: 'per team and county only' }) feedback: FeedbackFigureDto | null;
}

export class MetricsDto {
  @ApiProperty() from: Date;
  @ApiProperty() to: Date;
  @ApiProperty({ description: 'events up to this instant count' }) asOf: Date;
  @ApiProperty({ enum: METRIC_GROUPINGS }) by: MetricGrouping;
  @ApiProperty({ description: 'groups (and figures) from fewer cases are withheld', example: 5 }) minGroup: number;
  @ApiProperty({ type: [String], description: 'statutory deadline rules reported' }) rules: string[];
  @ApiProperty({ type: [GroupMetricsDto] }) groups: GroupMetricsDto[];
}

export class AtRiskQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "only this team's requests" })
  @IsOptional() @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 60, default: 2, description: 'due within this many working days of today (Helsinki) counts as at risk' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60)
  withinWorkingDays: number = 2;
}

export class AtRiskItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty() teamName: string;
  @ApiProperty({ enum: ['submitted', 'accepted', 'scheduled'] }) status: 'submitted' | 'accepted' | 'scheduled';
  @ApiProperty({ enum: URGENCIES }) urgency: Urgency;
  @ApiProperty({ enum: CLIENT_GROUPS }) clientGroup: ClientGroup;
  @ApiProperty({ format: 'date-time' }) submittedAt: Date;
  @ApiProperty({ type: PersonRefDto, description: 'the professional who filed it' }) requester: PersonRefDto;
  @ApiProperty({ enum: ['overdue', 'due_soon', 'booked_late'], description: '`overdue`: the deadline passed undone; `booked_late`: booked into a slot at or after it; `due_soon`: due within the horizon and not booked in time' })
  risk: DeadlineRisk;
  @ApiProperty({ type: DeadlineDto }) deadline: DeadlineDto;
  @ApiProperty({ type: InboxBookingDto, nullable: true }) booking: InboxBookingDto | null;
}

export class AtRiskDto {
  @ApiProperty({ description: 'the instant the list was computed at' }) asOf: Date;
  @ApiProperty({ format: 'date', description: "today's Helsinki date" }) today: string;
  @ApiProperty({ description: 'the horizon in working days' }) withinWorkingDays: number;
  @ApiProperty({ format: 'date', description: 'the last Helsinki date counted as due soon' }) horizon: string;
  @ApiProperty({ type: [AtRiskItemDto], description: 'most overdue first (by due instant), then urgency' }) items: AtRiskItemDto[];
  @ApiProperty({ description: "identified requests at risk whose client the caller may not see (their teams see them): counted, not listed" }) notShown: number;
  @ApiProperty({ type: [DeadlineRuleDto], description: 'the deadline rules in force, each with the law it comes from' }) rules: DeadlineRuleDto[];
  @ApiProperty({ description: 'the working-day calendar the deadlines count on' }) workingDays: string;
}
