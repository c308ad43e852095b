import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateConsentDto, ListConsentsQuery, WithdrawConsentDto } from './consent.dto';
import { ConsentsService } from './consents.service';

@ApiTags('consents')
@Controller()
export class ConsentsController {
  constructor(private readonly service: ConsentsService) {}

  @Post('clients/:clientId/consents') create(@Param('clientId', UuidPipe) clientId: string, @Body() dto: CreateConsentDto) {
    return this.service.create(clientId, dto);
  }

  @Get('clients/:clientId/consents') list(@Param('clientId', UuidPipe) clientId: string, @Query() q: ListConsentsQuery) {
    return this.service.listForClient(clientId, q);
  }

  @Get('consents/:id') get(@Param('id', UuidPipe) id: string) {
    return this.service.get(id);
  }

  @Post('consents/:id/withdraw') @HttpCode(200) withdraw(@Param('id', UuidPipe) id: string, @Body() dto: WithdrawConsentDto) {
    return this.service.withdraw(id, dto);
  }
}
