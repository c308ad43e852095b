import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../common/pagination.dto';
import { DELIVERY_STATUSES, DeliveryStatus, MESSAGE_KINDS, MessageKind } from './notification-delivery.entity';

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() participantId?: string;
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: DeliveryStatus;
  @ApiPropertyOptional({ enum: MESSAGE_KINDS }) @IsOptional() @IsIn(MESSAGE_KINDS) kind?: MessageKind;
}

export class ReminderOffsetsDto {
  @ApiPropertyOptional({
    type: [Number],
    nullable: true,
    example: [1440, 60],
    description: 'minutes before a meeting at which participants are reminded; [] for none; null for the service default (REMINDER_OFFSETS)',
  })
  @ValidateIf((o: ReminderOffsetsDto) => o.offsetsMinutes !== null)
  @IsArray() @ArrayMaxSize(10) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(40320, { each: true })
  offsetsMinutes: number[] | null;
}
