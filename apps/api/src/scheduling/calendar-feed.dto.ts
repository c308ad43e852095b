import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength, ValidateIf } from 'class-validator';

export class SetCalendarFeedDto {
  @ApiProperty({ enum: ['ics', 'caldav'], description: 'ics: a URL that returns the whole calendar (webcal:// too); caldav: a calendar collection' })
  @IsIn(['ics', 'caldav'])
  kind: 'ics' | 'caldav';

  @ApiProperty({ maxLength: 2000, example: 'https://outlook.office365.com/owa/calendar/…/calendar.ics' })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https', 'webcal'], require_protocol: true, require_tld: false })
  url: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'for a server that asks for a user name and password (kept encrypted)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  username?: string;

  @ApiPropertyOptional({ maxLength: 500, writeOnly: true })
  @ValidateIf((o: SetCalendarFeedDto) => o.username !== undefined || o.password !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  password?: string;
}
