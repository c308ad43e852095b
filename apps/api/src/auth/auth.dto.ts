import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsEmail, IsInt, IsOptional, IsUUID, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
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
