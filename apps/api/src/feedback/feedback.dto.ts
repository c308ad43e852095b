import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LOCALES, type Locale } from '@kohtaamo/domain';
import { Trim } from '../common/dto.util';

export class SurveyTokenDto {
  @ApiProperty({ description: 'the token from the survey link (the part after #token=)', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  token: string;
}

export class AnswerSurveyDto extends SurveyTokenDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: '1 = not useful at all … 5 = very useful' })
  @IsInt() @Min(1) @Max(5)
  score: number;

  @ApiPropertyOptional({ maxLength: 2000, description: 'free text; refused (422) if it holds a name, an identity code, a phone number, an address or an email' })
  @IsOptional() @Trim() @IsString() @MaxLength(2000)
  comment?: string;
}

export class SurveyScaleDto {
  @ApiProperty() score: number;
  @ApiProperty() label: string;
}

export class SurveyDto {
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty() question: string;
  @ApiProperty({ type: [SurveyScaleDto] }) scale: SurveyScaleDto[];
  @ApiProperty() comment: string;
  @ApiProperty() commentHint: string;
  @ApiProperty({ description: 'the link has been answered (a second answer is refused with 409)' }) answered: boolean;
}

export class SurveyAnsweredDto {
  @ApiProperty() thanks: string;
}
