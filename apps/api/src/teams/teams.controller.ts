import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { UuidPipe } from '../common/uuid.pipe';
import { AddMemberDto, CreateResponsiblePairDto, CreateTeamDto, ListTeamsQuery, UpdateMemberDto, UpdateTeamDto } from './team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly service: TeamsService) {}

  @Post() @Can('team', 'create') create(@Body() dto: CreateTeamDto) {
    return this.service.create(dto);
  }

  @Get() @Can('team', 'read') list(@Query() q: ListTeamsQuery) {
    return this.service.list(q);
  }

  @Get(':id') @Can('team', 'read') get(@Param('id', UuidPipe) id: string) {
    return this.service.detail(id);
  }

  @Patch(':id') @Can('team', 'update') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateTeamDto) {
    return this.service.update(id, dto);
  }

  @Post(':id/members') @Can('team_member', 'create') addMember(@Param('id', UuidPipe) id: string, @Body() dto: AddMemberDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.addMember(id, dto, staff);
  }

  @Patch(':id/members/:memberId') @Can('team_member', 'update') updateMember(
    @Param('id', UuidPipe) id: string,
    @Param('memberId', UuidPipe) memberId: string,
    @Body() dto: UpdateMemberDto,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.service.updateMember(id, memberId, dto, staff);
  }

  @Delete(':id/members/:memberId') @HttpCode(204) @Can('team_member', 'delete') removeMember(@Param('id', UuidPipe) id: string, @Param('memberId', UuidPipe) memberId: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.removeMember(id, memberId, staff);
  }

  @Get(':id/responsible-pairs') @Can('team', 'read') pairs(@Param('id', UuidPipe) id: string) {
    return this.service.listResponsiblePairs(id);
  }

  @Post(':id/responsible-pairs') @Can('responsible_pair', 'create') addPair(@Param('id', UuidPipe) id: string, @Body() dto: CreateResponsiblePairDto) {
    return this.service.addResponsiblePair(id, dto);
  }
}
