import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  Max,
  Min,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ATTENDANCES,
  Attendance,
  FAMILY_RELATIONS,
  FamilyRelation,
  LOCALES,
  Locale,
  MEETING_KINDS,
  MEETING_MODES,
  MEETING_STATUSES,
  MeetingKind,
  MeetingMode,
  MeetingStatus,
  ORGANISATION_TYPES,
  OrganisationType,
  PARTICIPANT_KINDS,
  ParticipantKind,
} from '@kohtaamo/domain';
import { PageQuery } from '../common/pagination.dto';
import { Trim } from '../common/dto.util';

export class ParticipantDto {
  @ApiProperty({ enum: PARTICIPANT_KINDS })
  @IsIn(PARTICIPANT_KINDS)
  kind: ParticipantKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'required for staff' })
  @ValidateIf((o: ParticipantDto) => o.kind === 'staff' || o.personId !== undefined)
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'required for external guests and family members' })
  @ValidateIf((o: ParticipantDto) => o.kind !== 'staff' || o.displayName !== undefined)
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ maxLength: 320, description: 'where invitations go; required for external guests' })
  @ValidateIf((o: ParticipantDto) => o.kind === 'external' || o.email !== undefined)
  @Trim() @IsEmail() @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Kasperin koulu' })
  @ValidateIf((o: ParticipantDto) => o.kind === 'external' || o.organisationName !== undefined)
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  organisationName?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_TYPES, description: 'required for external guests' })
  @ValidateIf((o: ParticipantDto) => o.kind === 'external' || o.organisationType !== undefined)
  @IsIn(ORGANISATION_TYPES)
  organisationType?: OrganisationType;

  @ApiPropertyOptional({ enum: FAMILY_RELATIONS, description: 'required for family members' })
  @ValidateIf((o: ParticipantDto) => o.kind === 'family' || o.familyRelation !== undefined)
  @IsIn(FAMILY_RELATIONS)
  familyRelation?: FamilyRelation;

  @ApiPropertyOptional({ default: true })
  @IsOptional() @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ enum: LOCALES, description: 'language of invitations; staff default to their own' })
  @IsOptional() @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ default: false, description: 'staff only: a co-host, who admits guests from the lobby, records attendance and ends the meeting like the organiser' })
  @IsOptional() @IsBoolean()
  host?: boolean;
}

export class UpdateParticipantDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() required?: boolean;
  @ApiPropertyOptional({ enum: ATTENDANCES }) @IsOptional() @IsIn(ATTENDANCES) attendance?: Attendance;
  @ApiPropertyOptional({ maxLength: 320 }) @IsOptional() @Trim() @IsEmail() @MaxLength(320) email?: string;
  @ApiPropertyOptional({ enum: LOCALES }) @IsOptional() @IsIn(LOCALES) locale?: Locale;
  @ApiPropertyOptional({ description: 'staff only: co-host of the meeting' }) @IsOptional() @IsBoolean() host?: boolean;
}

const REASON = { maxLength: 500, description: 'why: quoted in the email to every participant (checked for client identifiers: plain email is no place for them)' };

export class CancelMeetingDto {
  @ApiPropertyOptional(REASON) @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(500) reason?: string;
}

/** A host marks a participant present in the meeting room, or not. */
export class RoomAttendanceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() participantId: string;
  @ApiProperty({ description: 'true: sat in the room (attendance in_person); false: not in the room (back to what the video says, or absent)' }) @IsBoolean() present: boolean;
}

export class RoomHeadcountDto {
  @ApiProperty({ minimum: 0, maximum: 500, description: 'people in the meeting room, counted by a host' }) @IsInt() @Min(0) @Max(500) count: number;
}

/** The SFU node's report of a video connection, a compact JWS signed with JOIN_TOKEN_SECRET (libs/protocol tokens.ts VideoPresenceClaims). */
export class VideoPresenceDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @IsNotEmpty() @MaxLength(4000) report: string;
}

export class CreateMeetingDto {
  @ApiProperty({ enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS)
  kind: MeetingKind;

  @ApiProperty({ maxLength: 300, example: 'Verkostoneuvottelu' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'required for team sessions' })
  @ValidateIf((o: CreateMeetingDto) => o.kind === 'team_session' || o.teamId !== undefined)
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the consultation request this meeting is about (network meetings)' })
  @IsOptional() @IsUUID()
  requestId?: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-08T11:00:00Z' })
  @IsDateString({ strict: true }) @MaxLength(40)
  startsAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-08T12:00:00Z' })
  @IsDateString({ strict: true }) @MaxLength(40)
  endsAt: string;

  @ApiProperty({ enum: MEETING_MODES })
  @IsIn(MEETING_MODES)
  mode: MeetingMode;

  @ApiPropertyOptional({ maxLength: 300, description: 'where: required unless remote or a room is booked', example: 'Perhekeskus, neuvotteluhuone Kaisla' })
  @ValidateIf((o: CreateMeetingDto) => (o.mode !== 'remote' && o.roomId === undefined) || o.location !== undefined)
  @Trim() @IsString() @IsNotEmpty() @MaxLength(300)
  location?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'book a room (a room hosts one meeting at a time)' })
  @IsOptional() @IsUUID()
  roomId?: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 480, description: 'team sessions: agenda slot length in minutes' })
  @IsOptional() @IsInt() @Min(5) @Max(480)
  slotMinutes?: number;

  @ApiPropertyOptional({ type: [ParticipantDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ParticipantDto)
  participants?: ParticipantDto[];
}

export class UpdateMeetingDto {
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString({ strict: true }) @MaxLength(40) startsAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString({ strict: true }) @MaxLength(40) endsAt?: string;
  @ApiPropertyOptional({ enum: MEETING_MODES }) @IsOptional() @IsIn(MEETING_MODES) mode?: MeetingMode;
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(300) location?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'book another room, or null to release it' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUUID()
  roomId?: string | null;
  @ApiPropertyOptional({ maxLength: 500, description: 'why the time, place or mode changes: quoted in the update email to every participant' })
  @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(500)
  reason?: string;
}

export class ListMeetingsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'meetings ending after this' }) @IsOptional() @IsDateString() @MaxLength(40) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'meetings starting before this' }) @IsOptional() @IsDateString() @MaxLength(40) to?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() teamId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'meetings this staff person takes part in' }) @IsOptional() @IsUUID() personId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() requestId?: string;
  @ApiPropertyOptional({ enum: MEETING_KINDS }) @IsOptional() @IsIn(MEETING_KINDS) kind?: MeetingKind;
  @ApiPropertyOptional({ enum: MEETING_STATUSES }) @IsOptional() @IsIn(MEETING_STATUSES) status?: MeetingStatus;
}

export class CreateAgendaItemDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() requestId: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) @MaxLength(40) startsAt: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) @MaxLength(40) endsAt: string;
}
