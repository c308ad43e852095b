import { IsEmpty, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { MediaJson, MediaKind, MediaSource } from '@kohtaamo/protocol';

/** mediasoup ids are UUIDs; participant ids come from the API. Both are bounded, printable and short. */
const ID = /^[A-Za-z0-9._:-]+$/;
const ID_MESSAGE = '$property must be an id (letters, digits, . _ : -)';

export class JoinDto {
  @IsString()
  @Length(16, 8192)
  token!: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(ID, { message: ID_MESSAGE })
  meetingId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: '$property must not be blank' })
  displayName?: string;
}

export class CapabilitiesDto {
  @IsObject()
  rtpCapabilities!: MediaJson;
}

export class CreateTransportDto {
  @IsIn(['send', 'recv'])
  direction!: 'send' | 'recv';
}

export class TransportIdDto {
  @IsString()
  @Length(1, 100)
  @Matches(ID, { message: ID_MESSAGE })
  transportId!: string;
}

export class ConnectTransportDto extends TransportIdDto {
  @IsObject()
  dtlsParameters!: MediaJson;
}

export class ProduceDto extends TransportIdDto {
  @IsIn(['audio', 'video'])
  kind!: MediaKind;

  @IsObject()
  rtpParameters!: MediaJson;

  @IsIn(['mic', 'camera', 'screen'])
  source!: MediaSource;
}

export class ProducerIdDto {
  @IsString()
  @Length(1, 100)
  @Matches(ID, { message: ID_MESSAGE })
  producerId!: string;
}

export class ConsumerIdDto {
  @IsString()
  @Length(1, 100)
  @Matches(ID, { message: ID_MESSAGE })
  consumerId!: string;
}

export class TileSizeDto extends ConsumerIdDto {
  @IsInt()
  @Min(0)
  @Max(16384)
  width!: number;

  @IsInt()
  @Min(0)
  @Max(16384)
  height!: number;
}

export class ParticipantDto {
  @IsString()
  @Length(1, 200)
  @Matches(ID, { message: ID_MESSAGE })
  participantId!: string;
}

export class RoomCountDto {
  @IsInt()
  @Min(1)
  @Max(500)
  count!: number;
}

/** requests without a payload (`{}` or nothing); any property is refused */
export class EmptyDto {
  // class-validator only recognises a class with at least one decorated property (forbidUnknownValues).
  @IsOptional()
  @IsEmpty()
  readonly _?: undefined;
}
