import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LOCALES, Locale, PARTICIPANT_KINDS, ParticipantKind } from '@kohtaamo/domain';
import { Trim } from '../common/dto.util';
import { MINUTES_ATTENDANCES, MinutesAttendance } from './minutes.entity';

export class AttendanceDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'the meeting participant (omit for someone added by hand)' })
  @IsOptional() @IsUUID()
  participantId?: string;

  @ApiProperty({ maxLength: 200 })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiProperty({ enum: PARTICIPANT_KINDS })
  @IsIn(PARTICIPANT_KINDS)
  kind: ParticipantKind;

  @ApiPropertyOptional({ maxLength: 200, description: 'their organisation; for a named family member, their relation in words (huoltaja)' })
  @IsOptional() @Trim() @IsString() @MaxLength(200)
  organisation?: string;

  @ApiProperty({ enum: MINUTES_ATTENDANCES })
  @IsIn(MINUTES_ATTENDANCES)
  attendance: MinutesAttendance;
}

export class ActionDto {
  @ApiProperty({ maxLength: 2000, example: 'Koulu laatii tuen suunnitelman' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(2000)
  what: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'a professional in the directory; or give responsibleName' })
  @ValidateIf((o: ActionDto) => o.responsiblePersonId !== undefined || o.responsibleName === undefined)
  @IsUUID()
  responsiblePersonId?: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'luokanopettaja' })
  @ValidateIf((o: ActionDto) => o.responsibleName !== undefined)
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  responsibleName?: string;

  @ApiProperty({ format: 'date', example: '2030-04-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date YYYY-MM-DD' }) @IsDateString({ strict: true }) @MaxLength(10)
  dueDate: string;
}

export class DisclosureDto {
  @ApiProperty({ maxLength: 2000, example: 'Konsultaation suositukset' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(2000)
  what: string;

  @ApiProperty({ maxLength: 200, example: 'Keskustan koulu' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  toOrganisation: string;

  @ApiProperty({ maxLength: 500, example: 'huoltajan suostumus' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(500)
  basis: string;
}

export class MinutesNextMeetingDto {
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional() @IsDateString({ strict: true }) @MaxLength(40)
  at?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional() @Trim() @IsString() @MaxLength(1000)
  note?: string;
}

/** The editable content of a draft. */
export class UpdateMinutesDto {
  @ApiPropertyOptional({ enum: LOCALES, description: 'language of the document' })
  @IsOptional() @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ type: [AttendanceDto], description: 'replaces the attendance (pre-filled from the meeting)' })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => AttendanceDto)
  attendance?: AttendanceDto[];

  @ApiPropertyOptional({ maxLength: 4000, description: 'pre-filled from the consultation request' })
  @IsOptional() @Trim() @IsString() @MaxLength(4000)
  question?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional() @Trim() @IsString() @MaxLength(20000)
  summary?: string;

  @ApiPropertyOptional({ type: [ActionDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ActionDto)
  actions?: ActionDto[];

  @ApiPropertyOptional({ type: [DisclosureDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => DisclosureDto)
  disclosures?: DisclosureDto[];

  @ApiPropertyOptional({ type: MinutesNextMeetingDto })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MinutesNextMeetingDto)
  nextMeeting?: MinutesNextMeetingDto;
}

export class CreateMinutesDto extends UpdateMinutesDto {
  @ApiPropertyOptional({ format: 'uuid', description: "the case: one of the session's agenda requests, or the network meeting's request (the default)" })
  @IsOptional() @IsUUID()
  requestId?: string;
}


export class CorrectMinutesDto {
  @ApiProperty({ maxLength: 2000, example: 'Toimenpiteen määräaika korjattu' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(2000)
  reason: string;
}

// ---- answers (for the OpenAPI document and the web app's typed client) ----------------------------------

export class AttendanceEntryDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) participantId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PARTICIPANT_KINDS }) kind: ParticipantKind;
  @ApiProperty({ nullable: true, type: String, description: 'their organisation; for a named family member, their relation in words (huoltaja)' }) organisation: string | null;
  @ApiProperty({ enum: MINUTES_ATTENDANCES }) attendance: MinutesAttendance;
}

export class ActionEntryDto {
  @ApiProperty() what: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) responsiblePersonId: string | null;
  @ApiProperty({ nullable: true, type: String }) responsibleName: string | null;
  @ApiProperty({ format: 'date' }) dueDate: string;
}

export class DisclosureEntryDto {
  @ApiProperty() what: string;
  @ApiProperty() toOrganisation: string;
  @ApiProperty() basis: string;
}

export class NextMeetingEntryDto {
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) at: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

/** One version of the minutes. */
export class MinutesDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ description: 'version number of the series: 1, then one more for each correction' }) version: number;
  @ApiProperty({ description: "the draft's revision: raised by every accepted edit; send it back as If-Match" }) revision: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the version this one corrects' }) previousId: string | null;
  @ApiProperty({ enum: ['draft', 'finalised'] }) status: 'draft' | 'finalised';
  @ApiProperty({ description: 'an anonymous consultation (or no request): no identifiers anywhere' }) anonymous: boolean;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty({ type: [AttendanceEntryDto] }) attendance: AttendanceEntryDto[];
  @ApiProperty({ nullable: true, type: String }) question: string | null;
  @ApiProperty() summary: string;
  @ApiProperty({ type: [ActionEntryDto] }) actions: ActionEntryDto[];
  @ApiProperty({ type: [DisclosureEntryDto] }) disclosures: DisclosureEntryDto[];
  @ApiProperty({ type: NextMeetingEntryDto, nullable: true }) nextMeeting: NextMeetingEntryDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'why this version corrects the previous one' }) correctionReason: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdById: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'who signed it (the signed-in organiser or chair)' }) finalisedById: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finalisedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) distributionQueuedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ description: 'staff only: may the caller edit, finalise and correct these minutes (the organiser or a chair of the meeting day)' }) mayEdit?: boolean;
}

export class MinutesNoticeDto {
  @ApiProperty({ description: 'queued, sending, retrying, sent, failed, no_address, superseded, expired, withheld' }) status: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'why it was withheld or failed' }) reason: string | null;
}

export class MinutesReadDto {
  @ApiProperty({ format: 'date-time' }) firstAt: string;
  @ApiProperty({ format: 'date-time' }) lastAt: string;
  @ApiProperty({ description: 'reads through their own link (page, list or PDF)' }) reads: number;
  @ApiProperty({ description: 'of which PDF downloads' }) downloads: number;
}

/** One participant: the minutes notice sent to them and their reads (disclosure log). */
export class MinutesReceiptDto {
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PARTICIPANT_KINDS }) kind: ParticipantKind;
  @ApiProperty({ nullable: true, type: String }) organisation: string | null;
  @ApiProperty({ type: MinutesNoticeDto, nullable: true }) notice: MinutesNoticeDto | null;
  @ApiProperty({ type: MinutesReadDto, nullable: true }) read: MinutesReadDto | null;
}
