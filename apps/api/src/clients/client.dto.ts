import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsDateString, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { LOCALES, Locale, isValidHenkilotunnus } from '@kohtaamo/domain';
import { PageQuery } from '../common/pagination.dto';
import { Trim } from '../common/dto.util';

@ValidatorConstraint({ name: 'henkilotunnus' })
class HenkilotunnusConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidHenkilotunnus(value);
  }
  defaultMessage(): string {
    return 'must be a valid Finnish personal identity code (henkilötunnus), e.g. 131052-308T';
  }
}

export class CreateClientDto {
  @ApiProperty({ maxLength: 200, example: 'Eetu Esimerkki' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  fullName: string;

  @ApiPropertyOptional({ maxLength: 11, example: '010118A9876' })
  @IsOptional() @Trim() @IsString() @MaxLength(11) @Validate(HenkilotunnusConstraint)
  personalIdentityCode?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional() @IsDateString({ strict: true }) @MaxLength(10)
  birthDate?: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'fi' })
  @IsOptional() @IsIn(LOCALES)
  locale?: Locale;
}

export class UpdateClientDto extends PartialType(CreateClientDto) {}

export class ListClientsQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 100, description: 'matches the name, case-insensitive' })
  @IsOptional() @IsString() @MaxLength(100)
  q?: string;
}
