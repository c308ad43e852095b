import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { UuidPipe } from '../common/uuid.pipe';
import { AddMemberDto, CreateResponsiblePairDto, CreateTeamDto, ListTeamsQuery, UpdateMemberDto, UpdateTeamDto } from './team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly service: TeamsService) {}

  @Post() create(@Body() dto: CreateTeamDto) {
    return this.service.create(dto);
  }

  @Get() list(@Query() q: ListTeamsQuery) {
    return this.service.list(q);
  }

  @Get(':id') get(@Param('id', UuidPipe) id: string) {
    return this.service.detail(id);
  }

  @Patch(':id') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateTeamDto) {
    return this.service.update(id, dto);
  }

  @Post(':id/members') addMember(@Param('id', UuidPipe) id: string, @Body() dto: AddMemberDto) {
    return this.service.addMember(id, dto);
  }

  @Patch(':id/members/:memberId') updateMember(
    @Param('id', UuidPipe) id: string,
    @Param('memberId', UuidPipe) memberId: string,
    @Body() dto: UpdateMemberDto,
  ) {
    return this.service.updateMember(id, memberId, dto);
  }

  @Delete(':id/members/:memberId') @HttpCode(204) removeMember(@Param('id', UuidPipe) id: string, @Param('memberId', UuidPipe) memberId: string) {
    return this.service.removeMember(id, memberId);
  }

  @Get(':id/responsible-pairs') pairs(@Param('id', UuidPipe) id: string) {
    return this.service.listResponsiblePairs(id);
  }

  @Post(':id/responsible-pairs') addPair(@Param('id', UuidPipe) id: string, @Body() dto: CreateResponsiblePairDto) {
    return this.service.addResponsiblePair(id, dto);
  }
}
