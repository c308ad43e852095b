import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { UuidPipe } from '../common/uuid.pipe';
import { CreatePersonDto, ListPersonsQuery, UpdatePersonDto } from './person.dto';
import { PersonsService } from './persons.service';

@ApiTags('persons')
@Controller('persons')
export class PersonsController {
  constructor(private readonly service: PersonsService) {}

  @Post() @Can('person', 'create') create(@Body() dto: CreatePersonDto) {
    return this.service.create(dto);
  }

  @Get() @Can('person', 'read') list(@Query() q: ListPersonsQuery) {
    return this.service.list(q);
  }

  @Get(':id') @Can('person', 'read') get(@Param('id', UuidPipe) id: string) {
    return this.service.get(id);
  }

  @Patch(':id') @Can('person', 'update') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdatePersonDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.update(id, dto, staff);
  }
}
