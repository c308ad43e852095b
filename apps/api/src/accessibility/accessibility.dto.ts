import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { LOCALES, Locale } from '@kohtaamo/domain';
import { Trim } from '../common/dto.util';

/** A problem with the service's accessibility, from anyone (Act 306/2019 § 15). */
export class AccessibilityFeedbackDto {
  @ApiProperty({ minLength: 10, maxLength: 4000, description: 'what did not work, and where', example: 'Ruudunlukija ei lue muistion tallennustilaa.' })
  @Trim() @IsString() @IsNotEmpty() @MinLength(10) @MaxLength(4000)
  description: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'the address (path) of the page where it happened', example: '/meetings/…/minutes' })
  @IsOptional() @Trim() @IsString() @MaxLength(500)
  page?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'who to answer (optional)' })
  @IsOptional() @Trim() @IsString() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 320, format: 'email', description: 'where to answer (optional; without it the feedback cannot be answered)' })
  @IsOptional() @Trim() @IsEmail() @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ enum: LOCALES, description: 'the language to answer in (default fi)' })
  @IsOptional() @IsIn(LOCALES)
  language?: Locale;
}

export class AccessibilityFeedbackReceivedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date', description: 'the answer is due by this Helsinki date (14 days, Act 306/2019 § 15); only when an address was given' , nullable: true, type: String })
  answerBy: string | null;
}

/** Where accessibility feedback goes and how fast it is answered (shown in the statement). */
export class AccessibilityContactDto {
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty({ description: 'days within which feedback is answered (Act 306/2019 § 15)' }) answerWithinDays: number;
}
