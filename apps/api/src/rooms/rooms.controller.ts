import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateRoomDto, ListRoomsQuery } from './room.dto';
import { RoomsService } from './rooms.service';

@ApiTags('rooms')
@Controller('rooms')
export class RoomsController {
  constructor(private readonly service: RoomsService) {}

  @Post() create(@Body() dto: CreateRoomDto) {
    return this.service.create(dto);
  }

  @Get() list(@Query() q: ListRoomsQuery) {
    return this.service.list(q);
  }

  @Get(':id') get(@Param('id', UuidPipe) id: string) {
    return this.service.get(id);
  }
}
