import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { REQUEST_STATUSES, URGENCIES } from '@kohtaamo/domain';
import type { RequestStatus, Urgency } from '@kohtaamo/domain';
import { Trim } from '../common/dto.util';
import { BookRequestDto } from './scheduling.dto';

/**
 * Accept a request. By default it is booked at once into the first free slot of the team's next session
 * (or of the session given by `meetingId`, or of the occurrence `seriesId` + `occurrenceKey`; `slotIndex`
 * picks the slot); `schedule: "later"` only accepts it, to be booked from the inbox later.
 */
export class AcceptRequestDto extends BookRequestDto {
  @ApiPropertyOptional({ enum: ['first_free', 'later'], default: 'first_free', description: '`later`: accept without booking a slot now' })
  @IsOptional() @IsIn(['first_free', 'later'])
  schedule?: 'first_free' | 'later';
}

export class RequestInfoDto {
  @ApiProperty({ maxLength: 2000, example: 'Kertoisitko painokäyrän ja syöttötiheyden?', description: 'the question back to the requester (shown to her on Home; quoted in her email only for an anonymous request)' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(2000)
  message: string;
}

export class DeclineRequestDto {
  @ApiProperty({ maxLength: 2000, example: 'Kuuluu lasten ja nuorten ryhmälle; ohjattu LaNu-ryhmään.', description: 'why, in words the requester reads' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(2000)
  reason: string;
}

export class TriagedRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ nullable: true, type: String, description: "the team's question back or reason" }) statusReason: string | null;
  @ApiProperty({ enum: URGENCIES }) urgency: Urgency;
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clientId: string | null;
  @ApiProperty({ format: 'date-time' }) submittedAt: Date;
  @ApiProperty({ format: 'date-time' }) statusChangedAt: Date;
}

export class BookedSlotDto {
  @ApiProperty({ format: 'uuid', description: 'the session (a meeting of kind team_session)' }) meetingId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) agendaItemId: string;
  @ApiProperty({ description: '0 = the first slot of the session' }) slotIndex: number;
  @ApiProperty({ format: 'date-time', description: "the case's slot" }) startsAt: Date;
  @ApiProperty({ format: 'date-time' }) endsAt: Date;
  @ApiProperty({ format: 'date-time', description: 'the whole session' }) sessionStartsAt: Date;
  @ApiProperty({ format: 'date-time' }) sessionEndsAt: Date;
}

export class NoticeDto {
  @ApiProperty({ example: 'tri.6f1c…​.42', description: 'the message\'s idempotency key (notification_delivery.key)' }) key: string;
  @ApiProperty({ enum: ['queued', 'sending', 'retrying', 'sent', 'failed', 'no_address', 'superseded'], description: 'the email to the requester, at the time of the answer' })
  status: string;
}

export class TriageResultDto {
  @ApiProperty({ type: TriagedRequestDto }) request: TriagedRequestDto;
  @ApiProperty({ type: BookedSlotDto, nullable: true, description: 'the slot it was booked into (accept only)' }) booking: BookedSlotDto | null;
  @ApiProperty({ type: NoticeDto, nullable: true, description: 'the email that tells the requester' }) notice: NoticeDto | null;
}
