import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsDateString, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { TEAM_KINDS, TEAM_MEMBER_ROLES, TeamKind, TeamMemberRole } from '@kohtaamo/domain';
import { PageQuery } from '../common/pagination.dto';
import { Trim } from '../common/dto.util';

export class CreateTeamDto {
  @ApiProperty({ enum: TEAM_KINDS })
  @IsIn(TEAM_KINDS)
  kind: TeamKind;

  @ApiProperty({ maxLength: 200, example: 'Lasten ja nuorten konsultaatioryhmä (LaNu)' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiProperty({ maxLength: 200, example: 'Seinäjoen perhekeskus' })
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200)
  unit: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @Trim() @IsString() @MaxLength(2000)
  description?: string;
}

export class UpdateTeamDto extends PartialType(CreateTeamDto) {}

export class ListTeamsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TEAM_KINDS })
  @IsOptional() @IsIn(TEAM_KINDS)
  kind?: TeamKind;
}

export class AddMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiPropertyOptional({ enum: TEAM_MEMBER_ROLES, default: 'member' })
  @IsOptional() @IsIn(TEAM_MEMBER_ROLES)
  role?: TeamMemberRole;
}

export class UpdateMemberDto {
  @ApiProperty({ enum: TEAM_MEMBER_ROLES })
  @IsIn(TEAM_MEMBER_ROLES)
  role: TeamMemberRole;
}

export class CreateResponsiblePairDto {
  @ApiProperty({ format: 'uuid', description: 'the responsible physician (vastuulääkäri)' })
  @IsUUID()
  physicianId: string;

  @ApiProperty({ format: 'uuid', description: 'the nurse of the pair' })
  @IsUUID()
  nurseId: string;

  @ApiProperty({ format: 'date', example: '2026-01-01' })
  @IsDateString({ strict: true }) @MaxLength(10)
  validFrom: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-31' })
  @IsOptional() @IsDateString({ strict: true }) @MaxLength(10)
  validTo?: string;
}
