import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateClientDto, ListClientsQuery, UpdateClientDto } from './client.dto';
import { ClientsService } from './clients.service';

@ApiTags('clients')
@Controller('clients')
export class ClientsController {
  constructor(private readonly service: ClientsService) {}

  @Post() create(@Body() dto: CreateClientDto) {
    return this.service.create(dto);
  }

  @Get() list(@Query() q: ListClientsQuery) {
    return this.service.list(q);
  }

  @Get(':id') get(@Param('id', UuidPipe) id: string) {
    return this.service.get(id);
  }

  @Patch(':id') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateClientDto) {
    return this.service.update(id, dto);
  }
}
