import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MEETING_MODES, MeetingMode } from '@kohtaamo/domain';
import { Trim } from '../common/dto.util';

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class CreateSeriesDto {
  @ApiProperty({ maxLength: 300, example: 'LaNu-konsultaatio' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(300)
  title: string;

  @ApiProperty({ description: 'first start, Europe/Helsinki wall clock', example: '2027-01-12T13:00' })
  @IsString() @Matches(WALL_CLOCK, { message: 'dtstart must be a Helsinki wall-clock time YYYY-MM-DDTHH:mm' })
  dtstart: string;

  @ApiProperty({ minimum: 5, maximum: 1440, example: 120 })
  @IsInt() @Min(5) @Max(1440)
  durationMinutes: number;

  @ApiProperty({ maxLength: 500, description: 'RFC 5545 RRULE', example: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' })
  @IsString() @IsNotEmpty() @MaxLength(500)
  rrule: string;

  @ApiProperty({ minimum: 5, maximum: 480, description: 'agenda slot per case', example: 20 })
  @IsInt() @Min(5) @Max(480)
  slotMinutes: number;

  @ApiProperty({ enum: MEETING_MODES })
  @IsIn(MEETING_MODES)
  mode: MeetingMode;

  @ApiPropertyOptional({ maxLength: 300 })
  @ValidateIf((o: CreateSeriesDto) => (o.mode !== 'remote' && o.roomId === undefined) || o.location !== undefined)
  @Trim() @IsString() @IsNotEmpty() @MaxLength(300)
  location?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  roomId?: string;
}

export class UpdateSeriesDto {
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional({ example: '2027-01-12T13:00' })
  @IsOptional() @IsString() @Matches(WALL_CLOCK, { message: 'dtstart must be a Helsinki wall-clock time YYYY-MM-DDTHH:mm' })
  dtstart?: string;
  @ApiPropertyOptional({ minimum: 5, maximum: 1440 }) @IsOptional() @IsInt() @Min(5) @Max(1440) durationMinutes?: number;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) rrule?: string;
  @ApiPropertyOptional({ minimum: 5, maximum: 480 }) @IsOptional() @IsInt() @Min(5) @Max(480) slotMinutes?: number;
  @ApiPropertyOptional({ enum: MEETING_MODES }) @IsOptional() @IsIn(MEETING_MODES) mode?: MeetingMode;
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(300) location?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUUID() roomId?: string | null;
}

export class RangeQuery {
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) @MaxLength(40) from: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) @MaxLength(40) to: string;
}

export class MoveOccurrenceDto {
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) @MaxLength(40) startsAt: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) @MaxLength(40) endsAt: string;
}

export class BookRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'a team session meeting to book into' })
  @IsOptional() @IsUUID()
  meetingId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'a session series (with occurrenceKey) to book into' })
  @ValidateIf((o: BookRequestDto) => o.occurrenceKey !== undefined || o.seriesId !== undefined)
  @IsUUID()
  seriesId?: string;

  @ApiPropertyOptional({ description: "the occurrence's original start, ISO UTC", example: '2027-01-12T11:00:00.000Z' })
  @ValidateIf((o: BookRequestDto) => o.seriesId !== undefined || o.occurrenceKey !== undefined)
  @IsDateString({ strict: true }) @MaxLength(40)
  occurrenceKey?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 287, description: 'the slot (0 = first); without it the first free slot' })
  @IsOptional() @IsInt() @Min(0) @Max(287)
  slotIndex?: number;
}

export class TimeRangeDto {
  @ApiProperty({ example: '08:00' }) @IsString() @Matches(TIME, { message: 'start must be HH:mm' }) start: string;
  @ApiProperty({ example: '16:00' }) @IsString() @Matches(TIME, { message: 'end must be HH:mm (24:00 allowed)' }) end: string;
}

export class InstantRangeDto {
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) @MaxLength(40) start: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) @MaxLength(40) end: string;
}

const day = () => [IsOptional(), IsArray(), ArrayMaxSize(6), ValidateNested({ each: true }), Type(() => TimeRangeDto)];
function Day(): PropertyDecorator {
  return (target, key) => day().forEach((d) => d(target, key));
}

export class WeeklyDto {
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @Day() mon?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @Day() tue?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @Day() wed?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @Day() thu?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @Day() fri?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @Day() sat?: TimeRangeDto[];
  @ApiPropertyOptional({ type: [TimeRangeDto] }) @Day() sun?: TimeRangeDto[];
}

export class WorkingHoursDto {
  @ApiProperty({ type: WeeklyDto, description: 'working time per weekday, Europe/Helsinki; a missing day is a day off' })
  @ValidateNested() @Type(() => WeeklyDto)
  weekly: WeeklyDto;

  @ApiPropertyOptional({ type: [InstantRangeDto], description: 'absences (holidays, training), UTC instants' })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => InstantRangeDto)
  absences?: InstantRangeDto[];
}

export class FreeTimeDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'everyone here must be free' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  requiredPersonIds: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'ranked by how many of them can attend' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  optionalPersonIds?: string[];

  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) @MaxLength(40) from: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) @MaxLength(40) to: string;

  @ApiProperty({ minimum: 5, maximum: 480, example: 60 }) @IsInt() @Min(5) @Max(480) durationMinutes: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 120, default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(120) bufferMinutes?: number;
  @ApiPropertyOptional({ enum: [5, 10, 15, 20, 30, 60], default: 15 }) @IsOptional() @IsIn([5, 10, 15, 20, 30, 60]) stepMinutes?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 20 }) @IsOptional() @IsInt() @Min(1) @Max(200) maxResults?: number;
  @ApiPropertyOptional({
    default: true,
    description: 'spread the suggestions over different days and parts of the day (one per day first); false = every start ranked by optional people, then earliest',
  })
  @IsOptional() @IsBoolean() spread?: boolean;
}

export class SessionSeriesDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: '2027-01-12T13:00', description: 'first start, Europe/Helsinki wall clock' }) dtstart: string;
  @ApiProperty({ example: 120 }) durationMinutes: number;
  @ApiProperty({ example: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' }) rrule: string;
  @ApiProperty({ example: 20, description: 'agenda slot per case' }) slotMinutes: number;
  @ApiProperty({ enum: MEETING_MODES }) mode: MeetingMode;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) roomId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

export class OtherSessionDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the other series, if the clash is one of its occurrences' }) seriesId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the other session’s meeting, once it is one' }) meetingId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) startsAt: Date;
  @ApiProperty({ format: 'date-time' }) endsAt: Date;
}

export class SeriesWarningDto {
  @ApiProperty({ enum: ['overlaps_session'] }) code: 'overlaps_session';
  @ApiProperty() message: string;
  @ApiProperty({ description: 'the occurrence of this series that clashes (its original start, ISO UTC)' }) occurrenceKey: string;
  @ApiProperty({ format: 'date-time' }) startsAt: Date;
  @ApiProperty({ format: 'date-time' }) endsAt: Date;
  @ApiProperty({ type: OtherSessionDto }) other: OtherSessionDto;
}

export class SessionSeriesWithWarningsDto extends SessionSeriesDto {
  @ApiProperty({
    type: [SeriesWarningDto],
    description: 'clashes with the team’s other sessions over the coming year (at most 20): saved anyway — move or cancel an occurrence, or edit the series, if they were not meant',
  })
  warnings: SeriesWarningDto[];
}
