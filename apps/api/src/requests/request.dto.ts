import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import {
  AGE_BANDS,
  AgeBand,
  CLIENT_GROUPS,
  ClientGroup,
  MEETING_MODES,
  MeetingMode,
  REQUEST_ACTIONS,
  REQUEST_STATUSES,
  RequestAction,
  RequestStatus,
  URGENCIES,
  Urgency,
} from '@kohtaamo/domain';
import { PageQuery } from '../common/pagination.dto';
import { QueryBoolean, Trim } from '../common/dto.util';

/** The free-text fields of a request: checked for identifiers when the request is anonymous. */
export const REQUEST_FREE_TEXT_FIELDS = ['question', 'triedSoFar', 'situation'] as const;

/** The requester is always the signed-in professional (never a body field). */
export class CreateRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: "the client's own worker (omatyöntekijä), if named" })
  @IsOptional() @IsUUID()
  ownWorkerId?: string;

  @ApiProperty({ format: 'uuid', description: 'the consultation team asked' })
  @IsUUID()
  teamId: string;

  @ApiProperty({ enum: CLIENT_GROUPS })
  @IsIn(CLIENT_GROUPS)
  clientGroup: ClientGroup;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency: Urgency;

  @ApiProperty({ maxLength: 4000, example: 'Miten tukea 5-vuotiaan unihäiriöitä, kun vanhemmat ovat eroamassa?' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(4000)
  question: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'what has been tried so far' })
  @IsOptional() @Trim() @IsString() @MaxLength(4000)
  triedSoFar?: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'the situation in words, without identifiers when anonymous' })
  @IsOptional() @Trim() @IsString() @MaxLength(4000)
  situation?: string;

  @ApiPropertyOptional({ enum: AGE_BANDS })
  @IsOptional() @IsIn(AGE_BANDS)
  ageBand?: AgeBand;

  @ApiProperty({ enum: MEETING_MODES })
  @IsIn(MEETING_MODES)
  preferredMode: MeetingMode;

  @ApiPropertyOptional({ default: false })
  @IsOptional() @IsBoolean()
  familyAttends?: boolean;

  @ApiProperty({ description: 'consult without identifying the client: no client, no consent, no identifiers in the text' })
  @IsBoolean()
  anonymous: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'required when not anonymous; forbidden when anonymous' })
  @ValidateIf((o: CreateRequestDto) => o.anonymous === false || o.clientId !== undefined)
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "the client's consent; required when not anonymous" })
  @ValidateIf((o: CreateRequestDto) => o.anonymous === false || o.consentId !== undefined)
  @IsUUID()
  consentId?: string;
}

/** Content that the requester can still edit before the request is accepted. */
export class UpdateRequestDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() ownWorkerId?: string;
  @ApiPropertyOptional({ enum: CLIENT_GROUPS }) @IsOptional() @IsIn(CLIENT_GROUPS) clientGroup?: ClientGroup;
  @ApiPropertyOptional({ enum: URGENCIES }) @IsOptional() @IsIn(URGENCIES) urgency?: Urgency;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(4000) question?: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @Trim() @IsString() @MaxLength(4000) triedSoFar?: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @Trim() @IsString() @MaxLength(4000) situation?: string;
  @ApiPropertyOptional({ enum: AGE_BANDS }) @IsOptional() @IsIn(AGE_BANDS) ageBand?: AgeBand;
  @ApiPropertyOptional({ enum: MEETING_MODES }) @IsOptional() @IsIn(MEETING_MODES) preferredMode?: MeetingMode;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() familyAttends?: boolean;
}

export class TransitionDto {
  @ApiProperty({ enum: REQUEST_ACTIONS })
  @IsIn(REQUEST_ACTIONS)
  action: RequestAction;

  @ApiPropertyOptional({ maxLength: 2000, description: 'required to decline or to ask for more information' })
  @IsOptional() @Trim() @IsString() @MaxLength(2000)
  reason?: string;
}

export class ListRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only open ones (submitted, more information asked, accepted, scheduled); false: only the rest' })
  @IsOptional() @QueryBoolean() @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ maxLength: 100, description: 'words of the question (case-insensitive, anywhere in it); only among the requests you may read' })
  @IsOptional() @Trim() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() teamId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() requesterId?: string;
  @ApiPropertyOptional({ enum: REQUEST_STATUSES }) @IsOptional() @IsIn(REQUEST_STATUSES) status?: RequestStatus;
  @ApiPropertyOptional({ enum: URGENCIES }) @IsOptional() @IsIn(URGENCIES) urgency?: Urgency;
  @ApiPropertyOptional({ enum: CLIENT_GROUPS }) @IsOptional() @IsIn(CLIENT_GROUPS) clientGroup?: ClientGroup;
  @ApiPropertyOptional() @IsOptional() @QueryBoolean() @IsBoolean() anonymous?: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() @MaxLength(40) submittedFrom?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() @MaxLength(40) submittedTo?: string;
  @ApiPropertyOptional({ enum: ['submitted_at', 'urgency'], default: 'submitted_at' })
  @IsOptional() @IsIn(['submitted_at', 'urgency']) @Type(() => String)
  sort?: 'submitted_at' | 'urgency';
}
