import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../common/pagination.dto';
import { Trim } from '../common/dto.util';

export class CreateRoomDto {
  @ApiProperty({ maxLength: 200, example: 'Neuvotteluhuone Kaisla' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiProperty({ maxLength: 200, example: 'Seinäjoen perhekeskus' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  unit: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional() @IsInt() @Min(1) @Max(500)
  capacity?: number;

  @ApiPropertyOptional({ description: 'the room has a video device for hybrid sessions', default: false })
  @IsOptional() @IsBoolean()
  videoDevice?: boolean;
}

export class ListRoomsQuery extends PageQuery {}
