import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can, CurrentStaff } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateConsentDto, ListConsentsQuery, WithdrawConsentDto } from './consent.dto';
import { ConsentsService } from './consents.service';

@ApiTags('consents')
@Controller()
export class ConsentsController {
  constructor(private readonly service: ConsentsService) {}

  @Post('clients/:clientId/consents') @Can('consent', 'create') create(@Param('clientId', UuidPipe) clientId: string, @Body() dto: CreateConsentDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.create(clientId, dto, staff);
  }

  @Get('clients/:clientId/consents') @Can('consent', 'read') list(@Param('clientId', UuidPipe) clientId: string, @Query() q: ListConsentsQuery, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.listForClient(clientId, q, staff);
  }

  @Get('consents/:id') @Can('consent', 'read') get(@Param('id', UuidPipe) id: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.getFor(id, staff);
  }

  @Post('consents/:id/withdraw') @HttpCode(200) @Can('consent', 'update') withdraw(@Param('id', UuidPipe) id: string, @Body() dto: WithdrawConsentDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.service.withdraw(id, dto, staff);
  }
}
