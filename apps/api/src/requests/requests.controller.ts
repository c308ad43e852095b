import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateRequestDto, ListRequestsQuery, TransitionDto, UpdateRequestDto } from './request.dto';
import { RequestsService } from './requests.service';

@ApiTags('consultation requests')
@Controller('requests')
export class RequestsController {
  constructor(private readonly service: RequestsService) {}

  @Post() create(@Body() dto: CreateRequestDto) {
    return this.service.create(dto);
  }

  @Get() list(@Query() q: ListRequestsQuery) {
    return this.service.list(q);
  }

  @Get(':id') get(@Param('id', UuidPipe) id: string) {
    return this.service.detail(id);
  }

  @Patch(':id') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateRequestDto) {
    return this.service.update(id, dto);
  }

  @Post(':id/transitions') @HttpCode(200) transition(@Param('id', UuidPipe) id: string, @Body() dto: TransitionDto) {
    return this.service.transition(id, dto);
  }
}
