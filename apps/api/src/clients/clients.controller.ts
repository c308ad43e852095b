import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateClientDto, ListClientsQuery, UpdateClientDto } from './client.dto';
import { ClientsService } from './clients.service';

@ApiTags('clients')
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly service: ClientsService,
    private readonly clock: Clock,
  ) {}

  @Post() @Can('client', 'create') create(@Body() dto: CreateClientDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.create(dto, staff.personId);
  }

  @Get() @Can('client', 'read') list(@Query() q: ListClientsQuery, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.list(q, staff.personId, this.clock.now());
  }

  @Get(':id') @Can('client', 'read') get(@Param('id', UuidPipe) id: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.getFor(id, staff);
  }

  @Patch(':id') @Can('client', 'update') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateClientDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.update(id, dto, staff);
  }
}
