import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LOCALES, Locale, PROFESSIONS, Profession, SYSTEM_ROLES, SystemRole } from '@kohtaamo/domain';
import { PageQuery } from '../common/pagination.dto';
import { QueryBoolean, Trim } from '../common/dto.util';

export class CreatePersonDto {
  @ApiProperty({ maxLength: 200, example: 'Terhi Terveydenhoitaja' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiProperty({ maxLength: 320, example: 'terhi.terveydenhoitaja@hyvaep.fi' })
  @Trim() @IsEmail() @MaxLength(320)
  email: string;

  @ApiProperty({ enum: PROFESSIONS })
  @IsIn(PROFESSIONS)
  profession: Profession;

  @ApiProperty({ maxLength: 200, example: 'Etelä-Pohjanmaan hyvinvointialue' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  organisation: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Seinäjoen perhekeskus, neuvola' })
  @IsOptional() @Trim() @IsString() @MaxLength(200)
  unit?: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'fi' })
  @IsOptional() @IsIn(LOCALES)
  locale?: Locale;
}

export class UpdatePersonDto extends PartialType(CreatePersonDto) {
  @ApiPropertyOptional()
  @IsOptional() @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: SYSTEM_ROLES, description: 'only an administrator changes it (403 otherwise)' })
  @IsOptional() @IsIn(SYSTEM_ROLES)
  systemRole?: SystemRole;
}

export class ListPersonsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROFESSIONS })
  @IsOptional() @IsIn(PROFESSIONS)
  profession?: Profession;

  @ApiPropertyOptional({ description: 'matches name or email, case-insensitive', maxLength: 100 })
  @IsOptional() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional() @QueryBoolean() @IsBoolean()
  active?: boolean;
}
