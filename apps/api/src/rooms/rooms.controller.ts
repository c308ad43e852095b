import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can } from '../auth/decorators';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateRoomDto, ListRoomsQuery } from './room.dto';
import { RoomsService } from './rooms.service';

@ApiTags('rooms')
@Controller('rooms')
export class RoomsController {
  constructor(private readonly service: RoomsService) {}

  @Post() @Can('room', 'create') create(@Body() dto: CreateRoomDto) {
    return this.service.create(dto);
  }

  @Get() @Can('room', 'read') list(@Query() q: ListRoomsQuery) {
    return this.service.list(q);
  }

  @Get(':id') @Can('room', 'read') get(@Param('id', UuidPipe) id: string) {
    return this.service.get(id);
  }
}
