import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LOCALES, PROFESSIONS, SYSTEM_ROLES } from '@kohtaamo/domain';
import type { Locale, Profession, SystemRole } from '@kohtaamo/domain';

/** What the signed-in person may change about themselves: only their language (the rest is the county's record). */
export class UpdateProfileDto {
  @ApiPropertyOptional({ enum: LOCALES, description: 'the language of the staff app and of every email Kohtaamo sends you' })
  @IsOptional() @IsIn(LOCALES)
  locale?: Locale;
}

export class ProfileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: PROFESSIONS }) profession: Profession;
  @ApiProperty() organisation: string;
  @ApiProperty({ nullable: true, type: String }) unit: string | null;
  @ApiProperty({ enum: LOCALES, description: 'your language: the staff app and your emails' }) locale: Locale;
  @ApiProperty({ enum: SYSTEM_ROLES }) systemRole: SystemRole;
}
