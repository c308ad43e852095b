import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsEmail, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { Trim } from '../common/dto.util';
import { PageQuery } from '../common/pagination.dto';

export class DevTokenDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf((o: DevTokenDto) => o.email === undefined || o.personId !== undefined)
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ example: 'terhi.makela@hyvaep.fi' })
  @ValidateIf((o: DevTokenDto) => o.personId === undefined || o.email !== undefined)
  @IsEmail() @MaxLength(320)
  email?: string;
}

export class RoomDeviceDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'how many people sit in the room behind this device' })
  @IsInt() @Min(1) @Max(100)
  peopleInRoom: number;
}

export class JoinTokenRequestDto {
  @ApiPropertyOptional({ type: RoomDeviceDto, description: 'join as the meeting room device of a hybrid session' })
  @IsOptional() @ValidateNested() @Type(() => RoomDeviceDto)
  roomDevice?: RoomDeviceDto;
}

export class AccessLogQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() clientId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() @MaxLength(40) from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() @MaxLength(40) to?: string;
}

export class DisclosureLogQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() clientId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() @MaxLength(40) from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() @MaxLength(40) to?: string;
}

export class ClientLogExportQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'start of the period (inclusive); default: two years ago, or the beginning when a reason is given' })
  @IsOptional() @IsDateString() @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'end of the period (exclusive); default: now' })
  @IsOptional() @IsDateString() @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'the special reason for entries older than two years (Client Data Act 703/2023 § 11), e.g. a suspicion of unauthorised use; recorded in the access log',
  })
  @IsOptional() @Trim() @IsString() @MaxLength(2000)
  reason?: string;
}

/** One entry of the access log (käyttöloki) in a client's export. */
export class AccessLogEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) at: Date;
  @ApiProperty({ enum: ['staff', 'guest', 'system'] }) actorKind: string;
  @ApiProperty({ nullable: true, format: 'uuid' }) actorId: string | null;
  @ApiProperty() actorName: string;
  @ApiProperty({ nullable: true }) actorOrganisation: string | null;
  @ApiProperty({ type: [String] }) actorRoles: string[];
  @ApiProperty({ enum: ['read', 'create', 'update', 'delete', 'export', 'disclose'] }) action: string;
  @ApiProperty() resourceType: string;
  @ApiProperty({ nullable: true }) resourceId: string | null;
  @ApiProperty({ nullable: true, format: 'uuid' }) clientId: string | null;
  @ApiProperty() purpose: string;
  @ApiProperty({ nullable: true }) route: string | null;
  @ApiProperty({ nullable: true }) ip: string | null;
  @ApiProperty({ nullable: true, description: 'the service provider (palvelunantaja) the access was made for' }) serviceProvider: string | null;
  @ApiProperty({ nullable: true, description: 'the special reason given, for an export of entries older than two years' }) reason: string | null;
}

/** One entry of the disclosure log (luovutusloki): who received what, on which basis, when. */
export class DisclosureLogEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) at: Date;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ enum: ['consent', 'own_right', 'staff_duty'], description: "the client's consent; the client's or guardian's own right of access; a professional's duty" })
  basis: string;
  @ApiProperty({ nullable: true, format: 'uuid', description: 'the consent of the case' }) consentId: string | null;
  @ApiProperty({ enum: ['external', 'family', 'staff'] }) recipientKind: string;
  @ApiProperty({ nullable: true, format: 'uuid' }) recipientParticipantId: string | null;
  @ApiProperty() recipientName: string;
  @ApiProperty({ nullable: true }) recipientOrganisation: string | null;
  @ApiProperty({ nullable: true }) recipientOrganisationType: string | null;
  @ApiProperty({ nullable: true }) recipientRelation: string | null;
  @ApiProperty({ nullable: true, description: 'the email address, for data sent by email' }) recipientAddress: string | null;
  @ApiProperty({ enum: ['link', 'email'] }) channel: string;
  @ApiProperty({ description: 'meeting (its page), minutes, minutes_pdf, minutes_notice' }) resourceType: string;
  @ApiProperty({ nullable: true }) resourceId: string | null;
  @ApiProperty({ nullable: true, format: 'uuid' }) meetingId: string | null;
  @ApiProperty({ type: [String] }) dataCategories: string[];
  @ApiProperty({ description: 'the service provider (palvelunantaja) that disclosed it' }) serviceProvider: string;
  @ApiProperty({ nullable: true }) route: string | null;
}

export class OlderWithheldDto {
  @ApiProperty({ format: 'date-time' }) before: Date;
  @ApiProperty() accessLog: number;
  @ApiProperty() disclosureLog: number;
}

export class ClientLogExportDto {
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: Date;
  @ApiProperty({ nullable: true, format: 'date-time' }) from: Date | null;
  @ApiProperty({ nullable: true, format: 'date-time' }) to: Date | null;
  @ApiProperty({ nullable: true }) reason: string | null;
  @ApiProperty({ type: [AccessLogEntryDto] }) accessLog: AccessLogEntryDto[];
  @ApiProperty({ type: [DisclosureLogEntryDto] }) disclosureLog: DisclosureLogEntryDto[];
  @ApiProperty({ type: OlderWithheldDto, nullable: true, description: 'entries older than two years left out because no reason was given' })
  olderWithheld: OlderWithheldDto | null;
}
