import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDateString, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONSENT_GIVERS, ConsentGiver, DATA_CATEGORIES, DataCategory, ORGANISATION_TYPES, OrganisationType } from '@kohtaamo/domain';
import { PageQuery } from '../common/pagination.dto';
import { Trim } from '../common/dto.util';

export class CreateConsentDto {
  @ApiProperty({ enum: CONSENT_GIVERS, description: 'the client themself or a guardian' })
  @IsIn(CONSENT_GIVERS)
  givenBy: ConsentGiver;

  @ApiProperty({ maxLength: 200 })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  givenByName: string;

  @ApiProperty({ enum: ORGANISATION_TYPES, isArray: true, description: 'organisations that may receive the data' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(ORGANISATION_TYPES.length) @ArrayUnique() @IsIn(ORGANISATION_TYPES, { each: true })
  organisationTypes: OrganisationType[];

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true, description: 'what may be disclosed to them' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(DATA_CATEGORIES.length) @ArrayUnique() @IsIn(DATA_CATEGORIES, { each: true })
  dataCategories: DataCategory[];

  @ApiProperty({ maxLength: 2000, example: 'Verkostoneuvottelu koulun ja neuvolan kesken' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(2000)
  purpose: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'defaults to now' })
  @IsOptional() @IsDateString({ strict: true }) @MaxLength(40)
  givenAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional() @IsDateString({ strict: true }) @MaxLength(40)
  validUntil?: string;
}

export class WithdrawConsentDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @Trim() @IsString() @MaxLength(2000)
  reason?: string;
}

export class ListConsentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['active', 'withdrawn', 'expired', 'not_yet_valid'] })
  @IsOptional() @IsIn(['active', 'withdrawn', 'expired', 'not_yet_valid'])
  state?: 'active' | 'withdrawn' | 'expired' | 'not_yet_valid';
}
